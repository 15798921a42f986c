// `fidelity`: the command line of the Fidelity Workstation.
// Exit status: 0 done; 2 the input is wrong (a message naming the file and
// the place); 1 anything else.
#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "platform/platform.hpp"

int main(int argc, char** argv) {
    using namespace fw;
    using namespace fw::cli;
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
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kBadInput;
    }

    for (auto& c : commands) {
        if (!c->app->parsed()) continue;
        try {
            return c->run(ctx);
        } catch (const InputError& e) {
            auto lines = e.lines();
            if (c->all_problems) {
                for (const auto& l : lines) std::cerr << l << "\n";
            } else {
                std::cerr << lines.front() << "\n";
                if (lines.size() > 1)
                    std::cerr << "(" << lines.size() - 1 << " more problem" << (lines.size() == 2 ? "" : "s")
                              << "; 'fidelity validate' lists them all)\n";
            }
            return kBadInput;
        } catch (const RuleError& e) {
            std::cerr << (c->subject.empty() ? "fidelity" : c->subject) << ": " << e.what() << "\n";
            return kBadInput;
        } catch (const NotInCatalog& e) {
            std::cerr << (c->subject.empty() ? "fidelity" : c->subject) << ": " << e.what() << "\n";
            return kBadInput;
        } catch (const std::exception& e) {
            std::cerr << "fidelity: " << e.what() << "\n";
            return kFailed;
        }
    }
    return kFailed;
}
