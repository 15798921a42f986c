// Any bytes as a scale or policy file: load, validate, and use what loaded.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "core/scale.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)fw::is_policy_text(text, "fuzz.toml");
    } catch (const fw::InputError&) {
    }
    try {
        fw::Scale s = fw::parse_scale(text, "fuzz.toml");
        for (const auto& item : s.items) {
            if (item.checklist) {
                std::vector<std::string> ids;
                for (const auto& el : item.checklist->elements) ids.push_back(el.id);
                (void)fw::suggest_from_checklist(item, ids);
            }
            if (item.calculator) {
                fw::CalculatorRow row;
                for (const auto& in : item.calculator->inputs) row[in.id] = double(in.id.size());
                (void)fw::suggest_from_calculator(item, {row, row});
            }
        }
    } catch (const fw::InputError&) {
    }
    try {
        fw::Policy p = fw::parse_policy(text, "fuzz.toml");
        for (int t = 0; t <= 130; ++t) (void)p.tier_for(t);
    } catch (const fw::InputError&) {
    }
    return 0;
}
