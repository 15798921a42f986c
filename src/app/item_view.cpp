// The widgets of one item on the review page: anchors, worksheet, data
// sources, evidence and recommendation (or a reviewer's notes), laid out in
// two columns on a wide page and one below the other on a narrow one.
#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/intl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/tokenzr.h>

#include <algorithm>

#include "app/a11y.hpp"
#include "app/review_page.hpp"
#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

namespace {
const wxColour kDisagree(176, 58, 0);
}  // namespace

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

const ReviewerWork* ReviewPage::Work() const {
    const Rating* rating = session_->review().rating(item_);
    std::string reviewer = ModeReviewer();
    if (!rating || reviewer.empty()) return nullptr;
    for (const auto& [who, w] : rating->independent)
        if (who == reviewer) return &w;
    return nullptr;
}

bool ReviewPage::WorksheetLocked() const {
    const EditRights rights = session_->rights();
    return ModeReviewer().empty() ? !rights.worksheet : !rights.independent_work;
}

void ReviewPage::BuildItem() {
    FlushText();
    body_->Freeze();
    body_->DestroyChildren();
    radios_.clear();
    elements_.clear();
    calc_rows_.clear();
    sources_.clear();
    score_line_ = disagreement_ = suggestion_ = nullptr;
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

    const Item& item = *session_->scale().find(item_);
    const int pad = FromDIP(8);
    // The page's width once laid out (the frame sizes it before the first
    // item is shown; a narrower guess made the first item half as wide).
    int width = body_->GetClientSize().x;
    if (width < FromDIP(200)) width = GetParent()->GetClientSize().x;
    built_width_ = width;
    const bool wide = width >= FromDIP(700);
    const int left_width = wide ? width * 3 / 5 : width;

    auto* title = new wxStaticText(body_, wxID_ANY, item_label(session_->scale(), item.id));
    title->SetFont(title->GetFont().Bold().Scaled(1.2f));
    box->Add(title, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    auto* def = new wxStaticText(body_, wxID_ANY, U(item.definition));
    def->Wrap(width - 3 * pad);
    box->Add(def, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    wxString codes;
    for (const auto& c : item.sources) codes += (codes.empty() ? "" : ", ") + U(c);
    auto* usual = new wxStaticText(body_, wxID_ANY, wxString::Format(_("Usual data sources: %s"), codes));
    usual->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    box->Add(usual, 0, wxLEFT | wxRIGHT | wxBOTTOM, pad);

    auto* columns = new wxBoxSizer(wide ? wxHORIZONTAL : wxVERTICAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    BuildAnchors(left, left_width - 4 * pad);
    score_line_ = new wxStaticText(body_, wxID_ANY, wxEmptyString);
    disagreement_ = new wxStaticText(body_, wxID_ANY, wxEmptyString);
    disagreement_->SetForegroundColour(kDisagree);
    disagreement_->SetFont(disagreement_->GetFont().Bold());
    left->Add(score_line_, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    left->Add(disagreement_, 0, wxLEFT | wxRIGHT, pad);
    BuildWorksheet(left, left_width - 4 * pad);
    if (wide) {
        auto* right = new wxBoxSizer(wxVERTICAL);
        BuildTexts(right, FromDIP(120));
        BuildSources(right);
        columns->Add(left, 3, wxEXPAND);
        columns->Add(right, 2, wxEXPAND);
    } else {
        BuildTexts(left, FromDIP(90));
        BuildSources(left);
        columns->Add(left, 1, wxEXPAND);
    }
    box->Add(columns, 1, wxEXPAND);
    box->AddSpacer(pad);
    UpdateScores();
    UpdateSuggestion();
    body_->FitInside();
    body_->Scroll(0, 0);
    body_->Thaw();
}

void ReviewPage::BuildAnchors(wxSizer* column, int wrap) {
    const Item& item = *session_->scale().find(item_);
    const std::string reviewer = ModeReviewer();
    const int pad = FromDIP(8);
    auto* anchors = new wxStaticBoxSizer(wxVERTICAL, body_,
                                         reviewer.empty() ? _("Consensus score")
                                                          : wxString::Format(_("%s's score"), U(reviewer)));
    wxWindow* sb = anchors->GetStaticBox();
    radios_.push_back(new wxRadioButton(sb, wxID_ANY, _("&0   Not scored"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP));
    radios_[0]->SetName("score-0");
    anchors->Add(radios_[0], 0, wxALL, FromDIP(1));
    for (int s = 1; s <= 5; ++s) {
        auto* rb = new wxRadioButton(sb, wxID_ANY,
                                     WrapText(wxString::Format("&%d   ", s) + U(item.anchors[size_t(s - 1)]), wrap - FromDIP(30)));
        rb->SetName(wxString::Format("score-%d", s));
        // Heard as one sentence, not as the lines it is wrapped into.
        set_accessible_name(rb, wxString::Format("%d ", s) + U(item.anchors[size_t(s - 1)]));
        anchors->Add(rb, 0, wxALL, FromDIP(1));
        radios_.push_back(rb);
    }
    for (int s = 0; s <= 5; ++s)
        radios_[size_t(s)]->Bind(wxEVT_RADIOBUTTON, [this, s](wxCommandEvent&) {
            if (!updating_) ChooseScore(s);
        });
    column->Add(anchors, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
    if (reviewer.empty() && session_->rights().score_by_amendment) {
        // The report is out: the anchors show the score; changing it is an
        // amendment with a reason (keys 1-5 lead here too).
        auto* amend = new wxButton(body_, wxID_ANY, _("Amend this score..."));
        std::string why = why_not_amend_score(session_->review(), item.id);
        amend->Enable(why.empty());
        if (!why.empty()) amend->SetToolTip(U(why));
        amend->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ChooseScore(0, true); });
        column->Add(amend, 0, wxLEFT | wxRIGHT | wxTOP, pad);
    }
}

void ReviewPage::BuildWorksheet(wxSizer* column, int wrap) {
    const Item& item = *session_->scale().find(item_);
    if (!item.checklist && !item.calculator) return;
    const Rating* rating = session_->review().rating(item.id);
    const ReviewerWork* work = Work();
    const bool locked = WorksheetLocked();
    const int pad = FromDIP(8);
    auto* sheet = new wxStaticBoxSizer(wxVERTICAL, body_, item.checklist ? _("Element checklist") : _("Calculator"));
    wxWindow* parent = sheet->GetStaticBox();
    if (item.checklist) {
        const auto& met = work ? work->checklist : rating ? rating->checklist : std::vector<std::string>{};
        for (const auto& el : item.checklist->elements) {
            auto* cb = new wxCheckBox(parent, wxID_ANY, WrapText(U(el.text), wrap - FromDIP(40)));
            cb->SetValue(std::find(met.begin(), met.end(), el.id) != met.end());
            cb->Enable(!locked);
            cb->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { SaveChecklist(); });
            sheet->Add(cb, 0, wxALL, FromDIP(2));
            elements_.push_back(cb);
        }
    } else {
        const Calculator& calc = *item.calculator;
        auto rows = work ? work->calculator : rating ? rating->calculator : std::vector<CalculatorRow>{};
        if (rows.empty()) rows.push_back({});
        auto* grid = new wxFlexGridSizer(int(calc.inputs.size()) + 1, FromDIP(wxSize(8, 4)));
        grid->Add(new wxStaticText(parent, wxID_ANY, calc.per_staff ? _("Specialist") : wxString()));
        const int column_width = std::max(FromDIP(120), (wrap - FromDIP(80)) / int(calc.inputs.size()));
        for (const auto& in : calc.inputs)
            grid->Add(new wxStaticText(parent, wxID_ANY, WrapText(U(in.label) + " (" + U(in.unit) + ")", column_width)));
        for (size_t i = 0; i < rows.size(); ++i) {
            grid->Add(new wxStaticText(parent, wxID_ANY, calc.per_staff ? wxString::Format("%zu", i + 1) : wxString()),
                      0, wxALIGN_CENTER_VERTICAL);
            std::vector<wxTextCtrl*> ctrls;
            for (const auto& in : calc.inputs) {
                auto it = rows[i].find(in.id);
                auto* t = new wxTextCtrl(parent, wxID_ANY, it != rows[i].end() ? show_number(it->second, 4) : wxString());
                t->SetName(U(in.id));
                // The column heading is above, not beside: name each box.
                set_accessible_name(t, calc.per_staff ? wxString::Format(_("Specialist %zu: %s (%s)"), i + 1, U(in.label), U(in.unit))
                                                      : U(in.label) + " (" + U(in.unit) + ")");
                t->Enable(!locked);
                t->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
                    if (!updating_) SaveCalculator();
                });
                grid->Add(t, 0, wxEXPAND);
                ctrls.push_back(t);
            }
            calc_rows_.push_back(ctrls);
        }
        sheet->Add(grid, 0, wxALL, FromDIP(4));
        if (calc.per_staff && !locked) {
            auto* buttons = new wxBoxSizer(wxHORIZONTAL);
            auto* add = new wxButton(parent, wxID_ANY, _("&Add a specialist"));
            auto* remove = new wxButton(parent, wxID_ANY, _("Re&move the last"));
            remove->Enable(rows.size() > 1);
            buttons->Add(add, 0, wxRIGHT, FromDIP(6));
            buttons->Add(remove);
            sheet->Add(buttons, 0, wxALL, FromDIP(4));
            add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
                calc_rows_.emplace_back();  // an empty row: saved as {}
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
    auto* sug = new wxBoxSizer(wxHORIZONTAL);
    suggestion_ = new wxStaticText(parent, wxID_ANY, wxEmptyString);
    use_suggestion_ = new wxButton(parent, wxID_ANY, _("&Use the suggested score"));
    use_suggestion_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (auto score = CurrentSuggestion().score) ChooseScore(*score);
    });
    sug->Add(use_suggestion_, 0, wxRIGHT | wxALIGN_CENTER_VERTICAL, FromDIP(8));
    sug->Add(suggestion_, 1, wxALIGN_CENTER_VERTICAL);
    sheet->Add(sug, 0, wxEXPAND | wxALL, FromDIP(4));
    column->Add(sheet, 0, wxEXPAND | wxALL, pad);
}

void ReviewPage::BuildSources(wxSizer* column) {
    const ReviewerWork* work = Work();
    const Rating* rating = session_->review().rating(item_);
    const int pad = FromDIP(8);
    auto* srcbox = new wxStaticBoxSizer(wxVERTICAL, body_, _("Data sources used"));
    auto* grid = new wxGridSizer(3, FromDIP(wxSize(6, 2)));
    const auto& used = work ? work->sources : rating ? rating->sources : std::vector<std::string>{};
    bool first = true;
    for (const auto& [code, meaning] : session_->scale().sources) {
        // The first carries the group's mnemonic: Alt+U reaches the sources.
        auto* cb = new wxCheckBox(srcbox->GetStaticBox(), wxID_ANY, (first ? "&" : "") + U(code));
        first = false;
        cb->SetToolTip(U(meaning));
        cb->SetName("source-" + U(code));
        set_accessible_name(cb, U(code) + ": " + U(meaning));
        cb->SetValue(std::find(used.begin(), used.end(), code) != used.end());
        cb->Enable(!WorksheetLocked());
        cb->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { SaveSources(); });
        grid->Add(cb, 0, wxALL, FromDIP(2));
        sources_.push_back(cb);
    }
    srcbox->Add(grid, 0, wxALL, FromDIP(2));
    column->Add(srcbox, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, pad);
}

void ReviewPage::BuildTexts(wxSizer* column, int height) {
    const Rating* rating = session_->review().rating(item_);
    const std::string reviewer = ModeReviewer();
    const int pad = FromDIP(8);
    auto text_box = [&](const wxString& label, const std::string& value, const std::string& field, bool locked) {
        auto* caption = new wxStaticText(body_, wxID_ANY, label);
        column->Add(caption, 0, wxLEFT | wxRIGHT | wxTOP, pad);
        auto* t = new wxTextCtrl(body_, wxID_ANY, U(value), wxDefaultPosition, wxSize(-1, height),
                                 wxTE_MULTILINE | wxTE_RICH2 | wxTE_WORDWRAP);
        t->SetEditable(!locked);
        t->SetName(U(field));
#if wxUSE_SPELLCHECK
        // Where the platform's wx has a spell checker (wxMSW on Windows 8 and
        // later); Debian's wxGTK is built without one.
        t->EnableProofCheck(wxTextProofOptions::Default());
#endif
        label_field(caption, t);
        t->Bind(wxEVT_TEXT, [this, t, field](wxCommandEvent&) {
            if (!updating_) OnText(t, field);
        });
        // Leaving the box stores what was typed at once.
        t->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
            FlushText();
            e.Skip();
        });
        column->Add(t, 1, wxEXPAND | wxLEFT | wxRIGHT, pad);
        return t;
    };
    if (reviewer.empty()) {
        evidence_ = text_box(_("Evide&nce (Ctrl+E)"), rating ? rating->evidence : "", "evidence", TextLocked());
        recommendation_ = text_box(_("Rec&ommendation (Ctrl+R)"), rating ? rating->recommendation : "", "recommendation",
                                   TextLocked());
        if (TextLocked()) {
            // After the final report a text change is one amendment, with
            // its reason, made in a dialog: not one per keystroke.
            amend_text_ = new wxButton(body_, wxID_ANY, _("&Amend the evidence or recommendation..."));
            column->Add(amend_text_, 0, wxLEFT | wxRIGHT | wxTOP, pad);
            amend_text_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { AmendText(); });
        }
    } else {
        const ReviewerWork* work = Work();
        notes_ = text_box(wxString::Format(_("%s's no&tes (Ctrl+E)"), U(reviewer)), work ? work->notes : "", "notes",
                          WorksheetLocked());
    }
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

    const wxString dash = wxString::FromUTF8("\xE2\x80\x94");
    wxString line;
    for (const auto& name : r.review.reviewers) {
        auto s = rt ? rt->score_by(name) : std::nullopt;
        line += U(name) + ": " + (s ? wxString::Format("%d", *s) : dash) + "     ";
    }
    std::optional<int> cons;
    if (rt) cons = rt->score;
    line += _("Consensus") + ": " + (cons ? wxString::Format("%d", *cons) : dash);
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
    const ReviewerWork* w = Work();
    if (it.checklist) return suggest_from_checklist(it, w ? w->checklist : rt ? rt->checklist : std::vector<std::string>{});
    return suggest_from_calculator(it, w ? w->calculator : rt ? rt->calculator : std::vector<CalculatorRow>{});
}

void ReviewPage::UpdateSuggestion() {
    if (!suggestion_ || !session_) return;
    const Item& it = *session_->scale().find(item_);
    Suggestion s = CurrentSuggestion();
    bool untouched = it.checklist && std::none_of(elements_.begin(), elements_.end(), [](wxCheckBox* c) { return c->GetValue(); });
    wxString why = U(s.explanation);
    why.Replace("->", wxString::FromUTF8("\xE2\x86\x92"));
    wxString text;
    if (untouched) text = _("Tick the elements in place: the suggestion follows.");
    else if (s.score) text = wxString::Format(_("Suggested score: %d (%s)"), *s.score, why);
    else text = wxString::Format(_("No suggestion yet: %s"), why);
    if (suggestion_->GetLabel() != text) {
        suggestion_->SetLabel(text);
        suggestion_->Wrap(std::max(FromDIP(200), suggestion_->GetParent()->GetClientSize().x - FromDIP(220)));
    }
    use_suggestion_->Enable(!untouched && s.score.has_value() && radios_.size() == 6 && radios_[1]->IsEnabled());
}

}  // namespace fw::app
