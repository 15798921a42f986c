// An edit does not read the review's attachments again while nobody else has
// written the review; when another connection has, it reads them again.
#include <doctest/doctest.h>

#include "core/lifecycle.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {
fw::Review with_contest(const std::string& bytes) {
    fw::Review r = st::scoring_example();
    r.review.draft_report_date = r.review.visit_end;
    fw::Contest c;
    c.item = "organization.3";
    c.submitted = *r.review.draft_report_date;
    c.documentation = "Sign-in sheets";
    c.attachments.push_back({"sheets.pdf", "application/pdf", bytes});
    r.contests.push_back(c);
    return r;
}
}  // namespace

TEST_CASE("attachments: shared between edits here, read again after another connection's write") {
    st::TempDir dir;
    auto a = Database::open(st::db_location(dir), "Ana Ruiz");
    auto b = Database::open(st::db_location(dir), "Ben Okafor");
    std::int64_t id = a.import_review(with_contest(std::string(4096, 'a')), st::catalog(), "test");
    fw::Review first = a.load_review(id);
    fw::Review edited = a.update_review(id, [](fw::Review& r) { r.ratings[0].evidence = "one"; }, st::catalog());
    // The same bytes, not a copy: the edit did not read the file again.
    CHECK(edited.contests[0].attachments[0].data == first.contests[0].attachments[0].data);
    CHECK(&edited.contests[0].attachments[0].data.str() == &first.contests[0].attachments[0].data.str());

    // Another connection replaces the contest with a file of the same name and size.
    b.update_review(id, [](fw::Review& r) { fw::withdraw_contest(r, "organization.3"); }, st::catalog());
    b.update_review(id, [](fw::Review& r, const fw::Scale& scale, const fw::Policy& policy) {
        fw::Contest c;
        c.item = "organization.3";
        c.submitted = *r.review.draft_report_date;
        c.documentation = "Sign-in sheets, again";
        c.attachments.push_back({"sheets.pdf", "application/pdf", std::string(4096, 'b')});
        fw::submit_contest(r, scale, policy, c);
    }, st::catalog());
    fw::Review seen = a.update_review(id, [](fw::Review& r) { r.ratings[0].evidence = "two"; }, st::catalog());
    CHECK(seen.contests[0].attachments[0].data == std::string(4096, 'b'));
    CHECK(a.load_review(id).contests[0].attachments[0].data == std::string(4096, 'b'));
}
