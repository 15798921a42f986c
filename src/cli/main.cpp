// `fidelity`: the command line of the Fidelity Workstation.
// Exit status: 0 done; 2 the input is wrong (a message naming the file and
// the place); 1 anything else.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "platform/platform.hpp"

namespace {

int run_command(fw::cli::Command& c, fw::cli::Context& ctx) {
    using namespace fw;
    using namespace fw::cli;
    try {
        int status = c.run(ctx);
        flush_standard_output();
        return status;
    } catch (const InputError& e) {
        auto lines = e.lines();
        if (c.all_problems) {
            for (const auto& l : lines) std::cerr << l << "\n";
        } else {
            std::cerr << lines.front() << "\n";
            if (lines.size() > 1)
                std::cerr << "(" << lines.size() - 1 << " more problem" << (lines.size() == 2 ? "" : "s")
                          << "; 'fidelity validate' lists them all)\n";
        }
        return kBadInput;
    } catch (const RuleError& e) {
        std::cerr << (c.subject.empty() ? "fidelity" : c.subject) << ": " << e.what() << "\n";
        return kBadInput;
    } catch (const NotInCatalog& e) {
        std::cerr << (c.subject.empty() ? "fidelity" : c.subject) << ": " << e.what() << "\n";
        return kBadInput;
    } catch (const std::bad_alloc&) {
        std::cerr << "fidelity: out of memory" << (c.subject.empty() ? "" : " working on " + c.subject)
                  << "; nothing was written. Free some memory, or use a machine with more\n";
        return kFailed;
    } catch (const std::exception& e) {
        std::cerr << "fidelity: " << e.what() << "\n";
        return kFailed;
    }
}

// Running out of memory ends with exit 1 and a message, never an abort.
// bad_alloc is caught in run_command; but destroying a JSON document needs
// memory of its own (nlohmann keeps a stack of the values it frees, inside a
// noexcept destructor), where a bad_alloc ends in std::terminate. So the
// first failure to allocate gives back a reserve and lets the allocation try
// again (it may be such a destructor), and std::terminate, when a bad_alloc
// brought it, says so and exits 1. Nothing is half-written then: outputs are
// renamed into place whole.
char* g_reserve = nullptr;

void out_of_memory() {
    if (!g_reserve) throw std::bad_alloc();
    delete[] g_reserve;
    g_reserve = nullptr;
}

[[noreturn]] void terminated() {
    if (std::current_exception()) {
        try {
            std::rethrow_exception(std::current_exception());
        } catch (const std::bad_alloc&) {
            static const char msg[] = "fidelity: out of memory; nothing was written. Free some memory, or use a machine with more\n";
            (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
            std::_Exit(fw::cli::kFailed);
        } catch (...) {
        }
    }
    std::abort();
}

// Help and version text: the status, unless it could not be written.
int printed(int status) {
    try {
        fw::cli::flush_standard_output();
        return status;
    } catch (const std::exception& e) {
        std::cerr << "fidelity: " << e.what() << "\n";
        return fw::cli::kFailed;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace fw;
    using namespace fw::cli;
    // A closed pipe is a write error with a message, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    // So is a file larger than the process may write (ulimit -f).
    std::signal(SIGXFSZ, SIG_IGN);
    // Every command's output fits, so a write error shows at the final
    // flush, where its reason is still known.
    static char out_buffer[1 << 20];
    std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    g_reserve = new char[std::size_t(32) << 20];
    std::set_new_handler(out_of_memory);
    std::set_terminate(terminated);
    CLI::App app{"fidelity: score, check and report IPS fidelity reviews (Fidelity Workstation)", "fidelity"};
    app.require_subcommand(1);
    // The same syntax everywhere: on Windows CLI11 would take "/data/x.json"
    // for a /option.
    app.allow_windows_style_options(false);
    Context ctx;
    app.add_option("--data-dir", ctx.data_dir, "Folder holding scales/ and templates/ (default: the installed data)");
    app.set_version_flag("--version", std::string("fidelity ") + FIDELITY_VERSION);

    Commands commands;
    add_core_commands(app, commands);
#ifdef FIDELITY_WITH_STORAGE
    add_storage_commands(app, commands);
#endif
#ifdef FIDELITY_WITH_REPORTS
    add_report_commands(app, commands);
#endif

    // UTF-8 arguments on every system: a Windows path may have any letter.
    std::vector<std::string> args = platform::utf8_arguments(argc, argv);
    std::vector<char*> arg_ptrs;
    for (auto& a : args) arg_ptrs.push_back(a.data());
    platform::prepare_console();
    try {
        app.parse(int(arg_ptrs.size()), arg_ptrs.data());
    } catch (const CLI::CallForHelp& e) {
        return printed(app.exit(e));
    } catch (const CLI::CallForAllHelp& e) {
        return printed(app.exit(e));
    } catch (const CLI::CallForVersion& e) {
        return printed(app.exit(e));
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kBadInput;
    }

    for (auto& c : commands)
        if (c->app->parsed()) return run_command(*c, ctx);
    return kFailed;
}
