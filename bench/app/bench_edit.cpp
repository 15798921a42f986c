// Window benchmark (not a test): the cost of one edit made through the
// window's Session (what a key or a pause in typing costs), for the example
// review as it is and with 3 contest files of 20 MiB each.
// Usage: bench_edit [--dir DIR] [--edits N]
// DIR (default: the current folder) should be on the disk the workstation
// will use: a durable edit is an fsync.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/session.hpp"
#include "core/catalog.hpp"
#include "core/lifecycle.hpp"
#include "core/review_file.hpp"
#include "storage/database.hpp"

using namespace fw;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

long rss_kib() {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    long kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmRSS:", 6) == 0) kib = std::atol(line + 6);
    std::fclose(f);
    return kib;
}

// The example in its contest period: the draft out, one contest pending
// with `files` attachments of `bytes` each.
Review in_contest(const Review& example, int files, std::size_t bytes) {
    Review r = example;
    r.review.final_report_date.reset();
    r.amendments.clear();
    r.contests.resize(1);
    Contest& c = r.contests[0];
    c.decision = Decision::pending;
    c.decided_score.reset();
    c.decided_on.reset();
    c.rationale.clear();
    for (int i = 0; i < files; ++i)
        c.attachments.push_back({"scan-" + std::to_string(i + 1) + ".pdf", "application/pdf", std::string(bytes, char('a' + i))});
    return r;
}

// Median milliseconds of `n` edits of the evidence of one item (each a new
// text, so each is stored), and the memory in use after them.
double measure(const char* what, storage::Database& db, Catalog& catalog, std::int64_t id, int n) {
    app::Session s(db, catalog, id);
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        std::string text = "Edit " + std::to_string(i);
        auto t0 = Clock::now();
        s.apply("Typing", [&](Review& r, const Scale& sc, const Policy&) {
            set_item_text(r, sc, "staffing.1", &text, nullptr, Edit{"bench", Date::today(), ""});
        }, {}, {"staffing.1", ""});
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    auto t0 = Clock::now();
    s.undo();
    double undo_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("| %-34s | %8.1f | %8.1f | %8.0f |\n", what, median(ms), undo_ms, double(rss_kib()) / 1024);
    return median(ms);
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = ".";
    int edits = 30;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
        else if (std::strcmp(argv[i], "--edits") == 0) edits = std::atoi(argv[i + 1]);
    }
    Catalog catalog(FIDELITY_BUILD_DATA_DIR);
    Review example = read_review_file(std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json", catalog);
    std::string path = dir + "/bench-edit-" + std::to_string(getpid()) + ".db";
    {
        auto db = storage::Database::open(path, "bench");
        std::int64_t plain = db.import_review(in_contest(example, 0, 0), catalog, "bench");
        Review heavy = in_contest(example, 3, kMaxAttachmentBytes);
        heavy.program.team += " (attachments)";
        std::int64_t big = db.import_review(heavy, catalog, "bench");
        std::printf("| %-34s | %8s | %8s | %8s |\n", "review", "edit ms", "undo ms", "RSS MiB");
        std::printf("|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(10, '-').c_str(),
                    std::string(10, '-').c_str(), std::string(10, '-').c_str());
        double light = measure("example, no attachments", db, catalog, plain, edits);
        double heavy_ms = measure("example, 3 x 20 MiB attachments", db, catalog, big, edits);
        std::printf("\nRESULT window_edit_ms=%.3f window_edit_attachments_ms=%.3f\n", light, heavy_ms);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    return 0;
}
