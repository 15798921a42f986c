#pragma once
// The `fidelity` subcommands. Each layer adds its own commands (core here,
// storage in cmd_storage.cpp, reports in cmd_reports.cpp); main() parses,
// runs the one chosen and turns errors into the spec's exit status.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/catalog.hpp"

namespace fw::cli {

inline constexpr int kDone = 0, kFailed = 1, kBadInput = 2;

struct Context {
    std::string data_dir;  // --data-dir, or the installation's
    Catalog& catalog();

private:
    std::unique_ptr<Catalog> catalog_;
};

struct Command {
    CLI::App* app = nullptr;
    // Runs the command; returns the exit status. May throw InputError (exit 2,
    // its problems printed), RuleError / NotInCatalog (exit 2, printed after
    // `subject`), anything else (exit 1).
    std::function<int(Context&)> run;
    // What messages about this run are about: usually the input file.
    std::string subject;
    // `validate` lists every problem; the others print the first one only.
    bool all_problems = false;
};

using Commands = std::vector<std::unique_ptr<Command>>;

// Flushes standard output; when that fails, throws std::runtime_error saying
// `what_failed` and why (exit 1). main() calls it after every command;
// a command that stored something calls it itself, to say what was stored.
void flush_standard_output(const std::string& what_failed = "writing to standard output failed");

void add_core_commands(CLI::App& app, Commands& commands);
void add_storage_commands(CLI::App& app, Commands& commands);
void add_report_commands(CLI::App&, Commands&);

}  // namespace fw::cli
