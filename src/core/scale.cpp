#include "scale.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "error.hpp"
#include "sha256.hpp"
#include "text_file.hpp"
#include "toml_support.hpp"
#include "platform/platform.hpp"

namespace fw {
using detail::TomlChecker;

namespace {
// More items than any fidelity scale has: a larger item_count is a typo.
constexpr int kMaxItems = 200;
}  // namespace

// ---------------------------------------------------------------- rules

bool ScoreRule::holds(double v) const {
    switch (op) {
    case Op::at_least: return v >= limit;
    case Op::more_than: return v > limit;
    case Op::at_most: return v <= limit;
    case Op::less_than: return v < limit;
    case Op::otherwise: return true;
    }
    return false;
}

static std::string format_number(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

std::string ScoreRule::text() const {
    switch (op) {
    case Op::at_least: return ">= " + format_number(limit);
    case Op::more_than: return "> " + format_number(limit);
    case Op::at_most: return "<= " + format_number(limit);
    case Op::less_than: return "< " + format_number(limit);
    case Op::otherwise: return "otherwise";
    }
    return {};
}

int ScoreRules::suggest(double value) const {
    for (const auto& r : rules)
        if (r.holds(value)) return r.score;
    return lowest();
}

const Item* Scale::find(std::string_view item_id) const {
    for (const auto& it : items)
        if (it.id == item_id) return &it;
    return nullptr;
}

const Section* Scale::find_section(std::string_view section_id) const {
    for (const auto& s : sections)
        if (s.id == section_id) return &s;
    return nullptr;
}

std::string Scale::source_meaning(std::string_view code) const {
    for (const auto& [c, m] : sources)
        if (c == code) return m;
    return {};
}

// ---------------------------------------------------------------- loading

namespace {

bool is_upward(ScoreRule::Op op) { return op == ScoreRule::Op::at_least || op == ScoreRule::Op::more_than; }
bool is_strict(ScoreRule::Op op) { return op == ScoreRule::Op::more_than || op == ScoreRule::Op::less_than; }

// True when every value meeting `a` also meets `b` but not the other way:
// a higher score must need a strictly better value.
bool stricter(const ScoreRule& a, const ScoreRule& b) {
    if (is_upward(a.op)) return a.limit > b.limit || (a.limit == b.limit && is_strict(a.op) && !is_strict(b.op));
    return a.limit < b.limit || (a.limit == b.limit && is_strict(a.op) && !is_strict(b.op));
}

std::optional<ScoreRule> parse_rule(std::string_view s) {
    auto trim = [](std::string_view v) {
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        return v;
    };
    s = trim(s);
    ScoreRule r;
    if (s == "otherwise") return r;
    size_t oplen = 0;
    if (s.starts_with(">=")) r.op = ScoreRule::Op::at_least, oplen = 2;
    else if (s.starts_with("<=")) r.op = ScoreRule::Op::at_most, oplen = 2;
    else if (s.starts_with(">")) r.op = ScoreRule::Op::more_than, oplen = 1;
    else if (s.starts_with("<")) r.op = ScoreRule::Op::less_than, oplen = 1;
    else return std::nullopt;
    std::string_view num = trim(s.substr(oplen));
    if (num.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), r.limit);
    if (ec != std::errc() || end != num.data() + num.size() || !std::isfinite(r.limit)) return std::nullopt;
    return r;
}

std::optional<ScoreRules> read_rules(TomlChecker& c, const toml::table& parent) {
    const toml::table* t = c.table(parent, "scores");
    if (!t) return std::nullopt;
    std::map<int, ScoreRule> by_score;
    std::map<int, toml::source_region> where;
    bool good = true;
    for (auto&& [k, v] : *t) {
        std::string key(k.str());
        if (key.size() != 1 || key[0] < '1' || key[0] > '5') {
            c.fail(k.source(), "scores: '" + key + "' is not a score (1 to 5)");
            good = false;
            continue;
        }
        int score = key[0] - '0';
        if (!v.is_string()) {
            c.fail(v, "scores: the rule for score " + key + " must be text such as \">= 90\" or \"otherwise\"");
            good = false;
            continue;
        }
        auto rule = parse_rule(v.as_string()->get());
        if (!rule) {
            c.fail(v, "scores: the rule for score " + key + " (\"" + v.as_string()->get() +
                          "\") is not \">= N\", \"> N\", \"<= N\", \"< N\" or \"otherwise\"");
            good = false;
            continue;
        }
        rule->score = score;
        by_score[score] = *rule;
        where[score] = v.source();
    }
    if (!good) return std::nullopt;
    if (by_score.empty()) {
        c.fail(*t, "scores: no rules");
        return std::nullopt;
    }
    ScoreRules out;
    for (auto it = by_score.rbegin(); it != by_score.rend(); ++it) out.rules.push_back(it->second);
    // Consecutive scores, ending at 5, "otherwise" exactly once and last.
    int expect = 5;
    for (const auto& r : out.rules) {
        if (r.score != expect) {
            c.fail(*t, "scores: score " + std::to_string(expect) +
                           " has no rule (the scores listed must be consecutive and end at 5)");
            return std::nullopt;
        }
        --expect;
    }
    for (size_t i = 0; i < out.rules.size(); ++i) {
        const auto& r = out.rules[i];
        bool last = i + 1 == out.rules.size();
        if (last && r.op != ScoreRule::Op::otherwise) {
            c.fail(where[r.score], "scores: the lowest score listed (" + std::to_string(r.score) +
                                       ") must be \"otherwise\"");
            return std::nullopt;
        }
        if (!last && r.op == ScoreRule::Op::otherwise) {
            c.fail(where[r.score], "scores: only the lowest score listed may be \"otherwise\", not score " +
                                       std::to_string(r.score));
            return std::nullopt;
        }
    }
    for (size_t i = 0; i + 2 < out.rules.size(); ++i) {
        const auto& hi = out.rules[i];
        const auto& lo = out.rules[i + 1];
        if (is_upward(hi.op) != is_upward(lo.op)) {
            c.fail(where[lo.score], "scores: rules for score " + std::to_string(hi.score) + " (\"" + hi.text() +
                                        "\") and " + std::to_string(lo.score) + " (\"" + lo.text() +
                                        "\") point in opposite directions");
            return std::nullopt;
        }
        if (!stricter(hi, lo)) {
            c.fail(where[lo.score], "scores: rule for score " + std::to_string(lo.score) + " (\"" + lo.text() +
                                        "\") is out of order: score " + std::to_string(hi.score) + " (\"" +
                                        hi.text() + "\") must need a better value");
            return std::nullopt;
        }
    }
    return out;
}

std::optional<Checklist> read_checklist(TomlChecker& c, const toml::table& t) {
    c.only_keys(t, {"elements", "scores"});
    Checklist out;
    const toml::array* els = c.array(t, "elements");
    std::set<std::string> ids;
    if (els) {
        for (const auto& el : *els) {
            if (!el.is_table()) {
                c.fail(el, "checklist: each element must be { id = \"...\", text = \"...\" }");
                continue;
            }
            const auto& et = *el.as_table();
            c.only_keys(et, {"id", "text"});
            auto id = c.text(et, "id");
            auto text = c.text(et, "text");
            if (!id || !text) continue;
            if (!detail::is_identifier(*id)) c.fail(et, "checklist: element id '" + *id + "' must be lower case letters, digits and '-'");
            if (!ids.insert(*id).second) c.fail(et, "checklist: element id '" + *id + "' is used twice");
            out.elements.push_back({*id, *text});
        }
        if (els->empty()) c.fail(*els, "checklist: no elements");
    }
    auto rules = read_rules(c, t);
    if (!rules || !els) return std::nullopt;
    out.scores = *rules;
    // The count runs from 0 to the number of elements: every rule must be reachable.
    double n = double(out.elements.size());
    for (const auto& r : out.scores.rules) {
        if (r.op == ScoreRule::Op::otherwise) continue;
        bool reachable = r.holds(n) || r.holds(0);
        bool sensible = r.limit >= 0 && r.limit <= n;
        if (!reachable || !sensible) {
            c.fail(*c.table(t, "scores"), "checklist: rule for score " + std::to_string(r.score) + " (\"" + r.text() +
                                              "\") cannot be met with " + std::to_string(out.elements.size()) +
                                              " elements");
            return std::nullopt;
        }
    }
    return out;
}

std::optional<Calculator> read_calculator(TomlChecker& c, const toml::table& t) {
    c.only_keys(t, {"kind", "inputs", "result", "per_staff", "minimum", "scores"});
    Calculator out;
    bool good = true;
    auto kind = c.text(t, "kind");
    size_t want_inputs = 0;
    if (kind) {
        if (*kind == "ratio") out.kind = Calculator::Kind::ratio, want_inputs = 2;
        else if (*kind == "percent") out.kind = Calculator::Kind::percent, want_inputs = 2;
        else if (*kind == "value") out.kind = Calculator::Kind::value, want_inputs = 1;
        else {
            c.fail(*t.get("kind"), "calculator: kind '" + *kind + "' is not ratio, percent or value");
            good = false;
        }
    } else {
        good = false;
    }
    if (const toml::array* ins = c.array(t, "inputs")) {
        std::set<std::string> ids;
        for (const auto& el : *ins) {
            if (!el.is_table()) {
                c.fail(el, "calculator: each input must be { id = \"...\", label = \"...\", unit = \"...\" }");
                good = false;
                continue;
            }
            const auto& it = *el.as_table();
            c.only_keys(it, {"id", "label", "unit", "whole"});
            auto id = c.text(it, "id");
            auto label = c.text(it, "label");
            auto unit = c.text(it, "unit");
            auto whole = c.boolean(it, "whole", false);
            if (!id || !label || !unit) {
                good = false;
                continue;
            }
            if (!detail::is_identifier(*id)) c.fail(it, "calculator: input id '" + *id + "' must be lower case letters, digits, '-' and '_'");
            if (!ids.insert(*id).second) c.fail(it, "calculator: input id '" + *id + "' is used twice");
            out.inputs.push_back({*id, *label, *unit, whole.value_or(false)});
        }
        if (want_inputs && out.inputs.size() != want_inputs && good) {
            c.fail(*ins, "calculator: kind '" + *kind + "' needs " + std::to_string(want_inputs) + " input" +
                             (want_inputs == 1 ? "" : "s") + ", not " + std::to_string(out.inputs.size()));
            good = false;
        }
    } else {
        good = false;
    }
    if (auto r = c.text(t, "result")) out.result = *r;
    out.per_staff = c.boolean(t, "per_staff", false).value_or(false);
    if (const toml::table* m = c.table(t, "minimum", false)) {
        c.only_keys(*m, {"input", "at_least"});
        auto in = c.text(*m, "input");
        auto least = c.number(*m, "at_least");
        if (in && least) {
            bool found = false;
            for (const auto& i : out.inputs) found = found || i.id == *in;
            if (!found) c.fail(*m, "calculator: minimum names input '" + *in + "', which the calculator does not have");
            out.minimum = Calculator::Minimum{*in, *least};
        }
    }
    auto rules = read_rules(c, t);
    if (!rules || !good) return std::nullopt;
    out.scores = *rules;
    return out;
}

}  // namespace

Scale parse_scale(const std::string& text, const std::string& file) {
    TomlChecker c(file);
    toml::table root = c.parse(text);
    Scale s;
    s.file = file;
    s.fingerprint = sha256_hex(text);
    c.only_keys(root, {"format", "version", "id", "name", "edition", "notice", "item_count", "sources", "sections"});
    if (auto f = c.text(root, "format"); f && *f != "ips-fidelity-scale")
        c.fail(*root.get("format"), "format must be \"ips-fidelity-scale\", not \"" + *f + "\"");
    if (auto v = c.version(root); v && *v != 1)
        c.fail(*root.get("version"), "version " + std::to_string(*v) + " is not supported (this program reads version 1)");
    if (auto id = c.text(root, "id")) {
        if (!detail::is_identifier(*id))
            c.fail(*root.get("id"), "id '" + *id + "' must be lower case letters, digits and '-'");
        std::filesystem::path p = platform::to_path(file);
        if (p.extension() == ".toml" && platform::to_utf8(p.stem()) != *id)
            c.fail(*root.get("id"), "id '" + *id + "' does not match the file name '" + platform::to_utf8(p.filename()) +
                                        "' (reviews find a scale by its file name)");
        s.id = *id;
    }
    s.name = c.text(root, "name").value_or("");
    s.edition = c.text(root, "edition").value_or("");
    s.notice = c.text(root, "notice", false).value_or("");
    auto item_count = c.integer(root, "item_count", 1, kMaxItems);

    std::set<std::string> codes;
    if (const toml::table* src = c.table(root, "sources")) {
        for (auto&& [k, v] : *src) {
            if (!v.is_string() || v.as_string()->get().empty()) {
                c.fail(v, "sources: the meaning of '" + std::string(k.str()) + "' must be text");
                continue;
            }
            s.sources.emplace_back(std::string(k.str()), v.as_string()->get());
            codes.insert(std::string(k.str()));
        }
        // toml++ keeps table keys sorted; reports list the codes as the file does.
        std::vector<std::pair<int, size_t>> order;
        for (size_t i = 0; i < s.sources.size(); ++i)
            order.emplace_back(int(src->get(s.sources[i].first)->source().begin.line), i);
        std::stable_sort(order.begin(), order.end());
        decltype(s.sources) in_file_order;
        for (const auto& [line, i] : order) in_file_order.push_back(s.sources[i]);
        s.sources = std::move(in_file_order);
        if (src->empty()) c.fail(*src, "sources: no data-source codes");
    }

    std::set<std::string> section_ids;
    if (const toml::array* secs = c.array(root, "sections")) {
        if (secs->empty()) c.fail(*secs, "no sections");
        for (const auto& sn : *secs) {
            if (!sn.is_table()) {
                c.fail(sn, "each section must be a table ([[sections]])");
                continue;
            }
            const auto& st = *sn.as_table();
            c.context.clear();
            c.only_keys(st, {"id", "name", "items"});
            Section sec;
            auto sid = c.text(st, "id");
            if (!sid) continue;
            sec.id = *sid;
            c.context = "section " + sec.id + ": ";
            if (!detail::is_identifier(sec.id)) c.fail(st, "id must be lower case letters, digits and '-'");
            if (!section_ids.insert(sec.id).second) c.fail(st, "section id is used twice");
            sec.name = c.text(st, "name").value_or("");
            const toml::array* items = c.array(st, "items");
            if (!items) continue;
            if (items->empty()) c.fail(*items, "no items");
            int n = 0;
            for (const auto& in : *items) {
                ++n;
                c.context = "section " + sec.id + ": ";
                if (!in.is_table()) {
                    c.fail(in, "each item must be a table ([[sections.items]])");
                    continue;
                }
                const auto& it = *in.as_table();
                Item item;
                item.section = sec.id;
                item.number = n;
                item.line = int(it.source().begin.line);
                std::string expected = sec.id + "." + std::to_string(n);
                auto iid = c.text(it, "id");
                item.id = iid.value_or(expected);
                c.context = "item " + item.id + ": ";
                if (iid && *iid != expected)
                    c.fail(*it.get("id"), "id must be '" + expected + "' (items are numbered 1, 2, 3 ... within their section)");
                c.only_keys(it, {"id", "name", "definition", "sources", "anchors", "checklist", "calculator"});
                item.name = c.text(it, "name").value_or("");
                item.definition = c.text(it, "definition").value_or("");
                if (auto srcs = c.strings(it, "sources")) {
                    for (const auto& code : *srcs)
                        if (!codes.count(code))
                            c.fail(*it.get("sources"), "data source '" + code + "' is not in the [sources] table");
                    if (srcs->empty()) c.fail(*it.get("sources"), "lists no data sources");
                    item.sources = *srcs;
                }
                if (const toml::table* an = c.table(it, "anchors")) {
                    for (auto&& [k, v] : *an) {
                        std::string key(k.str());
                        if (key.size() != 1 || key[0] < '1' || key[0] > '5')
                            c.fail(k.source(), "anchors: '" + key + "' is not a score (1 to 5)");
                    }
                    for (int score = 1; score <= 5; ++score) {
                        std::string key = std::to_string(score);
                        const toml::node* a = an->get(key);
                        if (!a) c.fail(*an, "anchors: the anchor for score " + key + " is missing");
                        else if (!a->is_string() || a->as_string()->get().find_first_not_of(" \t\r\n") == std::string::npos)
                            c.fail(*a, "anchors: the anchor for score " + key + " must be non-empty text");
                        else item.anchors[size_t(score - 1)] = a->as_string()->get();
                    }
                }
                const toml::table* cl = c.table(it, "checklist", false);
                const toml::table* ca = c.table(it, "calculator", false);
                if (cl && ca) c.fail(*ca, "has both a checklist and a calculator; it may have one");
                if (cl) item.checklist = read_checklist(c, *cl);
                else if (ca) item.calculator = read_calculator(c, *ca);
                sec.items.push_back(s.items.size());
                s.items.push_back(std::move(item));
            }
            s.sections.push_back(std::move(sec));
        }
    }
    c.context.clear();
    if (item_count && c.ok() && std::size_t(*item_count) != s.items.size())
        c.fail(*root.get("item_count"), "item_count says " + std::to_string(*item_count) + " items, but the file defines " +
                                            std::to_string(s.items.size()));
    c.finish();
    return s;
}

Scale load_scale(const std::string& path) { return parse_scale(read_text_file(path), path); }

// ---------------------------------------------------------------- suggestions

Suggestion suggest_from_checklist(const Item& item, const std::vector<std::string>& met) {
    Suggestion out;
    if (!item.checklist) return out;
    int count = 0;
    for (const auto& el : item.checklist->elements)
        for (const auto& id : met)
            if (id == el.id) {
                ++count;
                break;
            }
    out.value = count;
    out.score = item.checklist->scores.suggest(count);
    out.explanation = std::to_string(count) + " of " + std::to_string(item.checklist->elements.size()) +
                      " elements met -> " + std::to_string(*out.score);
    return out;
}

namespace {

// Calculator figures are shown to one decimal place (fmt_value).
double shown(double v) { return std::round(v * 10.0) / 10.0; }

struct RowResult {
    std::optional<double> value;
    std::optional<int> score;
    std::string why;  // when no value
};

RowResult compute_row(const Calculator& calc, const CalculatorRow& row) {
    RowResult r;
    std::vector<double> v;
    for (const auto& in : calc.inputs) {
        auto it = row.find(in.id);
        if (it == row.end()) {
            r.why = in.label + " is not entered";
            return r;
        }
        if (!std::isfinite(it->second) || it->second < 0) {
            r.why = in.label + " must be zero or more";
            return r;
        }
        v.push_back(it->second);
    }
    switch (calc.kind) {
    case Calculator::Kind::value: r.value = v[0]; break;
    case Calculator::Kind::ratio:
    case Calculator::Kind::percent:
        if (v[1] == 0) {
            r.why = calc.inputs[1].label + " is zero";
            return r;
        }
        if (calc.kind == Calculator::Kind::percent && v[0] > v[1]) {
            r.why = calc.inputs[0].label + " is more than " + calc.inputs[1].label;
            return r;
        }
        r.value = v[0] / v[1] * (calc.kind == Calculator::Kind::percent ? 100.0 : 1.0);
        break;
    }
    // The score follows the figure the reviewer sees: 95.96% is shown as
    // 96% and scored as 96%, not as a hidden 95.96 below the line.
    r.value = shown(*r.value);
    r.score = calc.scores.suggest(*r.value);
    if (calc.minimum) {
        auto it = row.find(calc.minimum->input);
        if (it != row.end() && it->second < calc.minimum->at_least) r.score = calc.scores.lowest();
    }
    return r;
}

std::string fmt_value(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

}  // namespace

Suggestion suggest_from_calculator(const Item& item, const std::vector<CalculatorRow>& rows) {
    Suggestion out;
    if (!item.calculator) return out;
    const Calculator& calc = *item.calculator;
    if (rows.empty()) {
        out.explanation = "no figures entered";
        return out;
    }
    if (!calc.per_staff) {
        RowResult r = compute_row(calc, rows.front());
        if (!r.score) {
            out.explanation = r.why;
            return out;
        }
        out.value = r.value;
        out.score = r.score;
        // A result that starts with its own "%" ("% of jobs ...") is not given a second one.
        std::string unit = calc.kind == Calculator::Kind::percent && calc.result.rfind("%", 0) != 0 ? "%" : "";
        out.explanation = fmt_value(*r.value) + unit + (calc.result.rfind("%", 0) == 0 ? "" : " ") + calc.result +
                          " -> " + std::to_string(*r.score);
        if (calc.minimum) {
            auto it = rows.front().find(calc.minimum->input);
            if (it != rows.front().end() && it->second < calc.minimum->at_least)
                out.explanation += " (fewer than " + fmt_value(calc.minimum->at_least) + " " +
                                   calc.minimum->input + ")";
        }
        return out;
    }
    // Per staff: each specialist's score, then their average rounded to the
    // nearest whole score, halves up (the fidelity manual's rule).
    int sum = 0, n = 0;
    double value_sum = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        RowResult r = compute_row(calc, rows[i]);
        if (!r.score) {
            out.explanation = "specialist " + std::to_string(i + 1) + ": " + r.why;
            return out;
        }
        sum += *r.score;
        value_sum += *r.value;
        ++n;
    }
    // (2*sum + n) / (2*n) is round-half-up of sum/n in integers.
    int score = (2 * sum + n) / (2 * n);
    out.score = score;
    out.value = value_sum / n;
    char avg[32];
    std::snprintf(avg, sizeof avg, "%.2f", double(sum) / n);
    out.explanation = std::to_string(n) + " specialist" + (n == 1 ? "" : "s") + ", average score " + avg + " -> " +
                      std::to_string(score);
    return out;
}

}  // namespace fw
