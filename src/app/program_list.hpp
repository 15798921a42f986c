#pragma once
// The left side of the window: find a program, filter by LME-MCO and by the
// next review's due date, and the programs with their reviews. The list is a
// wxDataViewCtrl: on GTK a native tree view, so screen readers see its rows
// (wx's own tree and list controls are drawn by wx and invisible to them).
#include <wx/panel.h>
#include <wx/timer.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "storage/database.hpp"

class wxCheckBox;
class wxChoice;
class wxDataViewCtrl;
class wxSearchCtrl;
class wxSpinCtrl;

namespace fw::app {

class ListModel;
struct ListNode;

class ProgramList : public wxPanel {
public:
    explicit ProgramList(wxWindow* parent);

    // Reads the list again from `db` (nullptr: empty), keeping the filters;
    // selects `select_review` when it is listed.
    void Fill(storage::Database* db, Catalog& catalog, std::int64_t select_review = 0);
    // The LME-MCOs the filter offers: the state's (a data file) and those in
    // the database.
    void SetLmeMcos(const std::vector<std::string>& names);
    void SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days);
    storage::ReviewFilter ReviewFilterNow() const;

    // The program the selection is or belongs to (0: none).
    std::int64_t SelectedProgram() const;
    // The selected review (0: a program or nothing).
    std::int64_t SelectedReview() const;
    // Shows and selects the review's line (its program expanded), without
    // choosing it again.
    void Select(std::int64_t review);
    // A review's line changed (its total or stage): shows it again.
    void UpdateReview(const storage::ReviewRow& row, Catalog& catalog);

    void FocusSearch();
    // Escape in the search box: clears it. True when there was something to clear.
    bool ClearSearch();
    bool SearchHasFocus() const;

    // What the list shows: every program line, and under it the review
    // lines of the programs that are expanded or have been.
    std::vector<wxString> Lines() const;
    // How many programs the view has been given (a long list: a screenful
    // until the window has painted).
    std::size_t ShownPrograms() const;
    wxDataViewCtrl* View() const { return view_; }

    // A review chosen (selected, or activated with Enter / a double click).
    void OnReviewChosen(std::function<void(std::int64_t review, bool activated)> fn) { on_review_ = std::move(fn); }
    // The filters changed: the owner fills the list again.
    void OnFilterChanged(std::function<void()> fn) { on_filter_ = std::move(fn); }

private:
    // Reads a program's reviews into the list when it is first opened.
    void Load(ListNode* program);
    // Gives the view the programs Fill held back; nothing when none are.
    void ShowAll();
    static std::unique_ptr<ListNode> review_node(ListNode* program, const storage::ReviewRow& row, Catalog& catalog);

    storage::Database* db_ = nullptr;
    Catalog* catalog_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    wxChoice* lme_filter_ = nullptr;
    wxCheckBox* due_filter_ = nullptr;
    wxSpinCtrl* due_days_ = nullptr;
    wxDataViewCtrl* view_ = nullptr;
    ListModel* model_ = nullptr;  // owned by the view (reference counted)
    bool selecting_ = false;      // a selection made in code is not a choice
    bool rest_pending_ = false;   // Fill gave the view only the first programs
    bool painted_ = false;        // the panel has been painted once
    wxTimer rest_clock_;          // ShowAll, should no paint come
    std::function<void(std::int64_t, bool)> on_review_;
    std::function<void()> on_filter_;
};

}  // namespace fw::app
