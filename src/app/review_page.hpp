#pragma once
// The review page: one item at a time. Its name and definition, the five
// anchors as native radio buttons (keys 1-5 choose, 0 clears), both
// reviewers' scores beside the consensus, the element checklist or
// calculator with its suggested score, data sources, evidence and
// recommendation. On a wide page the evidence and recommendation stand
// beside the anchors, so both show without scrolling. Every change is handed
// to the frame as one edit, with the place it was made.
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

#include "app/session.hpp"
#include "storage/database.hpp"

namespace fw::app {

class ReviewPage : public wxPanel {
public:
    // Applies an edit (label for undo, the change, a merge key for typing,
    // where it was made); returns false when it was refused (the frame has
    // told the user).
    using EditFn = std::function<bool(const std::string&, const storage::Database::Change&, const std::string&,
                                      const Session::Place&)>;

    ReviewPage(wxWindow* parent, EditFn edit);

    // A review was opened (or nullptr): shows `item`, else the first item
    // without a consensus score, and puts the focus on its scores.
    void Open(const Session* session, const std::string& item = {});
    // The review changed (an edit, a stage, a merge): refreshes what is
    // shown without disturbing the text being typed or the scroll position.
    void Refresh(const Session* session);

    const std::string& CurrentItem() const { return item_; }
    // Shows `item` and puts the focus on its scores.
    void GoTo(const std::string& item);
    void Next();
    void Previous();
    // "Scoring as": 0 = consensus, 1.. = the review's reviewers in order.
    void SetMode(int mode);
    int Mode() const { return mode_; }
    // The reviewer being scored as; empty for the consensus.
    std::string ModeReviewer() const;
    // Goes to the place an edit was made (undo, redo): the item and the rater.
    void ShowPlace(const Session::Place& place);
    void SetDisagreementsOnly(bool on);
    bool DisagreementsOnly() const { return disagreements_only_; }
    // The first item without a consensus score (the first item when all are scored).
    std::string FirstUnscored() const;

    // Keys 0-5 and Page Down / Page Up outside text boxes (from the frame's
    // key hook). True when used.
    bool HandleKey(int key_code);
    // Chooses a score for the current item in the current mode. Once the
    // draft report is out, a consensus change asks for the amendment's
    // reason (and, with `ask_score`, for the score as well).
    void ChooseScore(int score, bool ask_score = false);
    void FocusScores();
    void FocusEvidence();
    void FocusRecommendation();
    // Stores text typed but not yet stored (leaving a box, the item, the window).
    void FlushText();
    // Called with the item shown whenever it changes.
    void OnItemChanged(std::function<void(const std::string&)> fn) { on_item_ = std::move(fn); }
    // Called when typing starts that is not stored yet (with the place and
    // field), and with an empty field once it is stored.
    void OnTypingPending(std::function<void(const Session::Place&, const std::string& field)> fn) {
        on_typing_ = std::move(fn);
    }
    // Who is using the workstation: recorded with amendments.
    void SetActor(const std::string& actor) { actor_ = actor; }

    // Typing is stored after a pause, and at the latest this long after the
    // first key that is not stored yet, however fast the typing goes on.
    static constexpr int kTextPauseMs = 300;
    static constexpr int kTextMaxWaitMs = 1000;

private:
    void BuildItem();
    void BuildAnchors(wxSizer* column, int wrap);
    void BuildWorksheet(wxSizer* column, int wrap);
    void BuildSources(wxSizer* column);
    void BuildTexts(wxSizer* column, int height);
    void FillItemChoice();
    void UpdateHeader();
    void UpdateScores();
    void UpdateSuggestion();
    Suggestion CurrentSuggestion() const;
    std::vector<std::string> VisibleItems() const;
    bool TextLocked() const;
    bool WorksheetLocked() const;
    const ReviewerWork* Work() const;
    void OnText(wxTextCtrl* ctrl, const std::string& field);
    void AmendText();
    void SaveChecklist();
    void SaveCalculator();
    void SaveSources();
    bool Edit(const std::string& label, const storage::Database::Change& change, const std::string& merge_key = {});
    void OnBodySize(wxSizeEvent& e);
    wxString WrapText(const wxString& text, int width) const;

    EditFn edit_;
    const Session* session_ = nullptr;
    std::string item_;
    int mode_ = 0;
    bool disagreements_only_ = false;
    bool updating_ = false;  // programmatic changes must not become edits
    std::string actor_;
    std::function<void(const std::string&)> on_item_;
    std::function<void(const Session::Place&, const std::string&)> on_typing_;
    struct PendingText {
        wxTextCtrl* ctrl;
        std::string field, item, reviewer;
    };
    std::optional<PendingText> pending_;
    wxTimer pause_timer_;
    wxTimer max_wait_timer_;
    int built_width_ = 0;  // the body's width the item was laid out for

    wxStaticText* header_;
    wxStaticText* subheader_;
    wxChoice* item_choice_;
    wxChoice* mode_choice_;
    wxCheckBox* only_disagreements_;
    wxScrolledWindow* body_;

    // Rebuilt for each item.
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
