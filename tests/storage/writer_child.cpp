// For the two-writer test: opens the database (a file or a server), loads
// review ID once, then makes COUNT edits against what it last saw, each
// adding line "TAG N" to this writer's notes on ITEM N % len(ITEMS):
//   storage_writer_child LOCATION ID TAG COUNT ITEM...
// Exits 0 when every edit was stored; prints the first refusal otherwise.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "storage/database.hpp"

int main(int argc, char** argv) {
    if (argc < 6) return 2;
    std::string location = argv[1], tag = argv[3];
    std::int64_t id = std::atoll(argv[2]);
    int count = std::atoi(argv[4]);
    std::vector<std::string> items(argv + 5, argv + argc);
    try {
        fw::Catalog catalog(FIDELITY_BUILD_DATA_DIR);
        auto db = fw::storage::Database::open(location, tag);
        fw::storage::Loaded seen = db.load(id);
        for (int n = 0; n < count; ++n) {
            const std::string& item = items[size_t(n) % items.size()];
            std::string line = tag + " " + std::to_string(n) + "\n";
            // Against what this writer saw last: the other writer's edits
            // since are kept, this one is applied on top of them.
            seen = db.update_review(
                id, seen,
                [&](fw::Review& r, const fw::Scale&, const fw::Policy&) { r.rating(item)->work_for(tag).notes += line; },
                catalog);
        }
    } catch (const std::exception& e) {
        std::cerr << tag << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}
