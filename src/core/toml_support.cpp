#include "toml_support.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>

namespace fw::detail {

toml::table TomlChecker::parse(const std::string& text) {
    try {
        return toml::parse(text, file_);
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw InputError(file_, Problem{Place::at_line(int(b.line), int(b.column)),
                                        "not valid TOML: " + std::string(e.description())});
    }
}

void TomlChecker::fail(const toml::source_region& where, std::string message) {
    int line = int(where.begin.line), col = int(where.begin.column);
    problems_.push_back(Problem{line > 0 ? Place::at_line(line, col) : Place{}, context + message});
}

void TomlChecker::finish() const {
    if (!problems_.empty()) throw InputError(file_, problems_);
}

const toml::node* TomlChecker::get(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (!n && required) fail(t, "'" + std::string(key) + "' is missing");
    return n;
}

static std::string type_name(const toml::node& n) {
    switch (n.type()) {
    case toml::node_type::string: return "text";
    case toml::node_type::integer: return "a whole number";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    default: return "a date or time";
    }
}

std::optional<std::string> TomlChecker::text(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return std::nullopt;
    if (!n->is_string()) {
        fail(*n, "'" + std::string(key) + "' must be text, not " + type_name(*n));
        return std::nullopt;
    }
    std::string s = n->as_string()->get();
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
        fail(*n, "'" + std::string(key) + "' is empty");
        return std::nullopt;
    }
    return s;
}

std::optional<int> TomlChecker::integer(const toml::table& t, std::string_view key, int min, int max, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return std::nullopt;
    if (!n->is_integer()) {
        fail(*n, "'" + std::string(key) + "' must be a whole number, not " + type_name(*n));
        return std::nullopt;
    }
    std::int64_t v = n->as_integer()->get();
    if (v < min || v > max) {
        fail(*n, "'" + std::string(key) + "' must be from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", not " + std::to_string(v));
        return std::nullopt;
    }
    return int(v);
}

std::optional<long long> TomlChecker::version(const toml::table& t) {
    const toml::node* n = get(t, "version", true);
    if (!n) return std::nullopt;
    if (!n->is_integer()) {
        fail(*n, "'version' must be a whole number, not " + type_name(*n));
        return std::nullopt;
    }
    return n->as_integer()->get();
}

std::optional<double> TomlChecker::number(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return std::nullopt;
    if (n->is_integer()) return double(n->as_integer()->get());
    if (n->is_floating_point()) {
        double v = n->as_floating_point()->get();
        if (std::isfinite(v)) return v;
        fail(*n, "'" + std::string(key) + "' must be a finite number");
        return std::nullopt;
    }
    fail(*n, "'" + std::string(key) + "' must be a number, not " + type_name(*n));
    return std::nullopt;
}

std::optional<bool> TomlChecker::boolean(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
        fail(*n, "'" + std::string(key) + "' must be true or false, not " + type_name(*n));
        return std::nullopt;
    }
    return n->as_boolean()->get();
}

std::optional<Date> TomlChecker::date(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return std::nullopt;
    if (!n->is_date()) {
        fail(*n, "'" + std::string(key) + "' must be a date written YYYY-MM-DD without quotes, not " + type_name(*n));
        return std::nullopt;
    }
    const toml::date& d = n->as_date()->get();
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", int(d.year), int(d.month), int(d.day));
    auto out = Date::parse(iso);
    if (!out) fail(*n, "'" + std::string(key) + "' must be a date in the years 1900-2999");
    return out;
}

const toml::table* TomlChecker::table(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return nullptr;
    if (!n->is_table()) {
        fail(*n, "'" + std::string(key) + "' must be a table, not " + type_name(*n));
        return nullptr;
    }
    return n->as_table();
}

const toml::array* TomlChecker::array(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = get(t, key, required);
    if (!n) return nullptr;
    if (!n->is_array()) {
        fail(*n, "'" + std::string(key) + "' must be a list, not " + type_name(*n));
        return nullptr;
    }
    return n->as_array();
}

std::optional<std::vector<std::string>> TomlChecker::strings(const toml::table& t, std::string_view key,
                                                             bool required) {
    const toml::array* a = array(t, key, required);
    if (!a) return std::nullopt;
    std::vector<std::string> out;
    std::set<std::string> seen;
    bool good = true;
    for (const auto& el : *a) {
        if (!el.is_string()) {
            fail(el, "'" + std::string(key) + "' must list text values, not " + type_name(el));
            good = false;
            continue;
        }
        std::string s = el.as_string()->get();
        if (!seen.insert(s).second) {
            fail(el, "'" + std::string(key) + "' lists \"" + s + "\" twice");
            good = false;
        }
        out.push_back(s);
    }
    if (!good) return std::nullopt;
    return out;
}

void TomlChecker::only_keys(const toml::table& t, std::initializer_list<std::string_view> allowed) {
    for (auto&& [k, v] : t) {
        bool known = false;
        for (auto a : allowed) known = known || k.str() == a;
        if (known) continue;
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(k.source().begin.line ? k.source() : v.source(),
             "unknown key '" + std::string(k.str()) + "' (expected one of: " + list + ")");
    }
}

bool is_identifier(std::string_view s) {
    if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

}  // namespace fw::detail
