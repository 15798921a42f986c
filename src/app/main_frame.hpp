#pragma once
// The workstation's main window: programs and reviews on the left, the
// review page in the middle, the summary on the right. Every action is a
// named command (commands.hpp) and a method that takes its values (the
// dialogs only collect them), so the GUI test drives the same code a
// reviewer does. The frame's code is split by what it does:
//   main_frame.cpp      layout, opening and closing, edits, undo, keys, status
//   frame_commands.cpp  the commands, the menus and the toolbar
//   frame_actions.cpp   programs, reviews, stages, corrections, merge, example
//   frame_exports.cpp   reports and files written from the open review
//   help.cpp            the user guide (F1) and the keyboard map
#include <wx/frame.h>
#include <wx/timer.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.hpp"
#include "app/dialogs.hpp"
#include "app/session.hpp"
#include "core/catalog.hpp"
#include "storage/database.hpp"

class wxSimplebook;
class wxFileHistory;
class wxMenu;
class wxButton;
class wxScrolledWindow;

namespace fw::app {

class ProgramList;
class ReviewPage;
class SummaryPane;

struct AppSettings {
    std::string data_dir;        // scales/, templates/
    std::string actor;           // the reviewer using the workstation
    std::string example_review;  // docs/examples/... installed copy
    std::string example_db;      // where the example review is kept: never the user's own database
    std::string user_guide;      // the HTML user guide opened by F1
};

class MainFrame : public wxFrame {
public:
    explicit MainFrame(AppSettings settings);
    ~MainFrame() override;

    // --- actions --------------------------------------------------------
    // false: told the user why. Without `create` the file must exist: a
    // mistyped or moved path must not quietly become a new, empty database.
    bool OpenDatabase(const std::string& path, bool create = true);
    std::int64_t AddProgram(const storage::ProgramDetails& details);
    bool UpdateProgram(std::int64_t program_id, const storage::ProgramDetails& details);
    std::int64_t AddReview(const ReviewSetup& setup);
    // Opens the review at `item` (else its first unscored item), with the
    // focus on that item's scores.
    void OpenReview(std::int64_t review_id, const std::string& item = {});
    void CloseReview();
    // Applies one edit to the open review; false when refused (the user was told).
    bool Apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key = {},
               const Session::Place& place = {});
    bool IssueDraft(Date on);
    bool CorrectDraftDate(Date on);
    bool RecordContest(const Contest& contest);
    bool DecideContest(const ContestDecision& decision);
    bool IssueFinal(Date on);
    bool CorrectFinalDate(Date on);
    bool SetActionPlan(const std::vector<ActionPlanRow>& rows);
    // The consensus where the reviewers agree: one undoable, audited edit.
    // Returns how many items it scored.
    int AcceptAgreedScores();
    bool UpdateReviewFacts(const ReviewSetup& facts);
    // Deletes the open review (asked first, unless `confirmed`).
    bool DeleteReview(bool confirmed = false);
    std::int64_t ImportReviewFile(const std::string& path);  // 0 when refused
    bool MergeReviewFile(const std::string& path);
    // Opens the example review from its own sample database (created the
    // first time), never the user's.
    bool OpenExample();
    bool ExportPdf(const std::string& path);
    bool ExportHtml(const std::string& path);
    bool ExportXlsx(const std::string& path);
    bool ExportActionPlan(const std::string& path);
    bool ExportReviewFile(const std::string& path);
    void Undo();
    void Redo();
    void SetActor(const std::string& actor);
    // F1: the user guide at the section for what is on screen.
    void ShowHelp();
    // The section F1 opens now ("scoring-an-item", ...).
    std::string HelpSection() const;

    // --- for tests and the screenshot script ------------------------------
    Session* CurrentSession() { return session_.get(); }
    storage::Database* Db() { return db_.get(); }
    Catalog& GetCatalog() { return *catalog_; }
    ReviewPage* Page() { return page_; }
    SummaryPane* Summary() { return summary_; }
    ProgramList* List() { return list_; }
    Commands& GetCommands() { return commands_; }
    const AppSettings& Settings() const { return settings_; }
    void SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days);
    // When set, errors go to this string instead of a message box.
    void SetQuiet(std::string* sink);
    wxString StatusText(int field) const;
    // Reads the program list again (after writes made around the window).
    void ReloadList(std::int64_t select_review = 0);
    // The file name offered for an export ("Concord-IPS-Team-2026-03-02-draft.pdf").
    std::string SuggestedName(const std::string& extension) const;

private:
    void RegisterCommands();
    void RegisterFileCommands();
    void RegisterReviewCommands();
    void BuildMenus();
    void BuildLayout();
    wxWindow* BuildWelcome(wxWindow* parent);
    void RefreshAll();
    void FitSummary();
    // Reloads the lists and the open review when another connection stored a change.
    void ShowChangesElsewhere();
    void ShowIntegrity();
    void UpdateTitle();
    void UpdateCommands();
    void ShowSaved();
    void Tell(const wxString& message, const wxString& title = {});
    void RememberSession();
    std::vector<std::string> KnownReviewers() const;
    std::vector<std::string> KnownLmeMcos() const;
    std::optional<std::string> AskSavePath(const wxString& title, const std::string& extension, const wxString& wildcard);
    void OfferOpenFolder(const std::string& path);
    // Runs `write` for an export of the open review; tells the user on failure.
    bool Export(const std::string& path, const wxString& failed, const std::function<void()>& write);
    void BatchExport();
    void ShowKeyboardMap();
    void AskActor();
    void OnCharHook(wxKeyEvent& e);
    void OnClose(wxCloseEvent& e);

    AppSettings settings_;
    std::unique_ptr<Catalog> catalog_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<Session> session_;
    std::string* quiet_ = nullptr;
    Commands commands_;

    ProgramList* list_ = nullptr;
    wxSimplebook* book_ = nullptr;
    ReviewPage* page_ = nullptr;
    SummaryPane* summary_ = nullptr;
    wxFileHistory* recent_ = nullptr;
    wxMenu* recent_menu_ = nullptr;
    wxTimer saved_clock_;
    wxTimer changes_clock_;
    // Asks how the database's background integrity check stands until it
    // has finished (OpenDatabase).
    wxTimer integrity_clock_;
};

}  // namespace fw::app
