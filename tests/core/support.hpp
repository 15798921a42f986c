#pragma once
// Shared helpers for the core tests.
#include <fstream>
#include <sstream>
#include <string>

#include "core/catalog.hpp"
#include "core/review.hpp"
#include "core/scale.hpp"

namespace test {

inline fw::Catalog& ips() {
    static fw::Catalog c(FIDELITY_BUILD_DATA_DIR);
    return c;
}
inline fw::Catalog& mini() {
    static fw::Catalog c(FIDELITY_TEST_DATA);
    return c;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline fw::Date day(const char* iso) { return *fw::Date::parse(iso); }

// A complete review whose consensus scores add up to `total`: every item
// starts at 1 and the rest is handed out in scale order, up to 5 each.
inline fw::Review review_with_total(const fw::Scale& scale, int total, const char* policy = "nc-2020") {
    fw::Review r;
    r.scale_id = scale.id;
    r.policy_id = policy;
    r.policy_given = true;
    r.program.agency = "Agency";
    r.program.team = "Team";
    r.review.type = fw::ReviewType::initial;
    r.review.visit_start = day("2026-03-02");
    r.review.visit_end = day("2026-03-03");
    r.review.reviewers = {"Ana Ruiz", "Ben Okafor"};
    int extra = total - int(scale.items.size());
    for (const auto& item : scale.items) {
        int s = 1 + std::min(4, std::max(0, extra));
        extra -= s - 1;
        r.rating_for(item.id).score = s;
    }
    return r;
}

}  // namespace test
