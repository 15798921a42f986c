// Two people, one review: an edit made against an older revision keeps what
// was saved since when the two changed different things, and is refused,
// naming who changed what, when they changed the same thing. On both
// backends; the two-writer test runs two processes.
#include <doctest/doctest.h>

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"
#include "support.hpp"

using fw::storage::Database;

extern char** environ;

namespace {

Database::Change consensus(const std::string& item, int score) {
    return [item, score](fw::Review& r, const fw::Scale& s, const fw::Policy&) {
        fw::set_consensus_score(r, s, item, score, {});
    };
}

}  // namespace

TEST_CASE("two people: edits of different items both stand, whatever order they are saved in") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto ben = Database::open(st::db_location(dir), "Ben Okafor");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    auto seen_by_ana = ana.load(id);
    auto seen_by_ben = ben.load(id);
    CHECK(seen_by_ana.revision == seen_by_ben.revision);

    auto after_ben = ben.update_review(id, seen_by_ben, consensus("services.4", 1), st::catalog());
    CHECK(after_ben.revision == seen_by_ben.revision + 1);
    // Ana still shows the old review: her edit goes on top of Ben's.
    auto after_ana = ana.update_review(id, seen_by_ana, consensus("staffing.1", 2), st::catalog());
    CHECK(after_ana.revision == after_ben.revision + 1);
    fw::Review now = ana.load_review(id);
    CHECK(now.consensus("services.4") == 1);
    CHECK(now.consensus("staffing.1") == 2);
    CHECK(fw::write_review(after_ana.review) == fw::write_review(now));

    // The audit rows name the revision they produced.
    auto log = ana.audit(id);
    auto row = std::find_if(log.begin(), log.end(), [](const auto& e) { return e.what == "score services.4"; });
    REQUIRE(row != log.end());
    CHECK(row->revision == after_ben.revision);
    CHECK(row->actor == "Ben Okafor");
}

TEST_CASE("two people: an edit of what someone else changed since is refused, naming who") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto ben = Database::open(st::db_location(dir), "reviewer2");
    auto id = ana.import_review(st::scoring_example(), st::catalog());
    auto seen_by_ana = ana.load(id);
    auto seen_by_ben = ben.load(id);
    ben.update_review(id, seen_by_ben, consensus("services.4", 1), st::catalog());
    std::string before = fw::write_review(ana.load_review(id));
    auto audit_rows = ana.audit(id).size();

    std::string message;
    try {
        ana.update_review(id, seen_by_ana, consensus("services.4", 3), st::catalog());
    } catch (const fw::storage::EditConflict& e) {
        message = e.what();
    }
    INFO(message);
    CHECK(message.find("services.4 was changed by reviewer2") == 0);  // on a server, with the login role
    CHECK(message.find(" at ") != std::string::npos);
    CHECK(message.find("not saved") != std::string::npos);
    CHECK(fw::write_review(ana.load_review(id)) == before);
    CHECK(ana.audit(id).size() == audit_rows);

    // The same change as Ben's is no conflict; an edit against the current
    // revision is an ordinary edit.
    CHECK_NOTHROW(ana.update_review(id, seen_by_ana, consensus("services.4", 1), st::catalog()));
    auto fresh = ana.load(id);
    auto saved = ana.update_review(id, fresh, consensus("services.4", 3), st::catalog());
    CHECK(saved.review.consensus("services.4") == 3);
    // A conflict is a rule the editor broke: the command line exits 2 for it.
    CHECK_THROWS_AS(ben.update_review(id, seen_by_ben, consensus("services.4", 5), st::catalog()), fw::RuleError);
}

TEST_CASE("two people: a connection learns that another one stored a change, not of its own") {
    st::TempDir dir;
    auto ana = Database::open(st::db_location(dir), "Ana Ruiz");
    auto ben = Database::open(st::db_location(dir), "Ben Okafor");
    // A server's notice travels on its own: wait for it, a bounded number of times.
    auto learns = [](Database& db) {
        for (int i = 0; i < 100; ++i) {
            if (db.changed_elsewhere()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };
    CHECK_FALSE(ana.changed_elsewhere());
    auto id = ben.import_review(st::scoring_example(), st::catalog());
    CHECK(learns(ana));
    CHECK_FALSE(ana.changed_elsewhere());  // once
    CHECK_FALSE(ben.changed_elsewhere());  // its own change
    ana.update_review(id, consensus("staffing.1", 2), st::catalog());
    CHECK_FALSE(ana.changed_elsewhere());
    CHECK(learns(ben));
}

TEST_CASE("two people: two processes editing different items of one review, hundreds of edits each, lose nothing") {
    st::TempDir dir;
    std::string location = st::db_location(dir);
    std::int64_t id = 0;
    {
        auto db = Database::open(location, "Tester");
        id = db.import_review(st::scoring_example(), st::catalog());
    }
    const int count = 200;
    struct Writer {
        std::vector<std::string> argv;
        pid_t pid = 0;
    };
    std::string child = std::string(FIDELITY_BIN_DIR) + "/storage_writer_child";
    std::vector<Writer> writers = {
        {{child, location, std::to_string(id), "Ana Ruiz", std::to_string(count), "staffing.1", "staffing.2",
          "organization.1", "organization.2"}},
        {{child, location, std::to_string(id), "Ben Okafor", std::to_string(count), "services.1", "services.2",
          "services.3", "services.4"}},
    };
    for (auto& w : writers) {
        std::vector<char*> args;
        for (auto& a : w.argv) args.push_back(a.data());
        args.push_back(nullptr);
        REQUIRE(posix_spawn(&w.pid, args[0], nullptr, nullptr, args.data(), environ) == 0);
    }
    for (auto& w : writers) {
        int status = 0;
        REQUIRE(waitpid(w.pid, &status, 0) == w.pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }

    auto db = Database::open(location, "Tester");
    fw::Review r = db.load_review(id);
    for (const auto& w : writers) {
        const std::string& who = w.argv[3];
        std::vector<std::string> items(w.argv.begin() + 5, w.argv.end());
        for (size_t k = 0; k < items.size(); ++k) {
            std::string expected;
            for (int n = int(k); n < count; n += int(items.size())) expected += who + " " + std::to_string(n) + "\n";
            const fw::Rating* rating = r.rating(items[k]);
            REQUIRE(rating);
            auto work = std::find_if(rating->independent.begin(), rating->independent.end(),
                                     [&](const auto& e) { return e.first == who; });
            REQUIRE(work != rating->independent.end());
            CHECK(work->second.notes == expected);
        }
    }
    CHECK(db.load(id).revision == 1 + 2 * count);
}
