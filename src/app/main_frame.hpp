#pragma once
// The workstation's main window: programs and reviews on the left, the
// review page in the middle, the summary on the right. Every action is a
// method that takes its values (the dialogs only collect them), so the GUI
// test drives the same code a reviewer does.
#include <wx/frame.h>
#include <wx/timer.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/dialogs.hpp"
#include "app/session.hpp"
#include "core/catalog.hpp"
#include "storage/database.hpp"

class wxSearchCtrl;
class wxChoice;
class wxCheckBox;
class wxSpinCtrl;
class wxTreeCtrl;
class wxTreeEvent;
class wxSimplebook;
class wxFileHistory;
class wxMenu;

namespace fw::app {

class ReviewPage;
class SummaryPane;

struct AppSettings {
    std::string data_dir;  // scales/, templates/
    std::string actor;     // the reviewer using the workstation
    std::string example_review;  // docs/examples/... installed copy
    std::string user_guide;      // file opened by F1
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
    std::int64_t AddReview(const ReviewSetup& setup);
    void OpenReview(std::int64_t review_id, const std::string& item = {});
    void CloseReview();
    // Applies one edit to the open review; false when refused (the user was told).
    bool Apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key = {});
    bool IssueDraft(Date on);
    bool RecordContest(const Contest& contest);
    bool DecideContest(const ContestDecision& decision);
    bool IssueFinal(Date on);
    bool SetActionPlan(const std::vector<ActionPlanRow>& rows);
    std::int64_t ImportReviewFile(const std::string& path);  // 0 when refused
    bool OpenExample();
    bool ExportPdf(const std::string& path);
    bool ExportHtml(const std::string& path);
    bool ExportXlsx(const std::string& path);
    bool ExportActionPlan(const std::string& path);
    bool ExportReviewFile(const std::string& path);
    void Undo();
    void Redo();

    // --- for tests and the screenshot script ------------------------------
    Session* CurrentSession() { return session_.get(); }
    storage::Database* Db() { return db_.get(); }
    Catalog& GetCatalog() { return *catalog_; }
    ReviewPage* Page() { return page_; }
    SummaryPane* Summary() { return summary_; }
    wxTreeCtrl* Tree() { return tree_; }
    void SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days);
    // When set, errors go to this string instead of a message box.
    void SetQuiet(std::string* sink) { quiet_ = sink; }
    wxString StatusText(int field) const;
    // Reads the program list again (after writes made around the window).
    void ReloadList(std::int64_t select_review = 0) { RefreshTree(select_review); }

private:
    void BuildMenus();
    void BuildLayout();
    void RefreshTree(std::int64_t select_review = 0);
    void RefreshAll();
    // Reloads the lists and the open review when another connection stored a change.
    void ShowChangesElsewhere();
    void UpdateTitle();
    void UpdateMenus();
    void ShowSaved();
    void Tell(const wxString& message, const wxString& title = {});
    void RememberSession();
    std::string SuggestedName(const std::string& extension) const;
    std::optional<std::string> AskSavePath(const wxString& title, const std::string& extension, const wxString& wildcard);
    void OfferOpenFolder(const std::string& path);
    // Runs `write` for an export of the open review; tells the user on failure.
    bool Export(const std::string& path, const wxString& failed, const std::function<void()>& write);
    void BatchExport();
    void OnCharHook(wxKeyEvent& e);
    void OnClose(wxCloseEvent& e);
    void OnTreeActivated(wxTreeEvent& e);
    void OnTreeExpanding(wxTreeEvent& e);

    AppSettings settings_;
    std::unique_ptr<Catalog> catalog_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<Session> session_;
    std::string* quiet_ = nullptr;

    wxSearchCtrl* search_ = nullptr;
    wxChoice* lme_filter_ = nullptr;
    wxCheckBox* due_filter_ = nullptr;
    wxSpinCtrl* due_days_ = nullptr;
    wxTreeCtrl* tree_ = nullptr;
    wxSimplebook* book_ = nullptr;
    ReviewPage* page_ = nullptr;
    SummaryPane* summary_ = nullptr;
    wxFileHistory* recent_ = nullptr;
    wxMenu* recent_menu_ = nullptr;
    wxTimer saved_clock_;
    wxTimer changes_clock_;
};

}  // namespace fw::app
