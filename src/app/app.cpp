// The Fidelity Workstation's window program.
#include <wx/app.h>
#include <wx/config.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/iconbndl.h>
#include <wx/image.h>
#include <wx/intl.h>
#include <wx/log.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>
#include <wx/utils.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/dialogs.hpp"
#include "app/main_frame.hpp"
#include "app/recovery.hpp"
#include "app/review_page.hpp"
#include "app/summary_pane.hpp"
#ifdef FIDELITY_WITH_SCREENSHOTS
#include "app/screenshots.hpp"
#endif
#include "app/wx_util.hpp"
#include "platform/platform.hpp"
#include "storage/database.hpp"

namespace {

struct Options {
    std::string db;
    std::string actor;
    std::string data_dir;
    std::string screenshots;  // folder: take the user guide's screenshots and quit
    bool bench_startup = false;  // print the time to the first paint and quit
    bool open_example = false;
    std::int64_t open_review = 0;  // --open ID
};

Options g_options;
const auto g_started = std::chrono::steady_clock::now();

std::string default_actor() {
    std::string name = fw::platform::user_name();
    return name.empty() ? "reviewer" : name;
}

}  // namespace

class WorkstationApp : public wxApp {
public:
    bool OnInit() override {
        SetAppName("fidelity-workstation");
        SetAppDisplayName("Fidelity Workstation");
        {
            wxLogNull quiet;  // a locale the system lacks falls back to C, without a dialog
            locale_.Init(wxLANGUAGE_DEFAULT);
        }
        wxLocale::AddCatalogLookupPathPrefix(fw::app::U(data_dir() + "/locale"));
        locale_.AddCatalog("fidelity-workstation");
        // Dates and numbers are shown in the user's locale by wx, but every
        // machine format (JSON, SQLite, TOML) stays locale-free.
        std::setlocale(LC_NUMERIC, "C");
        wxInitAllImageHandlers();
        if (std::getenv("FIDELITY_LOG_STDERR")) wxLog::SetActiveTarget(new wxLogStderr);
#ifdef __WXMSW__
        // Settings in the registry (HKEY_CURRENT_USER\Software\Fidelity
        // Workstation), where Windows programs keep them and IT can preset them.
        wxConfig::Set(new wxConfig("Fidelity Workstation", wxEmptyString));
#else
        // Settings in ~/.config/fidelity-workstation.conf, as the desktop expects.
        wxStandardPaths::Get().SetFileLayout(wxStandardPaths::FileLayout_XDG);
        wxFileName::Mkdir(wxStandardPaths::Get().GetUserConfigDir(), wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
        wxConfig::Set(new wxFileConfig("fidelity-workstation", wxEmptyString, wxEmptyString, wxEmptyString,
                                       wxCONFIG_USE_LOCAL_FILE));
#endif
        wxConfigBase* cfg = wxConfig::Get();

        fw::app::AppSettings s;
        s.data_dir = data_dir();
        s.example_review = s.data_dir + "/examples/concord-2026-final.json";
        s.user_guide = s.data_dir + "/doc/user-guide.html";
        // The example is kept beside the default database, in its own file.
        s.example_db = fw::app::S(wxFileName(fw::app::U(fw::storage::Database::default_path())).GetPath()) + "/example.db";
        const bool unattended = !g_options.screenshots.empty() || g_options.bench_startup;
        // Who is reviewing: --as, else the name given at the first start.
        wxString known = cfg->Read("/Reviewer/Name", "");
        s.actor = !g_options.actor.empty() ? g_options.actor : fw::app::S(known);
        if (s.actor.empty() && !unattended) {
            auto name = fw::app::ask_reviewer_name(nullptr, default_actor());
            s.actor = name ? *name : default_actor();
            cfg->Write("/Reviewer/Name", fw::app::U(s.actor));
        }
        if (s.actor.empty()) s.actor = default_actor();

        // A session that did not end cleanly: every change was stored as it
        // was made; the frame compares what it recorded with the database.
        wxString last_db = cfg->Read("/Session/Database", "");
        const bool check_recovery = !unattended && !cfg->ReadBool("/Session/Clean", true);
        cfg->Write("/Session/Clean", false);
        cfg->Flush();

        auto* frame = new fw::app::MainFrame(s);
#ifdef __WXMSW__
        // Every size of the icon in the program's resources (the .rc file),
        // so the title bar and taskbar stay sharp at any DPI.
        frame->SetIcons(wxIconBundle("aaaa", nullptr));
#endif
        // --db and the default database may be created; the last one used
        // must still be there (else the user is told, not given an empty one).
        bool create = !g_options.db.empty() || last_db.empty();
        std::string db = !g_options.db.empty() ? g_options.db
                         : !last_db.empty()     ? fw::app::S(last_db)
                                                : fw::storage::Database::default_path();
        frame->Show();
        if (g_options.bench_startup) {
            // The frame itself is covered by its children and gets no paint
            // event: watch the summary pane, painted once the window shows.
            frame->Summary()->Bind(wxEVT_PAINT, [frame](wxPaintEvent& e) {
                e.Skip();
                static bool once = false;
                if (once) return;
                once = true;
                frame->CallAfter([frame] {
                    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_started).count();
                    long rss = fw::platform::resident_memory_kib();
                    std::printf("first_paint_ms=%.1f rss_kb=%ld\n", ms, rss);
                    std::fflush(stdout);
                    frame->Close(true);
                });
            });
        }
        if (!frame->OpenDatabase(db, create)) return true;  // told the user; they can open another
#ifdef FIDELITY_WITH_SCREENSHOTS
        if (!g_options.screenshots.empty()) {
            // Inside the event loop, so that every step is painted before its picture.
            frame->CallAfter([frame] { fw::app::take_screenshots(frame, g_options.screenshots); });
            return true;
        }
#endif
        if (g_options.open_review > 0) {
            frame->OpenReview(g_options.open_review);
        } else if (g_options.open_example) {
            frame->OpenExample();
        } else if (check_recovery && frame->Db()) {
            if (auto rec = fw::app::read_recovery(*frame->Db(), frame->GetCatalog())) {
                if (fw::app::ask(frame, rec->message, _("Reopen where you were"), {_("&Reopen"), _("&Not now")}) == wxID_YES)
                    frame->OpenReview(rec->review, rec->item);
            }
        }
        return true;
    }

private:
    static std::string data_dir() {
        return g_options.data_dir.empty() ? fw::Catalog::default_data_dir() : g_options.data_dir;
    }
    wxLocale locale_;
};

wxIMPLEMENT_APP_NO_MAIN(WorkstationApp);

int main(int argc, char** argv) {
    CLI::App cli{"fidelity-workstation: the Fidelity Workstation window", "fidelity-workstation"};
    cli.allow_windows_style_options(false);  // "/x/y.db" is a path, on Windows too
    cli.add_option("--db", g_options.db,
                   "Database: a file, or a shared server as postgresql://ROLE@HOST/DATABASE (default: the last one "
                   "used, else the platform's data folder)");
    cli.add_option("--as", g_options.actor, "Your name, as the audit trail records it");
    cli.add_option("--data-dir", g_options.data_dir, "Folder holding scales/ and templates/");
#ifdef FIDELITY_WITH_SCREENSHOTS
    cli.add_option("--screenshots", g_options.screenshots, "Save the user guide's screenshots into this folder and quit");
#endif
    cli.add_flag("--bench-startup", g_options.bench_startup, "Print the time to the first paint and the memory in use, then quit");
    cli.add_flag("--open-example", g_options.open_example, "Open the example review");
    cli.add_option("--open", g_options.open_review, "Open the review with this id, at its first unscored item");
    // UTF-8 arguments on every system (a --db path may have any letter).
    std::vector<std::string> args = fw::platform::utf8_arguments(argc, argv);
    std::vector<char*> arg_ptrs;
    for (auto& a : args) arg_ptrs.push_back(a.data());
    try {
        cli.parse(int(arg_ptrs.size()), arg_ptrs.data());
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
#ifdef __WXGTK__
    // Without a display GTK cannot start: say so in one line.
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    if ((!x || !*x) && (!w || !*w)) {
        std::fprintf(stderr, "fidelity-workstation: no display found (DISPLAY is not set); "
                             "use the command line instead: fidelity --help\n");
        return 1;
    }
    const char* display = x && *x ? x : w;
#else
    const char* display = "of this session";
#endif
    int wx_argc = 1;
    char* wx_argv[] = {argv[0], nullptr};
    if (!wxEntryStart(wx_argc, wx_argv)) {
        std::fprintf(stderr, "fidelity-workstation: cannot open the display %s; "
                             "use the command line instead: fidelity --help\n", display);
        return 1;
    }
    int rc = 0;
    if (wxTheApp->CallOnInit()) rc = wxTheApp->OnRun();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
