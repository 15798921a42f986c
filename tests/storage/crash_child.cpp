// The crash test's child: applies the scripted edits to one review through
// Database::update_review and writes each edit's number to stdout as soon as
// update_review has returned (the edit is then acknowledged: durable).
// Usage: storage_crash_child DB DATA_DIR REVIEW_ID LAST_EDIT
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "edit_script.hpp"
#include "storage/database.hpp"

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: storage_crash_child DB DATA_DIR REVIEW_ID LAST_EDIT\n");
        return 2;
    }
    try {
        fw::Catalog catalog(argv[2]);
        auto db = fw::storage::Database::open(argv[1], "crash child");
        std::int64_t id = std::atoll(argv[3]);
        int last = std::atoi(argv[4]);
        for (;;) {
            int n = 0;
            db.update_review(
                id,
                [&](fw::Review& r, const fw::Scale& scale, const fw::Policy&) {
                    n = st::edits_in(r) + 1;
                    if (n <= last) st::apply_edit(r, scale, n);
                },
                catalog);
            if (n > last) return 0;
            std::string line = std::to_string(n) + "\n";
            // write(2), not stdio: no buffer may hold an acknowledgement back.
            if (::write(1, line.data(), line.size()) != ssize_t(line.size())) return 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storage_crash_child: %s\n", e.what());
        return 1;
    }
}
