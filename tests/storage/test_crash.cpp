// The crash test: a child applies scripted edits through update_review and
// acknowledges each one after update_review returns; we SIGKILL it at random
// moments, reopen, check integrity and that every acknowledged edit is there
// (and nothing half-done: the review equals the script replayed to its
// counter, audit rows included). Runs for STORAGE_CRASH_SECONDS (default
// 20), longer (up to twice that) if a slow disk has not let it reach a
// thousand acknowledged edits by then.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "core/review_file.hpp"
#include "edit_script.hpp"
#include "storage/database.hpp"
#include "support.hpp"

extern char** environ;

using fw::storage::Database;
using Clock = std::chrono::steady_clock;

namespace {

struct Child {
    pid_t pid = 0;
    int out = -1;  // read end of its stdout
};

Child start(const std::string& db, std::int64_t id) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    std::string idtext = std::to_string(id);
    std::vector<std::string> argv = {STORAGE_CRASH_CHILD, db, FIDELITY_BUILD_DATA_DIR, idtext, "1000000000"};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    Child c;
    REQUIRE(posix_spawn(&c.pid, args[0], &fa, nullptr, args.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    c.out = fds[0];
    return c;
}

// Reads acknowledgements until `until`; returns the last one seen (or `last`).
int read_acks(int fd, Clock::time_point until, int last, std::string& pending) {
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0) return last;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(left)) <= 0) continue;
        char buf[4096];
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return last;  // the child ended
        pending.append(buf, size_t(n));
        for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
            int ack = std::atoi(pending.substr(0, nl).c_str());
            CHECK(ack == last + 1);  // in order, none skipped
            last = ack;
            pending.erase(0, nl + 1);
        }
    }
}

}  // namespace

TEST_CASE("crash: SIGKILL at random moments loses no acknowledged edit and leaves no half edit") {
    double seconds = 20;
    if (const char* s = std::getenv("STORAGE_CRASH_SECONDS")) seconds = std::atof(s);
    st::TempDir dir;
    std::string path = dir.file("crash.db");
    auto& cat = st::catalog();
    const fw::Scale& scale = cat.scale("ips-se-25");
    std::int64_t id = 0;
    fw::Review model = st::scoring_example();
    {
        auto db = Database::open(path, "Tester");
        id = db.import_review(model, cat);
    }
    int model_at = 0;           // edits applied to `model`
    int consensus_changes = 0;  // in `model`, as the audit must show them
    auto advance = [&](int to) {
        while (model_at < to) {
            ++model_at;
            auto before = model.consensus(scale.items[size_t(model_at) % scale.items.size()].id);
            st::apply_edit(model, scale, model_at);
            consensus_changes += model.consensus(scale.items[size_t(model_at) % scale.items.size()].id) != before;
        }
    };

    std::mt19937 rng(20260302u);
    std::uniform_int_distribution<int> delay_ms(0, 250);
    auto start_time = Clock::now();
    auto deadline = start_time + std::chrono::milliseconds(long(seconds * 1000));
    auto hard_deadline = start_time + std::chrono::milliseconds(long(seconds * 2000));
    const int wanted = seconds >= 10 ? 1000 : 0;
    int acked = 0, runs = 0, kills_mid_edit = 0;
    while (Clock::now() < deadline || (acked < wanted && Clock::now() < hard_deadline)) {
        ++runs;
        Child c = start(path, id);
        std::string pending;
        int last = read_acks(c.out, Clock::now() + std::chrono::milliseconds(delay_ms(rng)), acked, pending);
        ::kill(c.pid, SIGKILL);
        last = read_acks(c.out, Clock::now() + std::chrono::milliseconds(50), last, pending);  // acks already written
        int status = 0;
        ::waitpid(c.pid, &status, 0);
        ::close(c.out);
        REQUIRE_MESSAGE(WIFSIGNALED(status), "the child ended by itself: status " << status);
        acked = last;

        // Reopen as the workstation would, then check everything.
        {
            SQLite::Database raw(path, SQLite::OPEN_READWRITE);  // recovers the WAL
            CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
        }
        auto db = Database::open(path, "Tester");
        REQUIRE(db.check_integrity().empty());
        fw::Review stored = db.load_review(id);
        int in_db = st::edits_in(stored);
        // Every acknowledged edit is there; at most the one in flight as well.
        REQUIRE(in_db >= acked);
        REQUIRE(in_db <= acked + 1);
        kills_mid_edit += in_db == acked + 1;
        advance(in_db);
        REQUIRE(fw::write_review(stored) == fw::write_review(model));
        int audited = 0;
        for (const auto& e : db.audit(id))
            audited += e.what.rfind("score ", 0) == 0 && e.what.find(" by ") == std::string::npos;
        REQUIRE(audited == consensus_changes);
        acked = in_db;
    }
    MESSAGE(runs << " kills, " << acked << " edits acknowledged, " << kills_mid_edit
                 << " kills after a commit but before its acknowledgement");
    CHECK(runs >= (seconds >= 10 ? 20 : 1));
    CHECK(acked >= wanted);
}
