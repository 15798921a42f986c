#pragma once
// Shared checks for the TOML data files (scales, policies): every problem is
// collected with its line and column; finish() throws them as one InputError.
#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "error.hpp"

namespace fw::detail {

class TomlChecker {
public:
    explicit TomlChecker(std::string file) : file_(std::move(file)) {}

    // Syntax errors are fatal at once; everything else is collected.
    toml::table parse(const std::string& text);

    void fail(const toml::source_region& where, std::string message);
    void fail(const toml::node& where, std::string message) { fail(where.source(), std::move(message)); }
    void finish() const;
    bool ok() const { return problems_.empty(); }

    // Prefix for messages about one part of the file ("item staffing.1: ").
    std::string context;

    const toml::node* get(const toml::table& t, std::string_view key, bool required);
    std::optional<std::string> text(const toml::table& t, std::string_view key, bool required = true);
    // A whole number from `min` to `max` (what the value can mean): TOML
    // integers are 64-bit, so a value beyond its meaning is a problem at its
    // place, never cut to an int.
    std::optional<int> integer(const toml::table& t, std::string_view key, int min, int max, bool required = true);
    // The file format's version: any whole number (only 1 is read).
    std::optional<long long> version(const toml::table& t);
    // A finite number (TOML also has inf and nan).
    std::optional<double> number(const toml::table& t, std::string_view key, bool required = true);
    std::optional<bool> boolean(const toml::table& t, std::string_view key, bool required = true);
    // A TOML date (2016-01-01, unquoted), a real day in 1900-2999.
    std::optional<Date> date(const toml::table& t, std::string_view key, bool required = true);
    const toml::table* table(const toml::table& t, std::string_view key, bool required = true);
    const toml::array* array(const toml::table& t, std::string_view key, bool required = true);
    // Array of strings; problems for non-strings and duplicates.
    std::optional<std::vector<std::string>> strings(const toml::table& t, std::string_view key,
                                                    bool required = true);
    // A typo in a key must not be silently ignored.
    void only_keys(const toml::table& t, std::initializer_list<std::string_view> allowed);

private:
    std::string file_;
    std::vector<Problem> problems_;
};

// "staffing", "ips-se-25": lower case letters, digits, '-' and '_', starting with a letter.
bool is_identifier(std::string_view s);

}  // namespace fw::detail
