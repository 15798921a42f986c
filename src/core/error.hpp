#pragma once
// Input errors: a wrong file, value or rule. Every problem names the file and
// the place (a line and column, or a JSON pointer) so a user can find it; the
// command line turns these into exit status 2.
#include <stdexcept>
#include <string>
#include <vector>

namespace fw {

struct Place {
    enum class Kind { none, line, pointer };
    Kind kind = Kind::none;
    int line = 0;    // 1-based
    int column = 0;  // 1-based, 0 = unknown
    std::string pointer;

    static Place at_line(int line, int column = 0) { return {Kind::line, line, column, {}}; }
    static Place at_pointer(std::string p) { return {Kind::pointer, 0, 0, std::move(p)}; }
};

struct Problem {
    Place place;
    std::string message;
};

// Formats one problem as "file:12:3: message" or "file: /ratings/0/score: message".
std::string format_problem(const std::string& file, const Problem& p);

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::vector<Problem> problems);
    InputError(std::string file, Problem problem);

    const std::string& file() const { return file_; }
    const std::vector<Problem>& problems() const { return problems_; }
    // Every problem on its own line.
    std::vector<std::string> lines() const;

private:
    std::string file_;
    std::vector<Problem> problems_;
};

// A rule of the review's lifecycle refused an action (issuing a final report
// with contests pending, a fourth contest, ...). The message says why.
class RuleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fw
