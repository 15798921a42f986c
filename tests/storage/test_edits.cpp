// update_review: the lifecycle's rules, locked reports, audit rows, summary
// columns, nothing written on failure, attachments and their size limit.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

namespace {

fw::Date d(const char* s) { return *fw::Date::parse(s); }

struct Snapshot {
    std::string review;
    size_t audit_rows;
    std::string updated_at;
};

Snapshot snapshot(Database& db, std::int64_t id) {
    return {fw::write_review(db.load_review(id)), db.audit(id).size(), db.review_row(id).updated_at};
}

void unchanged(Database& db, std::int64_t id, const Snapshot& s) {
    CHECK(fw::write_review(db.load_review(id)) == s.review);
    CHECK(db.audit(id).size() == s.audit_rows);
    CHECK(db.review_row(id).updated_at == s.updated_at);
}

const fw::storage::AuditEntry* find(const std::vector<fw::storage::AuditEntry>& log, const std::string& what,
                                    size_t from = 0) {
    for (size_t i = from; i < log.size(); ++i)
        if (log[i].what == what) return &log[i];
    return nullptr;
}

}  // namespace

TEST_CASE("edits: a change that throws writes nothing") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto id = db.import_review(st::scoring_example(), st::catalog());
    auto before = snapshot(db, id);
    CHECK_THROWS_AS(db.update_review(
                        id,
                        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
                            fw::set_consensus_score(r, s, "staffing.1", 2, {});  // applied in memory...
                            throw fw::RuleError("...then refused");
                        },
                        st::catalog()),
                    fw::RuleError);
    unchanged(db, id, before);
    // A lifecycle refusal: independent scores need a listed reviewer.
    CHECK_THROWS_AS(db.update_review(
                        id,
                        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
                            fw::set_reviewer_score(r, s, "staffing.1", "Nobody", 3);
                        },
                        st::catalog()),
                    fw::RuleError);
    // The review's own rules, even when the change went around the lifecycle.
    CHECK_THROWS_AS(db.update_review(id, [](fw::Review& r) { r.ratings[0].item = "staffing.9"; }, st::catalog()),
                    fw::RuleError);
    CHECK_THROWS_AS(db.update_review(id, [](fw::Review& r) { r.ratings[1].item = r.ratings[0].item; }, st::catalog()),
                    fw::RuleError);
    unchanged(db, id, before);
    CHECK_THROWS_AS(db.load_review(id + 100), fw::storage::NotFound);
    CHECK_THROWS_AS(db.update_review(id + 100, [](fw::Review&) {}, st::catalog()), fw::storage::NotFound);
}

TEST_CASE("edits: a change that changes nothing writes nothing") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto id = db.import_review(st::scoring_example(), st::catalog());
    auto before = snapshot(db, id);
    db.update_review(id, [](fw::Review&) {}, st::catalog());
    db.update_review(
        id, [](fw::Review& r, const fw::Scale& s, const fw::Policy&) { fw::set_consensus_score(r, s, "staffing.1", 5, {}); },
        st::catalog());
    unchanged(db, id, before);
}

TEST_CASE("edits: the whole lifecycle, audited: scores, stages, contests, final, amendments") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Ana Ruiz");
    auto& cat = st::catalog();
    auto id = db.import_review(st::scoring_example(), cat);
    auto log0 = db.audit(id);
    REQUIRE(log0.size() == 1);
    CHECK(log0[0].what == "review imported");

    db.update_review(
        id,
        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
            fw::set_consensus_score(r, s, "staffing.2", 3, {});
            fw::set_reviewer_score(r, s, "staffing.2", "Ben Okafor", 3);
        },
        cat);
    auto log = db.audit(id);
    auto* e = find(log, "score staffing.2");
    REQUIRE(e);
    CHECK(e->old_value == "4");
    CHECK(e->new_value == "3");
    CHECK(e->actor == "Ana Ruiz");
    CHECK(e->review_id == id);
    CHECK(e->at.size() == 24);
    CHECK(e->at.back() == 'Z');
    auto* by = find(log, "score staffing.2 by Ben Okafor");
    REQUIRE(by);
    CHECK(by->old_value == "4");
    CHECK(by->new_value == "3");
    auto* total = find(log, "total");
    REQUIRE(total);
    CHECK(total->old_value == "97");
    CHECK(total->new_value == "96");

    // Draft: stage changes; scores are now amendments.
    db.update_review(id, [](fw::Review& r, const fw::Scale& s, const fw::Policy&) { fw::issue_draft(r, s, d("2026-03-20")); }, cat);
    log = db.audit(id);
    auto* stage = find(log, "stage");
    REQUIRE(stage);
    CHECK(stage->old_value == "scoring");
    CHECK(stage->new_value == "draft_issued");
    CHECK(db.review_row(id).stage == fw::Stage::draft_issued);
    CHECK_THROWS_AS(db.update_review(
                        id,
                        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
                            fw::set_reviewer_score(r, s, "staffing.1", "Ana Ruiz", 1);
                        },
                        cat),
                    fw::RuleError);

    // A contest, decided; then the final report.
    size_t before_contest = db.audit(id).size();
    db.update_review(
        id,
        [](fw::Review& r, const fw::Scale& s, const fw::Policy& p) {
            fw::Contest c;
            c.item = "organization.3";
            c.submitted = d("2026-03-27");
            c.documentation = "Sign-in sheets";
            c.requested_score = 4;
            c.attachments.push_back({"sheets.pdf", "application/pdf", std::string("%PDF\0binary", 11)});
            fw::submit_contest(r, s, p, c);
        },
        cat);
    log = db.audit(id);
    auto* contest = find(log, "contest organization.3", before_contest);
    REQUIRE(contest);
    CHECK_FALSE(contest->old_value);
    CHECK(contest->new_value == "pending (requested 4)");
    REQUIRE(find(log, "stage", before_contest));
    CHECK(find(log, "stage", before_contest)->new_value == "contest_period");
    CHECK(db.load_review(id).contests[0].attachments[0].data == std::string("%PDF\0binary", 11));

    db.update_review(
        id,
        [](fw::Review& r, const fw::Scale&, const fw::Policy& p) { fw::decide_contest(r, p, "organization.3", fw::Decision::upheld, 4, d("2026-04-10"), "Monthly meetings shown"); },
        cat);
    size_t before_final = db.audit(id).size();
    db.update_review(id, [](fw::Review& r) { fw::issue_final(r, d("2026-04-17")); }, cat);
    log = db.audit(id);
    REQUIRE(find(log, "stage", before_final));
    CHECK(find(log, "stage", before_final)->new_value == "final");
    REQUIRE(find(log, "final report date", before_final));
    CHECK(find(log, "final report date", before_final)->new_value == "2026-04-17");
    auto row = db.review_row(id);
    CHECK(row.stage == fw::Stage::final);
    REQUIRE(row.next_review_latest);

    // Locked: a score change without a reason is refused and nothing is written.
    auto locked = snapshot(db, id);
    CHECK_THROWS_AS(db.update_review(
                        id,
                        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
                            fw::set_consensus_score(r, s, "services.2", 4, {"Ana Ruiz", d("2026-05-01"), ""});
                        },
                        cat),
                    fw::RuleError);
    unchanged(db, id, locked);
    // ... also when the change goes around the lifecycle.
    for (auto bypass : std::vector<std::function<void(fw::Review&)>>{
             [](fw::Review& r) { r.rating("services.2")->score = 4; },
             [](fw::Review& r) { r.rating("services.2")->evidence = "rewritten"; },
             [](fw::Review& r) { r.review.final_report_date.reset(); },
             [](fw::Review& r) { r.review.final_report_date = d("2026-04-09"); },  // before the decision
             [](fw::Review& r) { r.review.draft_report_date.reset(); },
             [](fw::Review& r) { r.contests[0].decided_score = 5; },
             [](fw::Review& r) { r.contests[0].attachments.clear(); },
             [](fw::Review& r) { r.ratings[0].by.clear(); },
             [](fw::Review& r) { r.program.team = "Renamed"; },
             [](fw::Review& r) { r.scale_id = "other"; },
             [](fw::Review& r) {
                 r.rating("services.2")->score = 4;
                 r.amendments.push_back({d("2026-05-01"), "services.2", 3, 4, "  ", "Ana Ruiz", {}});
             },
         }) {
        CHECK_THROWS_AS(db.update_review(id, bypass, cat), fw::RuleError);
        unchanged(db, id, locked);
    }

    // With a reason it is an amendment, and the audit shows it.
    auto saved = db.update_review(
        id,
        [](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
            fw::set_consensus_score(r, s, "services.2", 4, {"Ana Ruiz", d("2026-05-01"), "Worksheet found after the visit"});
        },
        cat);
    REQUIRE(saved.amendments.size() == 1);
    log = db.audit(id);
    auto* amended = find(log, "score services.2", locked.audit_rows);
    REQUIRE(amended);
    CHECK(amended->old_value == "3");
    CHECK(amended->new_value == "4");
    CHECK(amended->reason == "Worksheet found after the visit");
    CHECK(db.load_review(id).amendments.size() == 1);
    // Recorded amendments stay as they are.
    CHECK_THROWS_AS(db.update_review(id, [](fw::Review& r) { r.amendments.clear(); }, cat), fw::RuleError);
    CHECK_THROWS_AS(db.update_review(id, [](fw::Review& r) { r.amendments[0].reason = "other"; }, cat), fw::RuleError);
    // Text after final: an amendment too.
    std::string text = "Corrected evidence";
    db.update_review(
        id,
        [&](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
            fw::set_item_text(r, s, "services.2", &text, nullptr, {"Ana Ruiz", d("2026-05-02"), "Typo"});
        },
        cat);
    log = db.audit(id);
    CHECK(log.back().what == "evidence services.2");
    CHECK(log.back().reason == "Typo");
    CHECK(log.back().new_value == text);
    // The action plan is worked on after the final report.
    db.update_review(
        id,
        [](fw::Review& r) {
            fw::ActionPlanRow row;
            row.item = "services.2";
            row.goal = "Disclosure worksheet in every record";
            r.action_plan.push_back(row);
        },
        cat);
    CHECK(db.load_review(id).action_plan.size() == 1);
}

TEST_CASE("edits: the stored summary is fw::summarize's") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    for (const fw::Review& r : {st::example(), st::scoring_example()}) {
        auto id = db.import_review(r, cat);
        fw::Summary s = fw::summarize(r, cat.scale(r.scale_id), cat.policy(r.policy_id));
        auto row = db.review_row(id);
        CHECK(row.stage == s.stage);
        CHECK(row.total == s.total);
        CHECK(row.draft_total == s.draft_total);
        CHECK(row.tier == (s.tier ? s.tier->id : ""));
        CHECK(row.next_review_earliest == (s.next_review ? std::optional(s.next_review->earliest) : std::nullopt));
        CHECK(row.next_review_latest == (s.next_review ? std::optional(s.next_review->latest) : std::nullopt));
        CHECK(row.agency == r.program.agency);
        CHECK(row.visit_start == r.review.visit_start);
    }
    // Incomplete: no total, no tier.
    auto id = db.import_review(st::scoring_example(), cat);
    db.update_review(id, [](fw::Review& r) { r.ratings.pop_back(); }, cat);
    auto row = db.review_row(id);
    CHECK_FALSE(row.total);
    CHECK(row.tier.empty());
}

TEST_CASE("edits: in_one_transaction stores all of it or none") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    auto id = db.import_review(st::scoring_example(), cat);
    auto before = snapshot(db, id);
    CHECK_THROWS_AS(db.in_one_transaction([&] {
        db.update_review(id, [](fw::Review& r) { r.extra["a"] = 1; }, cat);
        db.import_review(st::example(), cat);
        db.update_review(id, [](fw::Review& r) { r.extra["b"] = 1; }, cat);
        throw fw::RuleError("stop");
    }),
                    fw::RuleError);
    unchanged(db, id, before);
    CHECK(db.reviews().size() == 1);
    // A failing step inside is undone alone when the caller goes on.
    db.in_one_transaction([&] {
        db.update_review(id, [](fw::Review& r) { r.extra["a"] = 1; }, cat);
        CHECK_THROWS(db.update_review(id, [](fw::Review& r) { r.scale_id = "x"; }, cat));
        db.update_review(id, [](fw::Review& r) { r.extra["b"] = 2; }, cat);
    });
    auto r = db.load_review(id);
    CHECK(r.extra["a"] == 1);
    CHECK(r.extra["b"] == 2);
}

TEST_CASE("edits: attachments are limited in size, with a message naming the file and the limit") {
    st::TempDir dir;
    auto db = Database::open(st::db_location(dir), "Tester");
    auto& cat = st::catalog();
    fw::Review r = st::example();
    r.contests[0].attachments.push_back({"exact.pdf", "application/pdf", std::string(fw::kMaxAttachmentBytes, 'x')});
    auto id = db.import_review(r, cat);
    CHECK(db.load_review(id).contests[0].attachments[0].data.size() == fw::kMaxAttachmentBytes);

    r.contests[0].attachments.push_back({"scan.pdf", "application/pdf", std::string(fw::kMaxAttachmentBytes + 1, 'y')});
    try {
        db.import_review(r, cat);
        FAIL("stored");
    } catch (const fw::RuleError& e) {
        std::string m = e.what();
        CHECK(m.find("scan.pdf") != std::string::npos);
        CHECK(m.find("organization.3") != std::string::npos);
        CHECK(m.find("20.0 MiB") != std::string::npos);
    }
    CHECK(db.reviews().size() == 1);

    // Reading a file to attach.
    st::write_bytes(dir.file("small.pdf"), "%PDF-1.4 small");
    auto a = fw::storage::read_attachment(dir.file("small.pdf"));
    CHECK(a.name == "small.pdf");
    CHECK(a.media_type == "application/pdf");
    CHECK(a.data == "%PDF-1.4 small");
    st::write_bytes(dir.file("big.tif"), std::string(fw::kMaxAttachmentBytes + 1, 'z'));
    try {
        fw::storage::read_attachment(dir.file("big.tif"));
        FAIL("read");
    } catch (const fw::InputError& e) {
        std::string m = e.what();
        CHECK(m.find(dir.file("big.tif")) != std::string::npos);
        CHECK(m.find("20 MiB") != std::string::npos);
    }
}

TEST_CASE("edits: a review keeps the scale it was stored with when scales/ changes or loses the file") {
    st::TempDir dir;
    namespace fs = std::filesystem;
    std::string data = dir.file("data");
    fs::copy(FIDELITY_BUILD_DATA_DIR, data, fs::copy_options::recursive);
    std::string scale_file = data + "/scales/ips-se-25.toml";
    std::string original_fp;
    std::int64_t id = 0;
    {
        fw::Catalog before(data);
        original_fp = before.scale("ips-se-25").fingerprint;
        auto db = Database::open(st::db_location(dir), "Tester");
        id = db.import_review(st::scoring_example(), before);
    }
    // The scale file is edited (a new fingerprint) ...
    st::write_bytes(scale_file, st::read_bytes(scale_file) + "\n# edited after the review was stored\n");
    fw::Catalog edited(data);
    REQUIRE(edited.scale("ips-se-25").fingerprint != original_fp);
    auto db = Database::open(st::db_location(dir), "Tester");
    CHECK(db.scale_of(id, edited).fingerprint == original_fp);
    CHECK(&db.scale_of(id, edited) != &edited.scale("ips-se-25"));
    // ... and then removed: the review is still readable and editable.
    fs::remove(scale_file);
    fw::Catalog gone(data);
    CHECK_THROWS_AS(gone.scale("ips-se-25"), fw::NotInCatalog);
    const fw::Scale& kept = db.scale_of(id, gone);
    CHECK(kept.fingerprint == original_fp);
    CHECK(kept.items.size() == 25);
    db.update_review(
        id, [](fw::Review& r, const fw::Scale& s, const fw::Policy&) { fw::set_consensus_score(r, s, "staffing.1", 2, {}); },
        gone);
    CHECK(db.load_review(id).consensus("staffing.1") == 2);
    CHECK(db.disagreements(id, gone).size() == fw::disagreements(st::scoring_example(), kept).size());
}
