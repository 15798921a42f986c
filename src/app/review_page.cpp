#include "review_page.hpp"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/statline.h>

#include <algorithm>

#include "app/a11y.hpp"
#include "app/dialogs.hpp"
#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

ReviewPage::ReviewPage(wxWindow* parent, EditFn edit)
    : wxPanel(parent, wxID_ANY), edit_(std::move(edit)), pause_timer_(this), max_wait_timer_(this) {
    // Either timer stores the typing: the pause, or the longest wait.
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { FlushText(); });
    auto* box = new wxBoxSizer(wxVERTICAL);
    header_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    header_->SetFont(header_->GetFont().Bold().Larger());
    subheader_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    box->Add(header_, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
    box->Add(subheader_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));

    // Two rows: the item with previous / next; whose score, disagreements only.
    auto* nav = new wxBoxSizer(wxHORIZONTAL);
    auto* item_label = new wxStaticText(this, wxID_ANY, _("&Item:"));
    nav->Add(item_label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    item_choice_ = new wxChoice(this, wxID_ANY);
    item_choice_->SetMinSize(wxSize(FromDIP(160), -1));
    label_field(item_label, item_choice_);
    nav->Add(item_choice_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    auto* prev = new wxButton(this, wxID_ANY, _("Pre&vious"));
    auto* next = new wxButton(this, wxID_ANY, _("Ne&xt"));
    prev->SetToolTip(_("Previous item (Ctrl+Page Up)"));
    next->SetToolTip(_("Next item (Ctrl+Page Down)"));
    nav->Add(prev, 0, wxRIGHT, FromDIP(2));
    nav->Add(next, 0);
    box->Add(nav, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    auto* modes = new wxBoxSizer(wxHORIZONTAL);
    auto* mode_label = new wxStaticText(this, wxID_ANY, _("&Scoring as:"));
    modes->Add(mode_label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    mode_choice_ = new wxChoice(this, wxID_ANY);
    label_field(mode_label, mode_choice_);
    modes->Add(mode_choice_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(12));
    only_disagreements_ = new wxCheckBox(this, wxID_ANY, _("Show only &disagreements"));
    modes->Add(only_disagreements_, 0, wxALIGN_CENTER_VERTICAL);
    box->Add(modes, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    box->Add(new wxStaticLine(this), 0, wxEXPAND);

    body_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL);
    body_->SetScrollRate(0, FromDIP(12));
    body_->Bind(wxEVT_SIZE, &ReviewPage::OnBodySize, this);
    box->Add(body_, 1, wxEXPAND);
    SetSizer(box);

    item_choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent& e) {
        auto items = VisibleItems();
        if (e.GetSelection() >= 0 && size_t(e.GetSelection()) < items.size()) GoTo(items[size_t(e.GetSelection())]);
    });
    prev->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Previous(); });
    next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Next(); });
    mode_choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent& e) { SetMode(e.GetSelection()); });
    only_disagreements_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent& e) { SetDisagreementsOnly(e.IsChecked()); });
}

void ReviewPage::OnBodySize(wxSizeEvent& e) {
    e.Skip();
    // Lay the item out again for a new width (wrapping, one or two columns),
    // keeping the focus where it was.
    if (!session_ || std::abs(e.GetSize().x - built_width_) < FromDIP(40)) return;
    CallAfter([this] {
        if (!session_ || std::abs(body_->GetClientSize().x - built_width_) < FromDIP(40)) return;
        wxWindow* focus = wxWindow::FindFocus();
        wxString name = focus && body_->IsDescendant(focus) ? focus->GetName() : wxString();
        BuildItem();
        if (!name.empty())
            if (wxWindow* again = wxWindow::FindWindowByName(name, body_)) again->SetFocus();
    });
}

void ReviewPage::Open(const Session* session, const std::string& item) {
    // Anything typed belongs to the review that was open: store it first.
    FlushText();
    session_ = session;
    mode_ = 0;
    disagreements_only_ = false;
    only_disagreements_->SetValue(false);
    item_.clear();
    if (session_) {
        item_ = session_->scale().find(item) ? item : FirstUnscored();
        updating_ = true;
        mode_choice_->Clear();
        mode_choice_->Append(_("Consensus"));
        for (const auto& name : session_->review().review.reviewers) mode_choice_->Append(U(name));
        mode_choice_->SetSelection(0);
        updating_ = false;
    }
    BuildItem();
    if (session_) {
        if (on_item_) on_item_(item_);
        FocusScores();
    }
}

std::string ReviewPage::FirstUnscored() const {
    if (!session_) return {};
    for (const auto& item : session_->scale().items)
        if (!session_->review().consensus(item.id)) return item.id;
    return session_->scale().items.front().id;
}

std::vector<std::string> ReviewPage::VisibleItems() const {
    std::vector<std::string> out;
    if (!session_) return out;
    auto dis = disagreements(session_->review(), session_->scale());
    for (const auto& item : session_->scale().items) {
        bool disagrees = std::any_of(dis.begin(), dis.end(), [&](const Disagreement& d) { return d.item == item.id; });
        if (!disagreements_only_ || disagrees || item.id == item_) out.push_back(item.id);
    }
    return out;
}

void ReviewPage::FillItemChoice() {
    updating_ = true;
    item_choice_->Freeze();
    item_choice_->Clear();
    if (session_) {
        auto dis = disagreements(session_->review(), session_->scale());
        int n = 0, sel = 0;
        for (const auto& id : VisibleItems()) {
            auto s = final_score(session_->review(), id);
            bool disagrees = std::any_of(dis.begin(), dis.end(), [&](const Disagreement& d) { return d.item == id; });
            wxString label = item_label(session_->scale(), id) + "  " +
                             (s ? wxString::Format("[%d]", *s) : wxString(_("[not scored]")));
            if (disagrees) label += "  " + wxString(_("(reviewers disagree)"));
            item_choice_->Append(label);
            if (id == item_) sel = n;
            ++n;
        }
        item_choice_->SetSelection(sel);
    }
    item_choice_->Thaw();
    updating_ = false;
}

std::string ReviewPage::ModeReviewer() const {
    if (!session_ || mode_ <= 0) return {};
    const auto& names = session_->review().review.reviewers;
    return size_t(mode_ - 1) < names.size() ? names[size_t(mode_ - 1)] : std::string();
}

bool ReviewPage::TextLocked() const { return session_ && !session_->rights().item_text; }

void ReviewPage::UpdateHeader() {
    const Review& r = session_->review();
    header_->SetLabel(U(r.program.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(r.program.agency));
    wxString visit = show(r.review.visit_start);
    if (r.review.visit_end && *r.review.visit_end != r.review.visit_start)
        visit += wxString::FromUTF8(" \xE2\x80\x93 ") + show(*r.review.visit_end);
    wxString reviewers;
    for (const auto& n : r.review.reviewers) reviewers += (reviewers.empty() ? "" : ", ") + U(n);
    const wxString dot = wxString::FromUTF8(" \xC2\xB7 ");
    wxString type = U(to_string(r.review.type));
    type[0] = wxToupper(type[0]);
    wxString text = wxString::Format(_("%s review"), type) + dot + wxString::Format(_("visit %s"), visit) + dot +
                    (reviewers.empty() ? wxString(_("no reviewers named")) : reviewers) + dot +
                    U(session_->policy().name) + dot + U(stage_label(session_->stage()));
    if (subheader_->GetLabel() != text) {
        subheader_->SetLabel(text);
        subheader_->Wrap(std::max(FromDIP(300), GetClientSize().x - FromDIP(16)));
    }
}

void ReviewPage::Refresh(const Session* session) {
    session_ = session;
    if (!session_) {
        BuildItem();
        return;
    }
    // The reviewers or the stage may have changed what the page offers
    // (a merge, a correction of the review's facts, an issued report).
    if (size_t(mode_choice_->GetCount()) != session_->review().review.reviewers.size() + 1 ||
        (mode_ > 0 && mode_choice_->GetString(unsigned(mode_)) != U(ModeReviewer()))) {
        Open(session_, item_);
        return;
    }
    // Typing in a calculator must not move the page: keep the scroll position.
    int x = 0, y = 0;
    body_->GetViewStart(&x, &y);
    Freeze();
    FillItemChoice();
    // Values typed elsewhere (undo, a merge) reach the widgets; the box being
    // typed in keeps its text.
    const Rating* rt = session_->review().rating(item_);
    const ReviewerWork* work = Work();
    updating_ = true;
    auto sync = [&](wxTextCtrl* t, const std::string& value) {
        if (t && !(pending_ && pending_->ctrl == t) && wxWindow::FindFocus() != t && S(t->GetValue()) != value)
            t->ChangeValue(U(value));
    };
    sync(evidence_, rt ? rt->evidence : "");
    sync(recommendation_, rt ? rt->recommendation : "");
    sync(notes_, work ? work->notes : "");
    const Item& it = *session_->scale().find(item_);
    if (it.checklist && elements_.size() == it.checklist->elements.size()) {
        const auto& met = work ? work->checklist : rt ? rt->checklist : std::vector<std::string>{};
        for (size_t i = 0; i < elements_.size(); ++i)
            elements_[i]->SetValue(std::find(met.begin(), met.end(), it.checklist->elements[i].id) != met.end());
    }
    if (sources_.size() == session_->scale().sources.size()) {
        const auto& used = work ? work->sources : rt ? rt->sources : std::vector<std::string>{};
        size_t i = 0;
        for (const auto& [code, meaning] : session_->scale().sources)
            sources_[i++]->SetValue(std::find(used.begin(), used.end(), code) != used.end());
    }
    updating_ = false;
    UpdateScores();
    UpdateSuggestion();
    UpdateHeader();
    Layout();
    body_->Layout();
    body_->FitInside();
    body_->Scroll(x, y);
    Thaw();
}

void ReviewPage::GoTo(const std::string& item) {
    if (!session_ || !session_->scale().find(item)) return;
    item_ = item;
    BuildItem();
    if (on_item_) on_item_(item_);
    FocusScores();
}

void ReviewPage::FocusScores() {
    // Keyboard users land on the scores: the chosen anchor, or "Not scored".
    for (auto* rb : radios_)
        if (rb->GetValue() && rb->IsEnabled()) {
            rb->SetFocus();
            return;
        }
    if (!radios_.empty()) {
        // Scores locked after the report: the first thing that can act.
        for (wxWindow* w : body_->GetChildren())
            if (dynamic_cast<wxButton*>(w) && w->IsEnabled()) {
                w->SetFocus();
                return;
            }
        body_->SetFocus();
    }
}

void ReviewPage::FocusEvidence() {
    if (wxTextCtrl* t = notes_ ? notes_ : evidence_) t->SetFocus();
}

void ReviewPage::FocusRecommendation() {
    if (recommendation_) recommendation_->SetFocus();
}

void ReviewPage::Next() {
    auto items = VisibleItems();
    auto it = std::find(items.begin(), items.end(), item_);
    if (it != items.end() && it + 1 != items.end()) GoTo(*(it + 1));
}

void ReviewPage::Previous() {
    auto items = VisibleItems();
    auto it = std::find(items.begin(), items.end(), item_);
    if (it != items.end() && it != items.begin()) GoTo(*(it - 1));
}

void ReviewPage::SetMode(int mode) {
    if (!session_) return;
    mode_ = std::clamp(mode, 0, int(session_->review().review.reviewers.size()));
    mode_choice_->SetSelection(mode_);
    BuildItem();
}

void ReviewPage::ShowPlace(const Session::Place& place) {
    if (!session_) return;
    int mode = 0;
    const auto& names = session_->review().review.reviewers;
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == place.rater) mode = int(i) + 1;
    if (disagreements_only_ && !place.item.empty()) {
        // The item of the change may not be a disagreement any more.
        disagreements_only_ = false;
        only_disagreements_->SetValue(false);
    }
    mode_ = mode;
    mode_choice_->SetSelection(mode_);
    GoTo(session_->scale().find(place.item) ? place.item : item_);
}

void ReviewPage::SetDisagreementsOnly(bool on) {
    disagreements_only_ = on;
    only_disagreements_->SetValue(on);
    if (on && session_) {
        // Jump to the first disagreement when the current item has none.
        auto dis = disagreements(session_->review(), session_->scale());
        bool here = std::any_of(dis.begin(), dis.end(), [&](const Disagreement& d) { return d.item == item_; });
        if (!here && !dis.empty()) item_ = dis.front().item;
    }
    BuildItem();
}

bool ReviewPage::HandleKey(int key) {
    if (!session_) return false;
    if (key == WXK_PAGEDOWN || key == WXK_NUMPAD_PAGEDOWN) {
        Next();
        return true;
    }
    if (key == WXK_PAGEUP || key == WXK_NUMPAD_PAGEUP) {
        Previous();
        return true;
    }
    if (key >= '0' && key <= '5') {
        ChooseScore(key - '0');
        return true;
    }
    if (key >= WXK_NUMPAD0 && key <= WXK_NUMPAD5) {
        ChooseScore(key - WXK_NUMPAD0);
        return true;
    }
    return false;
}

bool ReviewPage::Edit(const std::string& label, const storage::Database::Change& change, const std::string& merge_key) {
    return edit_(label, change, merge_key, Session::Place{item_, ModeReviewer()});
}

void ReviewPage::ChooseScore(int score, bool ask_score) {
    if (!session_) return;
    std::optional<int> value = score >= 1 && score <= 5 ? std::optional<int>(score) : std::nullopt;
    const std::string item = item_;
    const std::string reviewer = ModeReviewer();
    const std::string name = S(item_label(session_->scale(), item, false));
    bool ok = false;
    if (reviewer.empty()) {
        std::string reason;
        auto current = session_->review().consensus(item);
        if (current == value && !ask_score) {
            UpdateScores();
            return;
        }
        if (!session_->rights().consensus_score) {
            if (!why_not_amend_score(session_->review(), item).empty()) {
                // The rulebook's refusal, told the way every refused edit is.
                Edit("Score of " + name, [item, value, actor = actor_](Review& r, const Scale& s, const Policy&) {
                    set_consensus_score(r, s, item, value, fw::Edit{actor, Date::today(), ""});
                });
                UpdateScores();
                return;
            }
            auto a = ask_score_amendment(this, item_label(session_->scale(), item), session_->stage() == Stage::final, current, value ? value : current);
            if (!a) {
                UpdateScores();
                return;
            }
            value = a->score;
            reason = a->reason;
            if (value == current) {
                UpdateScores();
                return;
            }
        }
        ok = Edit("Score of " + name, [item, value, reason, actor = actor_](Review& r, const Scale& s, const Policy&) {
            set_consensus_score(r, s, item, value, fw::Edit{actor, Date::today(), reason});
        });
    } else {
        ok = Edit(reviewer + "'s score of " + name, [item, value, reviewer](Review& r, const Scale& s, const Policy&) {
            set_reviewer_score(r, s, item, reviewer, value);
        });
    }
    if (!ok) UpdateScores();
}

void ReviewPage::OnText(wxTextCtrl* ctrl, const std::string& field) {
    if (field != "notes" && TextLocked()) return;  // read-only; AmendText() changes it
    // Typing is stored a moment after the last key, and at the latest
    // kTextMaxWaitMs after the first key not stored yet (and at once when
    // the box loses focus, the item changes or the window closes): one write
    // per pause keeps large reviews quick and the audit readable, and steady
    // typing never goes unsaved for longer than a second.
    if (pending_ && pending_->ctrl != ctrl) FlushText();
    if (!pending_) {
        pending_ = PendingText{ctrl, field, item_, ModeReviewer()};
        max_wait_timer_.StartOnce(kTextMaxWaitMs);
        if (on_typing_) on_typing_(Session::Place{item_, pending_->reviewer}, field);
    }
    pause_timer_.StartOnce(kTextPauseMs);
}

void ReviewPage::FlushText() {
    pause_timer_.Stop();
    max_wait_timer_.Stop();
    if (!pending_ || !session_) {
        pending_.reset();
        return;
    }
    PendingText p = *pending_;
    pending_.reset();
    const std::string value = S(p.ctrl->GetValue());
    const std::string item = p.item, reviewer = p.reviewer, field = p.field, actor = actor_;
    const wxString what = field == "evidence" ? _("the evidence") : field == "recommendation" ? _("the recommendation")
                                                                                              : _("the notes");
    bool ok = edit_("Typing in " + S(what) + " of " + S(item_label(session_->scale(), item, false)),
                    [=](Review& r, const Scale& s, const Policy&) {
                        if (field == "notes") {
                            r.rating_for(item).work_for(reviewer).notes = value;
                        } else if (field == "evidence") {
                            set_item_text(r, s, item, &value, nullptr, fw::Edit{actor, Date::today(), ""});
                        } else {
                            set_item_text(r, s, item, nullptr, &value, fw::Edit{actor, Date::today(), ""});
                        }
                    },
                    field + ":" + item + ":" + reviewer, Session::Place{item, reviewer});
    if (on_typing_) on_typing_(Session::Place{item, reviewer}, {});
    if (!ok && item == item_ && session_) {
        updating_ = true;
        const Rating* rt = session_->review().rating(item);
        if (field == "evidence") p.ctrl->ChangeValue(U(rt ? rt->evidence : ""));
        else if (field == "recommendation") p.ctrl->ChangeValue(U(rt ? rt->recommendation : ""));
        updating_ = false;
    }
}

void ReviewPage::AmendText() {
    const Rating* rt = session_->review().rating(item_);
    auto change = ask_text_amendment(this, item_label(session_->scale(), item_), U(rt ? rt->evidence : ""), U(rt ? rt->recommendation : ""));
    if (!change) return;
    const std::string item = item_, actor = actor_;
    const std::string evidence = S(change->evidence), recommendation = S(change->recommendation), reason = change->reason;
    Edit("Amendment of the text of " + S(item_label(session_->scale(), item, false)), [=](Review& r, const Scale& s, const Policy&) {
        set_item_text(r, s, item, &evidence, &recommendation, fw::Edit{actor, Date::today(), reason});
    });
    BuildItem();
}

void ReviewPage::SaveChecklist() {
    const Item& it = *session_->scale().find(item_);
    std::vector<std::string> met;
    for (size_t i = 0; i < elements_.size(); ++i)
        if (elements_[i]->GetValue()) met.push_back(it.checklist->elements[i].id);
    const std::string item = item_, reviewer = ModeReviewer();
    Edit("Checklist of " + S(item_label(session_->scale(), item, false)), [=](Review& r, const Scale&, const Policy&) {
        if (reviewer.empty()) r.rating_for(item).checklist = met;
        else r.rating_for(item).work_for(reviewer).checklist = met;
    }, {});
    UpdateSuggestion();
}

void ReviewPage::SaveCalculator() {
    const Item& it = *session_->scale().find(item_);
    std::vector<CalculatorRow> rows;
    bool all_valid = true;
    for (const auto& ctrls : calc_rows_) {
        CalculatorRow row;
        for (size_t i = 0; i < ctrls.size(); ++i) {
            wxString text = ctrls[i]->GetValue();
            auto v = parse_number(text);
            bool bad = !text.empty() && (!v || *v < 0 || (it.calculator->inputs[i].whole && *v != std::floor(*v)));
            ctrls[i]->SetBackgroundColour(bad ? wxColour(255, 220, 210) : wxNullColour);
            ctrls[i]->Refresh();
            if (bad) all_valid = false;
            else if (v) row[it.calculator->inputs[i].id] = *v;
        }
        rows.push_back(row);
    }
    if (!all_valid) return;  // the red field says why; nothing half-typed is stored
    while (rows.size() > 1 && rows.back().empty() && calc_rows_.back().size() == it.calculator->inputs.size()) rows.pop_back();
    if (rows.size() == 1 && rows[0].empty()) rows.clear();
    const std::string item = item_, reviewer = ModeReviewer();
    // A freshly added specialist row is stored as an empty row so it survives
    // the rebuild; empty rows are dropped when figures are typed elsewhere.
    Edit("Calculator of " + S(item_label(session_->scale(), item, false)), [=](Review& r, const Scale&, const Policy&) {
        if (reviewer.empty()) r.rating_for(item).calculator = rows;
        else r.rating_for(item).work_for(reviewer).calculator = rows;
    }, "calc:" + item + ":" + reviewer);
    UpdateSuggestion();
}

void ReviewPage::SaveSources() {
    std::vector<std::string> used;
    size_t i = 0;
    for (const auto& [code, meaning] : session_->scale().sources)
        if (sources_[i++]->GetValue()) used.push_back(code);
    const std::string item = item_, reviewer = ModeReviewer();
    Edit("Data sources of " + S(item_label(session_->scale(), item, false)), [=](Review& r, const Scale&, const Policy&) {
        if (reviewer.empty()) r.rating_for(item).sources = used;
        else r.rating_for(item).work_for(reviewer).sources = used;
    }, {});
}

}  // namespace fw::app
