#pragma once
// The review page: one item at a time. Its name and definition, the five
// anchors as native radio buttons (keys 1-5 choose, Page Down / Page Up move
// between items), both reviewers' scores beside the consensus, the element
// checklist or calculator with its suggested score, data sources, evidence
// and recommendation. Every change is handed to the frame as one edit.
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/panel.h>
#include <wx/radiobut.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace fw::app {

class Session;

class ReviewPage : public wxPanel {
public:
    // Applies an edit (label for undo, the change, a merge key for typing);
    // returns false when it was refused (the frame has told the user).
    using EditFn = std::function<bool(const std::string&, const storage::Database::Change&, const std::string&)>;

    ReviewPage(wxWindow* parent, EditFn edit);

    // A review was opened (or nullptr): shows its first item, or `item`.
    void Open(const Session* session, const std::string& item = {});
    // The review changed (an edit, undo, a stage): refreshes what is shown
    // without disturbing the text being typed.
    void Refresh(const Session* session);

    const std::string& CurrentItem() const { return item_; }
    void GoTo(const std::string& item);
    void Next();
    void Previous();
    // "Scoring as": 0 = consensus, 1.. = the review's reviewers in order.
    void SetMode(int mode);
    int Mode() const { return mode_; }
    void SetDisagreementsOnly(bool on);

    // Keys 1-5, Page Down, Page Up (from the frame's key hook). True when used.
    bool HandleKey(int key_code);
    // Chooses a score for the current item in the current mode. Once the
    // draft report is out, a consensus change asks for the amendment's
    // reason (and, with `ask_score`, for the score as well).
    void ChooseScore(int score, bool ask_score = false);
    // Stores text typed but not yet stored (before closing, in tests).
    void FlushText();
    // Called with the item shown whenever it changes.
    void OnItemChanged(std::function<void(const std::string&)> fn) { on_item_ = std::move(fn); }
    // Who is using the workstation: recorded with amendments.
    void SetActor(const std::string& actor) { actor_ = actor; }

private:
    void BuildItem();
    void FillItemChoice();
    void UpdateHeader();
    void UpdateScores();
    void UpdateSuggestion();
    Suggestion CurrentSuggestion() const;
    std::vector<std::string> VisibleItems() const;
    std::string ModeReviewer() const;  // empty in consensus mode
    bool TextLocked() const;
    void OnText(wxTextCtrl* ctrl, const std::string& field);
    void AmendText();
    void SaveChecklist();
    void SaveCalculator();
    void SaveSources();
    wxString WrapText(const wxString& text, int width) const;

    EditFn edit_;
    const Session* session_ = nullptr;
    std::string item_;
    int mode_ = 0;
    bool disagreements_only_ = false;
    bool updating_ = false;  // programmatic changes must not become edits
    std::string actor_;
    std::function<void(const std::string&)> on_item_;
    struct PendingText {
        wxTextCtrl* ctrl;
        std::string field, item, reviewer;
    };
    std::optional<PendingText> pending_;
    wxTimer text_timer_;
    static constexpr int kTextDelayMs = 300;

    wxStaticText* header_;
    wxStaticText* subheader_;
    wxChoice* item_choice_;
    wxChoice* mode_choice_;
    wxCheckBox* only_disagreements_;
    wxScrolledWindow* body_;

    // Rebuilt for each item.
    wxStaticText* item_title_ = nullptr;
    wxStaticText* score_line_ = nullptr;
    wxStaticText* disagreement_ = nullptr;
    std::vector<wxRadioButton*> radios_;  // [0] = not scored, [1..5]
    std::vector<wxCheckBox*> elements_;
    std::vector<std::vector<wxTextCtrl*>> calc_rows_;
    std::vector<wxCheckBox*> sources_;
    wxStaticText* suggestion_ = nullptr;
    wxButton* use_suggestion_ = nullptr;
    wxTextCtrl* evidence_ = nullptr;
    wxTextCtrl* recommendation_ = nullptr;
    wxTextCtrl* notes_ = nullptr;
    wxButton* amend_text_ = nullptr;
};

}  // namespace fw::app
