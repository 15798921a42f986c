#include "error.hpp"

#include "printable.hpp"

namespace fw {

namespace {
std::string format_place(const std::string& file, const Problem& p);
}

// One line whatever the file's name and the values quoted hold (printable.hpp).
std::string format_problem(const std::string& file, const Problem& p) { return printable(format_place(file, p)); }

namespace {
std::string format_place(const std::string& file, const Problem& p) {
    switch (p.place.kind) {
    case Place::Kind::line: {
        std::string s = file + ":" + std::to_string(p.place.line);
        if (p.place.column > 0) s += ":" + std::to_string(p.place.column);
        return s + ": " + p.message;
    }
    case Place::Kind::pointer:
        return file + ": " + (p.place.pointer.empty() ? std::string("/") : p.place.pointer) + ": " +
               p.message;
    case Place::Kind::none:
        break;
    }
    return file + ": " + p.message;
}
}  // namespace

static std::string first_line(const std::string& file, const std::vector<Problem>& problems) {
    if (problems.empty()) return file + ": invalid";
    return format_problem(file, problems.front());
}

InputError::InputError(std::string file, std::vector<Problem> problems)
    : std::runtime_error(first_line(file, problems)), file_(std::move(file)), problems_(std::move(problems)) {}

InputError::InputError(std::string file, Problem problem)
    : InputError(std::move(file), std::vector<Problem>{std::move(problem)}) {}

std::vector<std::string> InputError::lines() const {
    std::vector<std::string> out;
    for (const auto& p : problems_) out.push_back(format_problem(file_, p));
    if (out.empty()) out.push_back(what());
    return out;
}

}  // namespace fw
