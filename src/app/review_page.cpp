#include "review_page.hpp"

#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/statline.h>
#include <wx/settings.h>
#include <wx/tokenzr.h>

#include <algorithm>

#include "app/dialogs.hpp"
#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

namespace {
const wxColour kDisagree(176, 58, 0);

}  // namespace

ReviewPage::ReviewPage(wxWindow* parent, EditFn edit)
    : wxPanel(parent, wxID_ANY), edit_(std::move(edit)), text_timer_(this) {
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { FlushText(); });
    auto* box = new wxBoxSizer(wxVERTICAL);
    header_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    header_->SetFont(header_->GetFont().Bold().Larger());
    subheader_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    box->Add(header_, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(10));
    box->Add(subheader_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));

    auto* nav = new wxBoxSizer(wxHORIZONTAL);
    nav->Add(new wxStaticText(this, wxID_ANY, _("&Item:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    item_choice_ = new wxChoice(this, wxID_ANY);
    nav->Add(item_choice_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    auto* prev = new wxButton(this, wxID_ANY, _("Pre&vious"));
    auto* next = new wxButton(this, wxID_ANY, _("Ne&xt"));
    prev->SetToolTip(_("Previous item (Page Up)"));
    next->SetToolTip(_("Next item (Page Down)"));
    nav->Add(prev, 0, wxRIGHT, FromDIP(4));
    nav->Add(next, 0);
    box->Add(nav, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
    auto* modes = new wxBoxSizer(wxHORIZONTAL);
    modes->Add(new wxStaticText(this, wxID_ANY, _("&Scoring as:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    mode_choice_ = new wxChoice(this, wxID_ANY);
    modes->Add(mode_choice_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(16));
    only_disagreements_ = new wxCheckBox(this, wxID_ANY, _("Show only &disagreements"));
    modes->Add(only_disagreements_, 0, wxALIGN_CENTER_VERTICAL);
    box->Add(modes, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
    box->Add(new wxStaticLine(this), 0, wxEXPAND);

    body_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL);
    body_->SetScrollRate(0, FromDIP(12));
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

void ReviewPage::Open(const Session* session, const std::string& item) {
    session_ = session;
    mode_ = 0;
    disagreements_only_ = false;
    only_disagreements_->SetValue(false);
    item_.clear();
    if (session_) {
        item_ = session_->scale().find(item) ? item : session_->scale().items.front().id;
        updating_ = true;
        mode_choice_->Clear();
        mode_choice_->Append(_("Consensus"));
        for (const auto& name : session_->review().review.reviewers) mode_choice_->Append(U(name));
        mode_choice_->SetSelection(0);
        updating_ = false;
    }
    BuildItem();
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
            const Item* it = session_->scale().find(id);
            auto s = final_score(session_->review(), id);
            bool disagrees = std::any_of(dis.begin(), dis.end(), [&](const Disagreement& d) { return d.item == id; });
            wxString label = U(id) + "  " + U(it->name) + "  " +
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

wxString ReviewPage::WrapText(const wxString& text, int width) const {
    wxClientDC dc(const_cast<ReviewPage*>(this));
    dc.SetFont(GetFont());
    wxString out, line;
    wxStringTokenizer words(text, " ");
    while (words.HasMoreTokens()) {
        wxString w = words.GetNextToken();
        wxString trial = line.empty() ? w : line + " " + w;
        if (!line.empty() && dc.GetTextExtent(trial).x > width) {
            out += line + "\n";
            line = w;
        } else {
            line = trial;
        }
    }
    return out + line;
}

void ReviewPage::BuildItem() {
    FlushText();
    body_->Freeze();
    body_->DestroyChildren();
    radios_.clear();
    elements_.clear();
    calc_rows_.clear();
    sources_.clear();
    item_title_ = score_line_ = disagreement_ = suggestion_ = nullptr;
    use_suggestion_ = amend_text_ = nullptr;
    evidence_ = recommendation_ = notes_ = nullptr;
    auto* box = new wxBoxSizer(wxVERTICAL);
    body_->SetSizer(box);
    if (!session_) {
        header_->SetLabel(wxEmptyString);
        subheader_->SetLabel(wxEmptyString);
        FillItemChoice();
        body_->Thaw();
        return;
    }
    UpdateHeader();
    FillItemChoice();

    const Review& r = session_->review();
    const Item& item = *session_->scale().find(item_);
    const std::string reviewer = ModeReviewer();
    const int pad = FromDIP(10);
    const int wrap = std::max(FromDIP(400), body_->GetClientSize().x - FromDIP(60));

    item_title_ = new wxStaticText(body_, wxID_ANY, U(item.id) + "  " + U(item.name));
    item_title_->SetFont(item_title_->GetFont().Bold().Scaled(1.3f));
    box->Add(item_title_, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    auto* def = new wxStaticText(body_, wxID_ANY, U(item.definition));
    def->Wrap(wrap);
    box->Add(def, 0, wxALL, pad);
    wxString codes;
    for (const auto& c : item.sources) codes += (codes.empty() ? "" : ", ") + U(c);
    auto* src = new wxStaticText(body_, wxID_ANY, wxString::Format(_("Usual data sources: %s"), codes));
    src->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    box->Add(src, 0, wxLEFT | wxRIGHT | wxBOTTOM, pad);

    // The anchors, as native radio buttons.
    auto* anchors = new wxStaticBoxSizer(wxVERTICAL, body_,
                                         reviewer.empty() ? _("Consensus score")
                                                          : wxString::Format(_("%s's score"), U(reviewer)));
    wxWindow* sb = anchors->GetStaticBox();
    radios_.push_back(new wxRadioButton(sb, wxID_ANY, _("Not scored"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP));
    anchors->Add(radios_[0], 0, wxALL, FromDIP(3));
    for (int s = 1; s <= 5; ++s) {
        auto* rb = new wxRadioButton(sb, wxID_ANY,
                                     WrapText(wxString::Format("&%d   ", s) + U(item.anchors[size_t(s - 1)]), wrap - FromDIP(40)));
        rb->SetName(wxString::Format("score-%d", s));
        anchors->Add(rb, 0, wxALL, FromDIP(3));
        radios_.push_back(rb);
    }
    for (int s = 0; s <= 5; ++s)
        radios_[size_t(s)]->Bind(wxEVT_RADIOBUTTON, [this, s](wxCommandEvent&) {
            if (!updating_) ChooseScore(s);
        });
    box->Add(anchors, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
    if (reviewer.empty() && session_->rights().score_by_amendment) {
        // The report is out: the anchors show the score; changing it is an
        // amendment with a reason (keys 1-5 lead here too).
        auto* amend = new wxButton(body_, wxID_ANY, _("Amend this score..."));
        std::string why = why_not_amend_score(r, item.id);
        amend->Enable(why.empty());
        if (!why.empty()) amend->SetToolTip(U(why));
        amend->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ChooseScore(0, true); });
        box->Add(amend, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    }

    score_line_ = new wxStaticText(body_, wxID_ANY, wxEmptyString);
    disagreement_ = new wxStaticText(body_, wxID_ANY, wxEmptyString);
    disagreement_->SetForegroundColour(kDisagree);
    disagreement_->SetFont(disagreement_->GetFont().Bold());
    box->Add(score_line_, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    box->Add(disagreement_, 0, wxLEFT | wxRIGHT, pad);

    const Rating* rating = r.rating(item.id);
    const ReviewerWork* work = nullptr;
    if (rating && !reviewer.empty())
        for (const auto& [who, w] : rating->independent)
            if (who == reviewer) work = &w;
    const EditRights rights = session_->rights();
    bool worksheet_locked = reviewer.empty() ? !rights.worksheet : !rights.independent_work;

    // Checklist or calculator, with the suggestion.
    if (item.checklist || item.calculator) {
        auto* sheet = new wxStaticBoxSizer(wxVERTICAL, body_, item.checklist ? _("Element checklist") : _("Calculator"));
        wxWindow* parent = sheet->GetStaticBox();
        if (item.checklist) {
            const auto& met = work ? work->checklist : rating ? rating->checklist : std::vector<std::string>{};
            for (const auto& el : item.checklist->elements) {
                auto* cb = new wxCheckBox(parent, wxID_ANY, WrapText(U(el.text), wrap - FromDIP(60)));
                cb->SetValue(std::find(met.begin(), met.end(), el.id) != met.end());
                cb->Enable(!worksheet_locked);
                cb->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { SaveChecklist(); });
                sheet->Add(cb, 0, wxALL, FromDIP(3));
                elements_.push_back(cb);
            }
        } else {
            const Calculator& calc = *item.calculator;
            auto rows = work ? work->calculator : rating ? rating->calculator : std::vector<CalculatorRow>{};
            if (rows.empty()) rows.push_back({});
            auto* grid = new wxFlexGridSizer(int(calc.inputs.size()) + 1, FromDIP(wxSize(8, 4)));
            grid->Add(new wxStaticText(parent, wxID_ANY, calc.per_staff ? _("Specialist") : wxString()));
            for (const auto& in : calc.inputs)
                grid->Add(new wxStaticText(parent, wxID_ANY, WrapText(U(in.label) + " (" + U(in.unit) + ")", FromDIP(230))));
            for (size_t i = 0; i < rows.size(); ++i) {
                grid->Add(new wxStaticText(parent, wxID_ANY, calc.per_staff ? wxString::Format("%zu", i + 1) : wxString()),
                          0, wxALIGN_CENTER_VERTICAL);
                std::vector<wxTextCtrl*> ctrls;
                for (const auto& in : calc.inputs) {
                    auto it = rows[i].find(in.id);
                    auto* t = new wxTextCtrl(parent, wxID_ANY, it != rows[i].end() ? show_number(it->second, 4) : wxString());
                    t->SetName(U(in.label));
                    t->Enable(!worksheet_locked);
                    t->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
                        if (!updating_) SaveCalculator();
                    });
                    grid->Add(t, 0, wxEXPAND);
                    ctrls.push_back(t);
                }
                calc_rows_.push_back(ctrls);
            }
            sheet->Add(grid, 0, wxALL, FromDIP(4));
            if (calc.per_staff && !worksheet_locked) {
                auto* buttons = new wxBoxSizer(wxHORIZONTAL);
                auto* add = new wxButton(parent, wxID_ANY, _("&Add a specialist"));
                auto* remove = new wxButton(parent, wxID_ANY, _("Re&move the last"));
                remove->Enable(rows.size() > 1);
                buttons->Add(add, 0, wxRIGHT, FromDIP(6));
                buttons->Add(remove);
                sheet->Add(buttons, 0, wxALL, FromDIP(4));
                add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
                    std::vector<wxTextCtrl*> fake;
                    calc_rows_.push_back(fake);  // an empty row: saved as {}
                    SaveCalculator();
                    BuildItem();
                });
                remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
                    if (calc_rows_.size() > 1) calc_rows_.pop_back();
                    SaveCalculator();
                    BuildItem();
                });
            }
        }
        auto* sug = new wxBoxSizer(wxVERTICAL);
        suggestion_ = new wxStaticText(parent, wxID_ANY, wxEmptyString);
        suggestion_->SetFont(suggestion_->GetFont().Bold());
        use_suggestion_ = new wxButton(parent, wxID_ANY, _("&Use the suggested score"));
        use_suggestion_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            if (auto score = CurrentSuggestion().score) ChooseScore(*score);
        });
        sug->Add(suggestion_, 0, wxBOTTOM, FromDIP(6));
        sug->Add(use_suggestion_, 0);
        sheet->Add(sug, 0, wxEXPAND | wxALL, FromDIP(4));
        box->Add(sheet, 0, wxEXPAND | wxALL, pad);
    }

    // Data sources used.
    auto* srcbox = new wxStaticBoxSizer(wxHORIZONTAL, body_, _("Data sources used"));
    const auto& used = work ? work->sources : rating ? rating->sources : std::vector<std::string>{};
    for (const auto& [code, meaning] : session_->scale().sources) {
        auto* cb = new wxCheckBox(srcbox->GetStaticBox(), wxID_ANY, U(code));
        cb->SetToolTip(U(meaning));
        cb->SetValue(std::find(used.begin(), used.end(), code) != used.end());
        cb->Enable(!worksheet_locked);
        cb->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { SaveSources(); });
        srcbox->Add(cb, 0, wxALL, FromDIP(4));
        sources_.push_back(cb);
    }
    box->Add(srcbox, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);

    auto text_box = [&](const wxString& label, const std::string& value, const std::string& field, bool locked) {
        box->Add(new wxStaticText(body_, wxID_ANY, label), 0, wxLEFT | wxRIGHT | wxTOP, pad);
        auto* t = new wxTextCtrl(body_, wxID_ANY, U(value), wxDefaultPosition, wxSize(-1, FromDIP(90)),
                                 wxTE_MULTILINE | wxTE_RICH2 | wxTE_WORDWRAP);
        t->SetEditable(!locked);
#if wxUSE_SPELLCHECK
        // Windows 8 and later underline misspelt words (wxMSW; GTK has no checker here).
        t->EnableProofCheck(wxTextProofOptions::Default());
#endif
        t->SetName(U(field));
        t->Bind(wxEVT_TEXT, [this, t, field](wxCommandEvent&) {
            if (!updating_) OnText(t, field);
        });
        // Leaving the box stores what was typed at once.
        t->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
            FlushText();
            e.Skip();
        });
        box->Add(t, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
        return t;
    };
    if (reviewer.empty()) {
        evidence_ = text_box(_("Evide&nce"), rating ? rating->evidence : "", "evidence", TextLocked());
        recommendation_ = text_box(_("Rec&ommendation"), rating ? rating->recommendation : "", "recommendation", TextLocked());
        if (TextLocked()) {
            // After the final report a text change is one amendment, with
            // its reason, made in a dialog: not one per keystroke.
            amend_text_ = new wxButton(body_, wxID_ANY, _("&Amend the evidence or recommendation..."));
            box->Add(amend_text_, 0, wxALL, pad);
            amend_text_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { AmendText(); });
        }
    } else {
        notes_ = text_box(wxString::Format(_("%s's no&tes"), U(reviewer)), work ? work->notes : "", "notes", worksheet_locked);
    }
    box->AddSpacer(pad);
    UpdateScores();
    UpdateSuggestion();
    body_->FitInside();
    body_->Scroll(0, 0);
    body_->Thaw();
}

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
    subheader_->SetLabel(wxString::Format(_("%s review"), type) + dot + wxString::Format(_("visit %s"), visit) + dot +
                         (reviewers.empty() ? wxString(_("no reviewers named")) : reviewers) + dot +
                         U(session_->policy().name) + dot + U(stage_label(session_->stage())));
    subheader_->Wrap(std::max(FromDIP(400), GetClientSize().x - FromDIP(20)));
}

void ReviewPage::UpdateScores() {
    if (!session_ || radios_.empty()) return;
    const Review& r = session_->review();
    const Rating* rt = r.rating(item_);
    std::string reviewer = ModeReviewer();
    std::optional<int> current = reviewer.empty() ? (rt ? rt->score : std::nullopt)
                                                  : (rt ? rt->score_by(reviewer) : std::nullopt);
    updating_ = true;
    radios_[size_t(current.value_or(0))]->SetValue(true);
    // After the draft report the anchors only show the score: arrow keys in
    // a radio group must not amend it (the "Amend this score" button does).
    const EditRights rights = session_->rights();
    bool locked = reviewer.empty() ? !rights.consensus_score : !rights.independent_work;
    for (auto* rb : radios_) rb->Enable(!locked);
    updating_ = false;

    wxString line;
    for (const auto& name : r.review.reviewers) {
        auto s = rt ? rt->score_by(name) : std::nullopt;
        line += U(name) + ": " + (s ? wxString::Format("%d", *s) : wxString::FromUTF8("\xE2\x80\x94")) + "     ";
    }
    std::optional<int> cons;
    if (rt) cons = rt->score;
    line += _("Consensus") + ": " + (cons ? wxString::Format("%d", *cons) : wxString::FromUTF8("\xE2\x80\x94"));
    auto fin = final_score(r, item_);
    if (fin != cons && fin) line += "     " + wxString::Format(_("Final (after contest): %d"), *fin);
    score_line_->SetLabel(line);
    wxString dis;
    for (const auto& d : disagreements(r, session_->scale()))
        if (d.item == item_)
            dis = cons ? wxString::Format(_("The reviewers' independent scores differ by %d point(s)."), d.spread)
                       : wxString::Format(_("Reviewers disagree by %d point(s): agree a consensus score."), d.spread);
    disagreement_->SetLabel(dis);
    disagreement_->Show(!dis.empty());
}

Suggestion ReviewPage::CurrentSuggestion() const {
    // The worksheet of whoever is scoring: the consensus or one reviewer.
    const Item& it = *session_->scale().find(item_);
    const Rating* rt = session_->review().rating(item_);
    std::string who = ModeReviewer();
    const ReviewerWork* w = nullptr;
    if (rt && !who.empty())
        for (const auto& [n, x] : rt->independent)
            if (n == who) w = &x;
    if (it.checklist) return suggest_from_checklist(it, w ? w->checklist : rt ? rt->checklist : std::vector<std::string>{});
    return suggest_from_calculator(it, w ? w->calculator : rt ? rt->calculator : std::vector<CalculatorRow>{});
}

void ReviewPage::UpdateSuggestion() {
    if (!suggestion_ || !session_) return;
    Suggestion s = CurrentSuggestion();
    wxString why = U(s.explanation);
    why.Replace("->", wxString::FromUTF8("\xE2\x86\x92"));
    suggestion_->SetLabel(s.score ? wxString::Format(_("Suggested score: %d (%s)"), *s.score, why)
                                  : wxString::Format(_("No suggestion yet: %s"), why));
    use_suggestion_->Enable(s.score.has_value() && radios_.size() == 6 && radios_[1]->IsEnabled());
    suggestion_->GetContainingSizer()->Layout();
}

void ReviewPage::Refresh(const Session* session) {
    session_ = session;
    if (!session_) {
        BuildItem();
        return;
    }
    FillItemChoice();
    UpdateScores();
    UpdateSuggestion();
    UpdateHeader();
    Layout();
    body_->Layout();
    body_->FitInside();
}

void ReviewPage::GoTo(const std::string& item) {
    if (!session_ || !session_->scale().find(item)) return;
    item_ = item;
    BuildItem();
    if (on_item_) on_item_(item_);
    if (radios_.size() == 6) {
        // Keyboard users land on the scores.
        for (auto* rb : radios_)
            if (rb->GetValue()) rb->SetFocus();
    }
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
    if (key >= '1' && key <= '5') {
        ChooseScore(key - '0');
        return true;
    }
    if (key >= WXK_NUMPAD1 && key <= WXK_NUMPAD5) {
        ChooseScore(key - WXK_NUMPAD1 + 1);
        return true;
    }
    return false;
}

void ReviewPage::ChooseScore(int score, bool ask_score) {
    if (!session_) return;
    std::optional<int> value = score >= 1 && score <= 5 ? std::optional<int>(score) : std::nullopt;
    const std::string item = item_;
    const std::string reviewer = ModeReviewer();
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
                edit_("Score " + item, [item, value, actor = actor_](Review& r, const Scale& s, const Policy&) {
                    set_consensus_score(r, s, item, value, Edit{actor, Date::today(), ""});
                }, {});
                UpdateScores();
                return;
            }
            auto a = ask_score_amendment(this, U(item), session_->stage() == Stage::final, current, value ? value : current);
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
        ok = edit_("Score " + item, [item, value, reason, actor = actor_](Review& r, const Scale& s, const Policy&) {
            set_consensus_score(r, s, item, value, Edit{actor, Date::today(), reason});
        }, {});
    } else {
        ok = edit_(reviewer + "'s score for " + item, [item, value, reviewer](Review& r, const Scale& s, const Policy&) {
            set_reviewer_score(r, s, item, reviewer, value);
        }, {});
    }
    if (!ok) UpdateScores();
}

void ReviewPage::OnText(wxTextCtrl* ctrl, const std::string& field) {
    if (field != "notes" && TextLocked()) return;  // read-only; AmendText() changes it
    // Typing is stored a moment after the last key (and at once when the box
    // loses focus, the item changes or the window closes): one write per
    // pause, not per key, keeps large reviews quick and the audit readable.
    if (pending_ && (pending_->ctrl != ctrl)) FlushText();
    pending_ = PendingText{ctrl, field, item_, ModeReviewer()};
    text_timer_.StartOnce(kTextDelayMs);
}

void ReviewPage::FlushText() {
    if (!pending_ || !session_) {
        pending_.reset();
        return;
    }
    text_timer_.Stop();
    PendingText p = *pending_;
    pending_.reset();
    const std::string value = S(p.ctrl->GetValue());
    const std::string item = p.item, reviewer = p.reviewer, field = p.field, actor = actor_;
    bool ok = edit_("Typing in " + field + " of " + item,
                    [=](Review& r, const Scale& s, const Policy&) {
                        if (field == "notes") {
                            r.rating_for(item).work_for(reviewer).notes = value;
                        } else if (field == "evidence") {
                            set_item_text(r, s, item, &value, nullptr, Edit{actor, Date::today(), ""});
                        } else {
                            set_item_text(r, s, item, nullptr, &value, Edit{actor, Date::today(), ""});
                        }
                    },
                    field + ":" + item + ":" + reviewer);
    if (!ok && item == item_) {
        updating_ = true;
        const Rating* rt = session_->review().rating(item);
        if (field == "evidence") p.ctrl->ChangeValue(U(rt ? rt->evidence : ""));
        else if (field == "recommendation") p.ctrl->ChangeValue(U(rt ? rt->recommendation : ""));
        updating_ = false;
    }
}

void ReviewPage::AmendText() {
    const Rating* rt = session_->review().rating(item_);
    auto change = ask_text_amendment(this, U(item_), U(rt ? rt->evidence : ""), U(rt ? rt->recommendation : ""));
    if (!change) return;
    const std::string item = item_, actor = actor_;
    const std::string evidence = S(change->evidence), recommendation = S(change->recommendation), reason = change->reason;
    edit_("Amendment of the text of " + item, [=](Review& r, const Scale& s, const Policy&) {
        set_item_text(r, s, item, &evidence, &recommendation, Edit{actor, Date::today(), reason});
    }, {});
    BuildItem();
}

void ReviewPage::SaveChecklist() {
    const Item& it = *session_->scale().find(item_);
    std::vector<std::string> met;
    for (size_t i = 0; i < elements_.size(); ++i)
        if (elements_[i]->GetValue()) met.push_back(it.checklist->elements[i].id);
    const std::string item = item_, reviewer = ModeReviewer();
    edit_("Checklist of " + item, [=](Review& r, const Scale&, const Policy&) {
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
    edit_("Calculator of " + item, [=](Review& r, const Scale&, const Policy&) {
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
    edit_("Data sources of " + item, [=](Review& r, const Scale&, const Policy&) {
        if (reviewer.empty()) r.rating_for(item).sources = used;
        else r.rating_for(item).work_for(reviewer).sources = used;
    }, {});
}

}  // namespace fw::app
