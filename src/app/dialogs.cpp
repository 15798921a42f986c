#include "dialogs.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/datectrl.h>
#include <wx/filedlg.h>
#include <wx/intl.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/radiobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>

#include <algorithm>

#include "app/dialog_form.hpp"
#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/action_plan.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

void finish(wxDialog& d, wxSizer* content, const wxString& note) {
    auto* box = new wxBoxSizer(wxVERTICAL);
    if (!note.empty()) {
        auto* t = new wxStaticText(&d, wxID_ANY, note);
        t->Wrap(d.FromDIP(460));
        box->Add(t, 0, wxALL, d.FromDIP(12));
    }
    box->Add(content, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, d.FromDIP(12));
    box->Add(d.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, d.FromDIP(12));
    d.SetSizerAndFit(box);
    d.CentreOnParent();
}

void error(wxWindow* parent, const wxString& message) {
    if (std::string* sink = message_sink()) {
        *sink = S(message);
        return;
    }
    wxMessageBox(message, _("Please check"), wxOK | wxICON_WARNING, parent);
}

bool blank(const wxString& s) { return s.Strip(wxString::both).empty(); }

namespace {
std::string* g_sink = nullptr;
std::function<int(const wxString&)> g_answer;
}  // namespace
void set_message_sink(std::string* sink) { g_sink = sink; }
void set_answer_hook(std::function<int(const wxString&)> hook) { g_answer = std::move(hook); }

int ask(wxWindow* parent, const wxString& question, const wxString& title, const std::vector<wxString>& answers) {
    if (g_answer) return g_answer(question);
    long style = (answers.size() > 2 ? wxYES_NO | wxCANCEL : wxYES_NO) | wxICON_QUESTION;
    wxMessageDialog d(parent, question, title, style);
    if (answers.size() > 2) d.SetYesNoCancelLabels(answers[0], answers[1], answers[2]);
    else if (answers.size() == 2) d.SetYesNoLabels(answers[0], answers[1]);
    return d.ShowModal();
}
std::string* message_sink() { return g_sink; }

void focus_when_shown(wxDialog& d, wxWindow* field) {
    wxWindow* target = focus_target(field);
    target->SetFocus();
    // GTK gives the focus to the first button when the dialog maps: take it back.
    d.Bind(wxEVT_SHOW, [&d, target](wxShowEvent& e) {
        e.Skip();
        if (e.IsShown()) d.CallAfter([target] { target->SetFocus(); });
    });
}

wxString why_not_day(Date chosen, DateRange range, const std::string& what) {
    if (std::string why = why_not_date(chosen, Date::today(), what); !why.empty()) {
        wxString out = U(why);
        out[0] = wxToupper(out[0]);
        return out + ".";
    }
    if (chosen < range.earliest || range.latest < chosen)
        return wxString::Format(_("The %s can be from %s to %s."), U(what), show(range.earliest), show(range.latest));
    return {};
}

std::optional<storage::ProgramDetails> ask_program(wxWindow* parent, const storage::ProgramDetails& start,
                                                   const std::vector<std::string>& known_lme_mcos, bool editing) {
    Dialog d(parent, editing ? _("Program details") : _("New program"));
    Form f(&d);
    auto* agency = f.add(_("&Agency:"), [&] { return new wxTextCtrl(&d, wxID_ANY, U(start.agency), wxDefaultPosition, d.FromDIP(wxSize(320, -1))); });
    auto* team = f.add(_("&Team:"), [&] { return new wxTextCtrl(&d, wxID_ANY, U(start.team)); });
    wxArrayString lmes;
    for (const auto& l : known_lme_mcos) lmes.Add(U(l));
    auto* lme = f.add(_("&LME-MCO:"), [&] { return new wxComboBox(&d, wxID_ANY, U(start.lme_mco), wxDefaultPosition, wxDefaultSize, lmes); });
    auto* county = f.add(_("&County:"), [&] { return new wxTextCtrl(&d, wxID_ANY, U(start.county)); });
    auto* has_start = f.add(_("Program &start:"), [&] { return new wxCheckBox(&d, wxID_ANY, _("known")); });
    auto* started = f.add(_("Start &date:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(start.start_date.value_or(Date::today()))); });
    has_start->SetValue(start.start_date.has_value());
    started->Enable(start.start_date.has_value());
    has_start->Bind(wxEVT_CHECKBOX, [&](wxCommandEvent& e) { started->Enable(e.IsChecked()); });
    finish(d, f.sizer());
    agency->SetFocus();
    while (d.ShowModal() == wxID_OK) {
        if (blank(agency->GetValue()) || blank(team->GetValue())) {
            error(&d, _("A program needs its agency and its team name."));
            continue;
        }
        storage::ProgramDetails out;
        out.agency = S(agency->GetValue().Strip(wxString::both));
        out.team = S(team->GetValue().Strip(wxString::both));
        out.lme_mco = S(lme->GetValue().Strip(wxString::both));
        out.county = S(county->GetValue().Strip(wxString::both));
        if (has_start->GetValue()) out.start_date = from_wx(started->GetValue());
        return out;
    }
    return std::nullopt;
}

std::optional<std::optional<ImplementationPlan>> ask_implementation_plan(wxWindow* parent, const std::string& program,
                                                                         const std::optional<ImplementationPlan>& current,
                                                                         Catalog& catalog) {
    std::vector<const Policy*> editions;  // those that have the rule
    for (const Policy* p : catalog.editions())
        if (p->implementation_plan_review_months) editions.push_back(p);
    if (editions.empty()) {
        error(parent, _("No installed policy has a rule for a review after an implementation-plan meeting."));
        return std::nullopt;
    }
    Dialog d(parent, _("Implementation-plan meeting"));
    Form f(&d);
    auto* held = f.add(_("&Meeting:"), [&] { return new wxCheckBox(&d, wxID_ANY, _("held, and the implementation plan written")); });
    auto* date = f.add(_("Meeting &date:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(current ? current->meeting : Date::today())); });
    wxArrayString names;
    int sel = 0;
    for (size_t i = 0; i < editions.size(); ++i) {
        names.Add(U(editions[i]->name));
        if (current && current->policy == editions[i]->id) sel = int(i);
    }
    auto* policy = f.add(_("Under &policy:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, names); });
    policy->SetSelection(sel);
    held->SetValue(current.has_value());
    date->Enable(current.has_value());
    policy->Enable(current.has_value());
    held->Bind(wxEVT_CHECKBOX, [&](wxCommandEvent& e) {
        date->Enable(e.IsChecked());
        policy->Enable(e.IsChecked());
    });
    const Policy& first = *editions[size_t(sel)];
    finish(d, f.sizer(),
           wxString::Format(_("%s: a team without the staffing or the people for a fidelity review after six months "
                              "meets to write an implementation plan; its review is due %d months after the meeting "
                              "(%s)."),
                            U(program), *first.implementation_plan_review_months, U(first.name)));
    held->SetFocus();
    while (d.ShowModal() == wxID_OK) {
        if (!held->GetValue()) return std::optional<ImplementationPlan>{};
        Date on = from_wx(date->GetValue());
        if (auto why = why_not_date(on, Date::today(), "the meeting date"); !why.empty()) {
            error(&d, U(why));
            continue;
        }
        return std::optional<ImplementationPlan>{ImplementationPlan{on, editions[size_t(policy->GetSelection())]->id}};
    }
    return std::nullopt;
}

namespace {
// The new-review form, and the same facts corrected later (`programs` empty:
// the program and the scale stay as they are).
std::optional<ReviewSetup> review_form(wxWindow* parent, const wxString& title,
                                       const std::vector<storage::ProgramRow>& programs, const ReviewSetup& start,
                                       Catalog& catalog, const std::vector<std::string>& known_reviewers) {
    Dialog d(parent, title);
    Form f(&d);
    wxChoice* program = nullptr;
    int sel = 0;
    if (!programs.empty()) {
        wxArrayString names;
        for (size_t i = 0; i < programs.size(); ++i) {
            names.Add(U(programs[i].details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(programs[i].details.agency));
            if (programs[i].id == start.program_id) sel = int(i);
        }
        program = f.add(_("&Program:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(360, -1)), names); });
        program->SetSelection(sel);
    }
    wxArrayString types;
    types.Add(_("initial"));
    types.Add(_("subsequent"));
    types.Add(_("follow-up"));
    auto* type = f.add(_("Review &type:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, types); });
    type->SetSelection(int(start.type));
    if (program) {
        type->SetSelection(programs[size_t(sel)].review_count > 0 ? 1 : 0);
        program->Bind(wxEVT_CHOICE, [&](wxCommandEvent& e) {
            type->SetSelection(programs[size_t(e.GetSelection())].review_count > 0 ? 1 : 0);
        });
    }
    auto* begin = f.add(_("Visit &starts:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(start.visit_start)); });
    auto* end = f.add(_("Visit &ends:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(start.visit_end)); });
    // Names used in earlier reviews are offered, so each is spelt one way.
    wxArrayString known;
    for (const auto& n : known_reviewers) known.Add(U(n));
    auto reviewer = [&](size_t i) {
        return U(i < start.reviewers.size() ? start.reviewers[i] : std::string());
    };
    auto* r1 = f.add(_("Reviewer &1:"), [&] { return new wxComboBox(&d, wxID_ANY, reviewer(0), wxDefaultPosition, wxDefaultSize, known); });
    auto* r2 = f.add(_("Reviewer &2:"), [&] { return new wxComboBox(&d, wxID_ANY, reviewer(1), wxDefaultPosition, wxDefaultSize, known); });
    // Policies and scales by their names; the ids stay inside.
    std::vector<std::string> policy_ids = catalog.policy_ids(), scale_ids = catalog.scale_ids();
    wxArrayString policies, scales;
    for (const auto& id : policy_ids) policies.Add(U(catalog.policy(id).name));
    for (const auto& id : scale_ids) scales.Add(U(catalog.scale(id).name));
    auto* policy = f.add(_("P&olicy edition:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, policies); });
    auto at = [](const std::vector<std::string>& ids, const std::string& id) {
        auto it = std::find(ids.begin(), ids.end(), id);
        return it == ids.end() ? wxNOT_FOUND : int(it - ids.begin());
    };
    policy->SetSelection(at(policy_ids, start.policy_id));
    wxChoice* scale = nullptr;
    if (program) {
        scale = f.add(_("S&cale:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scales); });
        scale->SetSelection(at(scale_ids, start.scale_id));
    }
    finish(d, f.sizer());
    while (d.ShowModal() == wxID_OK) {
        ReviewSetup out = start;
        if (program) out.program_id = programs[size_t(program->GetSelection())].id;
        out.type = *review_type_from(std::array{"initial", "subsequent", "follow-up"}[size_t(type->GetSelection())]);
        out.visit_start = from_wx(begin->GetValue());
        out.visit_end = from_wx(end->GetValue());
        if (out.visit_end < out.visit_start) {
            error(&d, _("The visit cannot end before it starts."));
            continue;
        }
        out.reviewers.clear();
        for (auto* r : {r1, r2})
            if (!blank(r->GetValue())) out.reviewers.push_back(S(r->GetValue().Strip(wxString::both)));
        if (out.reviewers.size() == 2 && out.reviewers[0] == out.reviewers[1]) {
            error(&d, _("The two reviewers need different names."));
            continue;
        }
        if (policy->GetSelection() == wxNOT_FOUND || (scale && scale->GetSelection() == wxNOT_FOUND)) {
            error(&d, _("Choose the scale and the policy edition."));
            continue;
        }
        out.policy_id = policy_ids[size_t(policy->GetSelection())];
        if (scale) out.scale_id = scale_ids[size_t(scale->GetSelection())];
        return out;
    }
    return std::nullopt;
}
}  // namespace

std::optional<ReviewSetup> ask_new_review(wxWindow* parent, const std::vector<storage::ProgramRow>& programs,
                                          std::int64_t selected_program, Catalog& catalog, const std::string& me,
                                          const std::vector<std::string>& known_reviewers) {
    if (programs.empty()) {
        error(parent, _("Add the program first (File > New program)."));
        return std::nullopt;
    }
    ReviewSetup start;
    start.program_id = selected_program;
    start.visit_start = start.visit_end = Date::today();
    start.reviewers = {me};
    return review_form(parent, _("New review"), programs, start, catalog, known_reviewers);
}

std::optional<ReviewSetup> ask_review_facts(wxWindow* parent, const Review& review, Catalog& catalog,
                                            const std::vector<std::string>& known_reviewers) {
    ReviewSetup start;
    start.type = review.review.type;
    start.visit_start = review.review.visit_start;
    start.visit_end = review.review.visit_end.value_or(review.review.visit_start);
    start.reviewers = review.review.reviewers;
    start.policy_id = review.policy_id;
    start.scale_id = review.scale_id;
    return review_form(parent, _("Review details"), {}, start, catalog, known_reviewers);
}

std::optional<std::string> ask_reviewer_name(wxWindow* parent, const std::string& suggestion) {
    Dialog d(parent, _("Who is reviewing?"));
    Form f(&d);
    auto* name = f.add(_("Your &name:"), [&] {
        return new wxTextCtrl(&d, wxID_ANY, U(suggestion), wxDefaultPosition, d.FromDIP(wxSize(300, -1)));
    });
    finish(d, f.sizer(),
           _("The audit trail records who made each change, and new reviews name you as their first reviewer. "
             "You can change it later under File > Your name."));
    focus_when_shown(d, name);
    while (d.ShowModal() == wxID_OK) {
        if (blank(name->GetValue())) {
            error(&d, _("Write your name as reviews and the audit trail should show it."));
            continue;
        }
        return S(name->GetValue().Strip(wxString::both));
    }
    return std::nullopt;
}

std::optional<Date> ask_date(wxWindow* parent, const wxString& title, const wxString& message, DateRange range,
                             const std::string& what) {
    if (range.empty()) {
        error(parent, wxString::Format(_("No day is possible: the earliest is %s, the latest %s."), show(range.earliest),
                                       show(range.latest)));
        return std::nullopt;
    }
    Dialog d(parent, title);
    Form f(&d);
    // No range on the picker: a day typed outside it is refused with the reason.
    auto* date = f.add(_("&Date:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(range.latest)); });
    finish(d, f.sizer(), message + "\n\n" +
                             wxString::Format(_("The %s can be from %s to %s."), U(what), show(range.earliest), show(range.latest)));
    focus_when_shown(d, date);
    while (d.ShowModal() == wxID_OK) {
        Date chosen = from_wx(date->GetValue());
        if (wxString why = why_not_day(chosen, range, what); !why.empty()) {
            error(&d, why);
            continue;
        }
        return chosen;
    }
    return std::nullopt;
}

std::optional<ScoreAmendment> ask_score_amendment(wxWindow* parent, const wxString& item, bool final_issued,
                                                  std::optional<int> current, std::optional<int> proposed) {
    Dialog d(parent, _("Amend a score"));
    Form f(&d);
    wxArrayString scores;
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* score = f.add(_("New &score:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores); });
    score->SetSelection(proposed.value_or(current.value_or(3)) - 1);
    auto* reason = f.add(_("&Reason:"), [&] { return new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                       d.FromDIP(wxSize(420, 100)), wxTE_MULTILINE); });
    finish(d, f.sizer(),
           wxString::Format(_("The %s report has been issued with %s at %s. A change is an amendment: the reason is kept "
                              "in the review and its audit trail."),
                            final_issued ? _("final") : _("draft"), item,
                            current ? wxString::Format("%d", *current) : wxString("-")));
    reason->SetFocus();
    while (d.ShowModal() == wxID_OK) {
        if (blank(reason->GetValue())) {
            error(&d, _("Write the reason for the amendment."));
            continue;
        }
        return ScoreAmendment{score->GetSelection() + 1, S(reason->GetValue().Strip(wxString::both))};
    }
    return std::nullopt;
}

std::optional<TextAmendment> ask_text_amendment(wxWindow* parent, const wxString& item, const wxString& evidence,
                                                const wxString& recommendation) {
    Dialog d(parent, _("Amend the text"),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    Form f(&d);
    auto* ev = f.add(_("E&vidence:"), [&] { return new wxTextCtrl(&d, wxID_ANY, evidence, wxDefaultPosition,
                                                    d.FromDIP(wxSize(520, 140)), wxTE_MULTILINE | wxTE_WORDWRAP); });
    auto* rec = f.add(_("Recommen&dation:"), [&] { return new wxTextCtrl(&d, wxID_ANY, recommendation, wxDefaultPosition,
                                                           d.FromDIP(wxSize(520, 90)), wxTE_MULTILINE | wxTE_WORDWRAP); });
    auto* reason = f.add(_("&Reason:"), [&] { return new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                       d.FromDIP(wxSize(520, 60)), wxTE_MULTILINE); });
    finish(d, f.sizer(),
           wxString::Format(_("The final report has been issued. Changing the text of %s is an amendment: the reason is "
                              "kept in the review and its audit trail."), item));
    ev->SetFocus();
    while (d.ShowModal() == wxID_OK) {
        if (ev->GetValue() == evidence && rec->GetValue() == recommendation) return std::nullopt;
        if (blank(reason->GetValue())) {
            error(&d, _("Write the reason for the amendment."));
            continue;
        }
        return TextAmendment{ev->GetValue(), rec->GetValue(), S(reason->GetValue().Strip(wxString::both))};
    }
    return std::nullopt;
}


}  // namespace fw::app
