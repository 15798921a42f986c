#pragma once
// A fidelity scale as data: sections, items, anchors, and the checklists and
// calculators that suggest a score. Loaded from scales/<id>.toml.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fw {

// "5 = '>= 96'": the condition a value must meet for a score.
struct ScoreRule {
    enum class Op { at_least, more_than, at_most, less_than, otherwise };
    int score = 1;
    Op op = Op::otherwise;
    double limit = 0;
    bool holds(double value) const;
    std::string text() const;  // ">= 96", "otherwise"
};

// Highest score first; the last rule is the "otherwise" one.
struct ScoreRules {
    std::vector<ScoreRule> rules;
    int suggest(double value) const;
    int lowest() const { return rules.empty() ? 1 : rules.back().score; }
};

struct ChecklistElement {
    std::string id;
    std::string text;
};

struct Checklist {
    std::vector<ChecklistElement> elements;
    ScoreRules scores;  // on the number of elements met
};

struct CalculatorInput {
    std::string id;
    std::string label;
    std::string unit;
    bool whole = false;  // only whole numbers make sense (people, jobs)
};

struct Calculator {
    enum class Kind { ratio, percent, value };
    Kind kind = Kind::value;
    std::vector<CalculatorInput> inputs;
    std::string result;  // what the value is, with unit
    bool per_staff = false;
    struct Minimum {
        std::string input;
        double at_least = 0;
    };
    std::optional<Minimum> minimum;
    ScoreRules scores;
};

struct Item {
    std::string id;       // "staffing.1"
    std::string section;  // "staffing"
    int number = 0;       // 1 within the section
    std::string name;
    std::string definition;
    std::vector<std::string> sources;  // data-source codes
    std::array<std::string, 5> anchors;  // anchors[0] describes score 1
    std::optional<Checklist> checklist;
    std::optional<Calculator> calculator;
    int line = 0;  // where it is defined, for messages
};

struct Section {
    std::string id;
    std::string name;
    std::vector<size_t> items;  // indices into Scale::items
};

struct Scale {
    std::string id;
    std::string name;
    std::string edition;
    std::string notice;
    std::vector<std::pair<std::string, std::string>> sources;  // code, meaning (file order)
    std::vector<Section> sections;
    std::vector<Item> items;  // report order
    std::string file;         // where it was loaded from
    std::string fingerprint;  // SHA-256 of the file's bytes (hex)

    const Item* find(std::string_view item_id) const;
    const Section* find_section(std::string_view section_id) const;
    int min_total() const { return int(items.size()); }
    int max_total() const { return int(items.size()) * 5; }
    std::string source_meaning(std::string_view code) const;
};

// Parses and validates a scale definition. `file` names it in messages.
// Throws InputError naming the file, line and problem.
Scale parse_scale(const std::string& text, const std::string& file);
Scale load_scale(const std::string& path);

// --- Suggestions: shown to the reviewer, never forced. ---
struct Suggestion {
    std::optional<int> score;  // none when the figures do not allow one
    std::optional<double> value;  // the computed value (ratio, percent, count)
    std::string explanation;   // "18.5 people per full-time employment specialist -> 5"
};

Suggestion suggest_from_checklist(const Item& item, const std::vector<std::string>& met_element_ids);

// One row of calculator figures (per employment specialist for per-staff items).
using CalculatorRow = std::map<std::string, double>;
Suggestion suggest_from_calculator(const Item& item, const std::vector<CalculatorRow>& rows);

}  // namespace fw
