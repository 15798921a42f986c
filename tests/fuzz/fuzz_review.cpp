// Any bytes as a review file: read, check against the scale and policy,
// score, write back. Must never crash, hang or run out of memory; wrong input
// is an InputError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/catalog.hpp"
#include "core/error.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fw::Catalog catalog(FIDELITY_BUILD_DATA_DIR);
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        fw::Review r = fw::read_review_text(text, "fuzz.json", catalog);
        const fw::Scale& scale = catalog.scale(r.scale_id);
        const fw::Policy& policy = catalog.policy(r.policy_id);
        fw::Summary s = fw::summarize(r, scale, policy);
        (void)fw::disagreements(r, scale);
        (void)fw::priorities(r, scale);
        // What was read must be written and read back to the same file.
        std::string once = fw::write_review(r);
        fw::Review again = fw::read_review_text(once, "again.json", catalog);
        if (fw::write_review(again) != once) __builtin_trap();
        if (fw::summarize(again, scale, policy).total != s.total) __builtin_trap();
    } catch (const fw::InputError&) {
    }
    return 0;
}
