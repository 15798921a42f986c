// Storage benchmark (not a test): the latency of one durable edit, opening
// and listing a database of 20,000 reviews, the per-program history query.
// Usage: bench_storage [--dir DIR] [--reviews N] [--edits N] [--keep]
// DIR (default: the current folder) should be on the disk the workstation
// will use: a durable edit is an fsync.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace fw;
using storage::Database;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Stats {
    double median = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return {};
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

void row(const char* what, const Stats& s, const std::string& note = "") {
    std::printf("| %-44s | %9.3f | %9.3f | %9.3f | %s\n", what, s.median, s.p95, s.max, note.c_str());
}

// The disk's floor for a durable edit: one row changed and committed in its
// own transaction, WAL, synchronous=FULL, as the workstation's database is
// set up, on the same folder, with nothing of the workstation around it.
std::vector<double> bare_commits(const std::string& dir, int n) {
    std::string path = dir + "/bench-bare-" + std::to_string(getpid()) + ".db";
    std::vector<double> out;
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = FULL");
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, score INTEGER)");
        db.exec("INSERT INTO t VALUES (1, 1)");
        SQLite::Statement q(db, "UPDATE t SET score = ? WHERE id = 1");
        for (int i = 0; i < n; ++i) {
            auto t0 = Clock::now();
            SQLite::Transaction tx(db);
            q.bind(1, i % 5 + 1);
            q.exec();
            q.reset();
            tx.commit();
            out.push_back(ms_since(t0));
        }
    }
    for (const char* side : {"", "-wal", "-shm"}) std::filesystem::remove(path + side);
    return out;
}

Date shifted(Date d, int years) { return d.plus_months(-12 * years); }

// The example review, moved `years` back and given other scores so that
// totals and tiers vary.
Review variant(const Review& base, int program, int years, bool open) {
    Review r = base;
    r.program.team = "IPS Team " + std::to_string(program);
    r.program.agency = "Agency " + std::to_string(program / 3);
    static const char* lmes[] = {"Alliance Health", "Partners Health Management", "Trillium Health Resources",
                                 "Vaya Health"};
    r.program.lme_mco = lmes[program % 4];
    r.review.type = years == 9 ? ReviewType::initial : ReviewType::subsequent;
    r.review.visit_start = shifted(r.review.visit_start, years);
    if (r.review.visit_end) r.review.visit_end = shifted(*r.review.visit_end, years);
    for (size_t i = 0; i < r.ratings.size(); ++i)
        if (!r.contest(r.ratings[i].item)) r.ratings[i].score = int((program * 7 + years * 3 + i) % 5) + 1;
    if (open) {
        r.review.draft_report_date.reset();
        r.review.final_report_date.reset();
        r.contests.clear();
        r.action_plan.clear();
        return r;
    }
    if (r.review.draft_report_date) r.review.draft_report_date = shifted(*r.review.draft_report_date, years);
    if (r.review.final_report_date) r.review.final_report_date = shifted(*r.review.final_report_date, years);
    for (auto& c : r.contests) {
        c.submitted = shifted(c.submitted, years);
        if (c.decided_on) c.decided_on = shifted(*c.decided_on, years);
    }
    for (auto& a : r.action_plan)
        if (a.by_when) a.by_when = shifted(*a.by_when, years);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = ".";
    int n_reviews = 20000, n_edits = 300;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc) dir = argv[++i];
        else if (a == "--reviews" && i + 1 < argc) n_reviews = std::atoi(argv[++i]);
        else if (a == "--edits" && i + 1 < argc) n_edits = std::atoi(argv[++i]);
        else if (a == "--keep") keep = true;
        else {
            std::fprintf(stderr, "usage: bench_storage [--dir DIR] [--reviews N] [--edits N] [--keep]\n");
            return 2;
        }
    }
    try {
        Catalog catalog(FIDELITY_BUILD_DATA_DIR);
        Review base = read_review_file(FIDELITY_SOURCE_DIR "/docs/examples/concord-2026-final.json", catalog);
        const Scale& scale = catalog.scale(base.scale_id);
        std::string path = dir + "/bench-storage-" + std::to_string(::getpid()) + ".db";
        const int per_program = 10;  // yearly reviews, 2017-2026
        const int programs = (n_reviews + per_program - 1) / per_program;

        std::printf("Storage benchmark: %d reviews (%d programs x %d), database %s\n\n", n_reviews, programs,
                    per_program, path.c_str());
        std::vector<std::int64_t> open_reviews, program_ids;
        {
            auto db = Database::open(path, "bench");
            auto t0 = Clock::now();
            int made = 0;
            for (int p = 0; p < programs && made < n_reviews;) {
                db.in_one_transaction([&] {  // 100 programs a transaction: filling, not what is measured
                    for (int k = 0; k < 100 && p < programs; ++k, ++p)
                        for (int y = per_program - 1; y >= 0 && made < n_reviews; --y, ++made) {
                            // The last one made is open when none is yet (a small portfolio
                            // still has a review to edit: a final one needs an amendment).
                            bool open = (y == 0 && p % 3 == 0) || (made == n_reviews - 1 && open_reviews.empty());
                            auto id = db.import_review(variant(base, p, y, open), catalog);
                            if (open) open_reviews.push_back(id);
                        }
                });
            }
            for (const auto& pr : db.programs()) program_ids.push_back(pr.id);
            std::printf("filled in %.1f s (not a measurement of edits: 100 programs a transaction)\n",
                        ms_since(t0) / 1000);
        }
        std::printf("file size: %.1f MiB\n\n", double(std::filesystem::file_size(path)) / (1 << 20));

        std::printf("| %-44s | %9s | %9s | %9s |\n", "operation (ms)", "median", "p95", "max");
        std::printf("|%s|%s|%s|%s|\n", std::string(46, '-').c_str(), std::string(11, '-').c_str(),
                    std::string(11, '-').c_str(), std::string(11, '-').c_str());

        std::vector<double> opens, lists, dues, searches, histories, loads, edits;
        for (int i = 0; i < 7; ++i) {
            auto t0 = Clock::now();
            auto db = Database::open(path, "bench");
            opens.push_back(ms_since(t0));
            t0 = Clock::now();
            auto all = db.reviews();
            lists.push_back(ms_since(t0));
            if (int(all.size()) != n_reviews) throw std::runtime_error("listed " + std::to_string(all.size()));
        }
        row("open (checks, quick_check)", stats(opens));
        row("list all reviews, first time", stats(lists), std::to_string(n_reviews) + " rows, just opened");

        auto db = std::make_unique<Database>(Database::open(path, "bench"));
        db->reviews();
        std::vector<double> relists;
        for (int i = 0; i < 7; ++i) {
            auto t0 = Clock::now();
            db->reviews();
            relists.push_back(ms_since(t0));
        }
        row("list all reviews again", stats(relists), "the window refreshing its list");
        std::mt19937 rng(1);
        size_t due_rows = 0;
        for (int i = 0; i < 7; ++i) {
            storage::ReviewFilter f;
            f.due_within_days = 90;
            f.due_from = *Date::parse("2027-02-01");
            auto t0 = Clock::now();
            due_rows = db->reviews(f).size();
            dues.push_back(ms_since(t0));
            storage::ReviewFilter s;
            s.text = "team 12";
            t0 = Clock::now();
            db->reviews(s);
            searches.push_back(ms_since(t0));
        }
        row("list --due-within 90", stats(dues), std::to_string(due_rows) + " rows");
        row("list, text search", stats(searches));
        for (int i = 0; i < 1000; ++i) {
            storage::ReviewFilter f;
            f.program_id = program_ids[rng() % program_ids.size()];
            auto t0 = Clock::now();
            auto h = db->reviews(f);
            histories.push_back(ms_since(t0));
        }
        row("per-program history", stats(histories), "1000 programs");
        for (int i = 0; i < 200; ++i) {
            auto t0 = Clock::now();
            db->load_review(std::int64_t(rng() % std::uint32_t(n_reviews)) + 1);
            loads.push_back(ms_since(t0));
        }
        row("load one review", stats(loads));

        std::int64_t target = open_reviews.empty() ? 1 : open_reviews.front();
        for (int i = 0; i < n_edits; ++i) {
            const std::string& item = scale.items[size_t(i) % scale.items.size()].id;
            auto t0 = Clock::now();
            db->update_review(
                target,
                [&](Review& r, const Scale& s, const Policy&) {
                    set_consensus_score(r, s, item, (r.consensus(item).value_or(1) % 5) + 1, {});
                },
                catalog);
            edits.push_back(ms_since(t0));
        }
        row("durable edit (update_review, one score)", stats(edits), std::to_string(n_edits) + " edits, synchronous=FULL");
        std::vector<double> bare = bare_commits(dir, n_edits);
        row("bare SQLite commit, same disk", stats(bare), "one row, WAL, synchronous=FULL: the floor");
        std::printf("\nRESULT open_ms=%.3f list_ms=%.3f relist_ms=%.3f edit_ms=%.3f bare_commit_ms=%.3f\n",
                    stats(opens).median, stats(lists).median, stats(relists).median, stats(edits).median,
                    stats(bare).median);
        db.reset();  // closed (checkpointed) before the files go
        if (!keep) {
            for (const char* side : {"", "-wal", "-shm"}) std::filesystem::remove(path + side);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_storage: %s\n", e.what());
        return 1;
    }
}
