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

#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/action_plan.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"

namespace fw::app {

namespace {

// Label + control rows, with the mnemonic label just before its control.
class Form {
public:
    explicit Form(wxWindow* parent) : parent_(parent), grid_(new wxFlexGridSizer(2, parent->FromDIP(wxSize(10, 8)))) {
        grid_->AddGrowableCol(1);
    }
    template <class T>
    T* add(const wxString& label, T* ctrl, int flags = wxEXPAND) {
        grid_->Add(new wxStaticText(parent_, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
        grid_->Add(ctrl, 1, flags);
        return ctrl;
    }
    void add_growable_row() { grid_->AddGrowableRow(grid_->GetEffectiveRowsCount() - 1); }
    wxFlexGridSizer* sizer() { return grid_; }

private:
    wxWindow* parent_;
    wxFlexGridSizer* grid_;
};

void finish(wxDialog& d, wxSizer* content, const wxString& note = {}) {
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
    wxMessageBox(message, _("Please check"), wxOK | wxICON_WARNING, parent);
}

bool blank(const wxString& s) { return s.Strip(wxString::both).empty(); }

}  // namespace

std::optional<storage::ProgramDetails> ask_program(wxWindow* parent, const storage::ProgramDetails& start,
                                                   const std::vector<std::string>& known_lme_mcos, bool editing) {
    wxDialog d(parent, wxID_ANY, editing ? _("Program details") : _("New program"));
    Form f(&d);
    auto* agency = f.add(_("&Agency:"), new wxTextCtrl(&d, wxID_ANY, U(start.agency), wxDefaultPosition, d.FromDIP(wxSize(320, -1))));
    auto* team = f.add(_("&Team:"), new wxTextCtrl(&d, wxID_ANY, U(start.team)));
    wxArrayString lmes;
    for (const auto& l : known_lme_mcos) lmes.Add(U(l));
    auto* lme = f.add(_("&LME-MCO:"), new wxComboBox(&d, wxID_ANY, U(start.lme_mco), wxDefaultPosition, wxDefaultSize, lmes));
    auto* county = f.add(_("&County:"), new wxTextCtrl(&d, wxID_ANY, U(start.county)));
    auto* has_start = f.add(_("Program &start:"), new wxCheckBox(&d, wxID_ANY, _("known")));
    auto* started = f.add(_("Start &date:"), new wxDatePickerCtrl(&d, wxID_ANY, to_wx(start.start_date.value_or(Date::today()))));
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
    wxDialog d(parent, wxID_ANY, _("Implementation-plan meeting"));
    Form f(&d);
    auto* held = f.add(_("&Meeting:"), new wxCheckBox(&d, wxID_ANY, _("held, and the implementation plan written")));
    auto* date = f.add(_("Meeting &date:"), new wxDatePickerCtrl(&d, wxID_ANY, to_wx(current ? current->meeting : Date::today())));
    wxArrayString names;
    int sel = 0;
    for (size_t i = 0; i < editions.size(); ++i) {
        names.Add(U(editions[i]->name));
        if (current && current->policy == editions[i]->id) sel = int(i);
    }
    auto* policy = f.add(_("Under &policy:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, names));
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

std::optional<ReviewSetup> ask_new_review(wxWindow* parent, const std::vector<storage::ProgramRow>& programs,
                                          std::int64_t selected_program, Catalog& catalog, const std::string& me) {
    if (programs.empty()) {
        error(parent, _("Add the program first (File > New program)."));
        return std::nullopt;
    }
    wxDialog d(parent, wxID_ANY, _("New review"));
    Form f(&d);
    wxArrayString names;
    int sel = 0;
    for (size_t i = 0; i < programs.size(); ++i) {
        names.Add(U(programs[i].details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(programs[i].details.agency));
        if (programs[i].id == selected_program) sel = int(i);
    }
    auto* program = f.add(_("&Program:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(360, -1)), names));
    program->SetSelection(sel);
    wxArrayString types;
    types.Add(_("initial"));
    types.Add(_("subsequent"));
    types.Add(_("follow-up"));
    auto* type = f.add(_("Review &type:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, types));
    type->SetSelection(programs[size_t(sel)].review_count > 0 ? 1 : 0);
    program->Bind(wxEVT_CHOICE, [&](wxCommandEvent& e) {
        type->SetSelection(programs[size_t(e.GetSelection())].review_count > 0 ? 1 : 0);
    });
    auto* start = f.add(_("Visit &starts:"), new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()));
    auto* end = f.add(_("Visit &ends:"), new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()));
    auto* r1 = f.add(_("Reviewer &1:"), new wxTextCtrl(&d, wxID_ANY, U(me)));
    auto* r2 = f.add(_("Reviewer &2:"), new wxTextCtrl(&d, wxID_ANY));
    wxArrayString policies, scales;
    for (const auto& p : catalog.policy_ids()) policies.Add(U(p));
    for (const auto& s : catalog.scale_ids()) scales.Add(U(s));
    auto* policy = f.add(_("P&olicy edition:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, policies));
    policy->SetStringSelection("nc-2020");
    auto* scale = f.add(_("S&cale:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scales));
    scale->SetStringSelection("ips-se-25");
    finish(d, f.sizer());
    while (d.ShowModal() == wxID_OK) {
        ReviewSetup out;
        out.program_id = programs[size_t(program->GetSelection())].id;
        out.type = *review_type_from(std::array{"initial", "subsequent", "follow-up"}[size_t(type->GetSelection())]);
        out.visit_start = from_wx(start->GetValue());
        out.visit_end = from_wx(end->GetValue());
        if (out.visit_end < out.visit_start) {
            error(&d, _("The visit cannot end before it starts."));
            continue;
        }
        for (auto* r : {r1, r2})
            if (!blank(r->GetValue())) out.reviewers.push_back(S(r->GetValue().Strip(wxString::both)));
        if (out.reviewers.size() == 2 && out.reviewers[0] == out.reviewers[1]) {
            error(&d, _("The two reviewers need different names."));
            continue;
        }
        if (policy->GetSelection() == wxNOT_FOUND || scale->GetSelection() == wxNOT_FOUND) {
            error(&d, _("Choose the scale and the policy edition."));
            continue;
        }
        out.policy_id = S(policy->GetStringSelection());
        out.scale_id = S(scale->GetStringSelection());
        return out;
    }
    return std::nullopt;
}

std::optional<Date> ask_date(wxWindow* parent, const wxString& title, const wxString& message, DateRange range) {
    if (range.empty()) {
        error(parent, wxString::Format(_("No day is possible: the earliest is %s, the latest %s."), show(range.earliest),
                                       show(range.latest)));
        return std::nullopt;
    }
    wxDialog d(parent, wxID_ANY, title);
    Form f(&d);
    auto* date = f.add(_("&Date:"), new wxDatePickerCtrl(&d, wxID_ANY, to_wx(range.latest)));
    date->SetRange(to_wx(range.earliest), to_wx(range.latest));
    finish(d, f.sizer(), message);
    while (d.ShowModal() == wxID_OK) {
        Date chosen = from_wx(date->GetValue());
        if (chosen < range.earliest || range.latest < chosen) {
            error(&d, wxString::Format(_("Choose a day from %s to %s."), show(range.earliest), show(range.latest)));
            continue;
        }
        return chosen;
    }
    return std::nullopt;
}

std::optional<Contest> ask_contest(wxWindow* parent, const Session& session) {
    const Review& r = session.review();
    std::vector<std::string> items;
    wxArrayString labels;
    for (const auto& it : session.scale().items) {
        if (!why_not_submit_contest(r, session.scale(), session.policy(), it.id).empty()) continue;
        items.push_back(it.id);
        labels.Add(U(it.id) + "  " + U(it.name) + wxString::Format("  [%d]", *r.consensus(it.id)));
    }
    if (items.empty()) {
        error(parent, U(why_not_submit_contest(r, session.scale(), session.policy(), "")));
        return std::nullopt;
    }
    const int used = int(r.contests.size()), limit = session.policy().contests.limit;
    wxDialog d(parent, wxID_ANY, _("Record a contest"));
    Form f(&d);
    auto* item = f.add(_("Contested &item:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), labels));
    item->SetSelection(0);
    const DateRange range = contest_date_range(r, session.policy());
    const Date earliest = range.earliest;
    auto* date = f.add(_("&Submitted on:"), new wxDatePickerCtrl(&d, wxID_ANY, to_wx(range.latest)));
    if (!range.empty()) date->SetRange(to_wx(range.earliest), to_wx(range.latest));
    wxArrayString scores;
    scores.Add(_("not stated"));
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* requested = f.add(_("&Requested score:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores));
    requested->SetSelection(0);
    auto* doc = f.add(_("Supporting &documentation:"),
                      new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, d.FromDIP(wxSize(380, 110)), wxTE_MULTILINE));
    f.add_growable_row();
    auto* files = f.add(_("Attached files:"), new wxListBox(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, 70))));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* attach = new wxButton(&d, wxID_ANY, _("A&ttach a file..."));
    auto* detach = new wxButton(&d, wxID_ANY, _("Remo&ve"));
    buttons->Add(attach, 0, wxRIGHT, d.FromDIP(6));
    buttons->Add(detach);
    f.sizer()->AddSpacer(0);
    f.sizer()->Add(buttons);
    std::vector<Attachment> attachments;
    attach->Bind(wxEVT_BUTTON, [&](wxCommandEvent&) {
        wxFileDialog fd(&d, _("Attach supporting documentation"), wxEmptyString, wxEmptyString,
                        _("All files (*)|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST | wxFD_MULTIPLE);
        if (fd.ShowModal() != wxID_OK) return;
        wxArrayString paths;
        fd.GetPaths(paths);
        for (const auto& p : paths) {
            try {
                attachments.push_back(storage::read_attachment(S(p)));
                files->Append(U(attachments.back().name) + wxString::Format(" (%zu KB)", (attachments.back().data.size() + 1023) / 1024));
            } catch (const InputError& e) {
                error(&d, U(e.what()));
            }
        }
    });
    detach->Bind(wxEVT_BUTTON, [&](wxCommandEvent&) {
        int i = files->GetSelection();
        if (i == wxNOT_FOUND) return;
        attachments.erase(attachments.begin() + i);
        files->Delete(unsigned(i));
    });
    finish(d, f.sizer(),
           wxString::Format(_("Contest %d of at most %d (%s). Each contest needs supporting documentation."), used + 1, limit,
                            U(session.policy().contests.bulletin)));
    while (d.ShowModal() == wxID_OK) {
        Contest c;
        c.item = items[size_t(item->GetSelection())];
        c.submitted = from_wx(date->GetValue());
        if (requested->GetSelection() > 0) c.requested_score = requested->GetSelection();
        c.documentation = S(doc->GetValue());
        c.attachments = attachments;
        if (blank(doc->GetValue()) && attachments.empty()) {
            error(&d, _("Describe or attach the supporting documentation: a contest needs it."));
            continue;
        }
        if (c.submitted < earliest || range.latest < c.submitted) {
            error(&d, wxString::Format(_("A contest is dated from the draft report (%s) to %s."), show(earliest),
                                       show(range.latest)));
            continue;
        }
        return c;
    }
    return std::nullopt;
}

std::optional<ContestDecision> ask_decision(wxWindow* parent, const Session& session) {
    std::vector<const Contest*> pending;
    wxArrayString labels;
    for (const auto& c : session.review().contests)
        if (c.decision == Decision::pending) {
            pending.push_back(&c);
            labels.Add(U(c.item) + "  " + U(session.scale().find(c.item)->name));
        }
    if (pending.empty()) {
        error(parent, _("No contest is pending."));
        return std::nullopt;
    }
    wxDialog d(parent, wxID_ANY, _("Decide a contest"));
    Form f(&d);
    auto* which = f.add(_("&Contest:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), labels));
    which->SetSelection(0);
    auto* request = f.add(_("Request:"), new wxStaticText(&d, wxID_ANY, wxEmptyString));
    wxArrayString decisions;
    decisions.Add(_("Upheld: the score changes"));
    decisions.Add(_("Denied: the score stands"));
    auto* decision = f.add(_("&Decision:"), new wxRadioBox(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                                            decisions, 1, wxRA_SPECIFY_COLS));
    wxArrayString scores;
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* score = f.add(_("Decided &score:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores));
    auto* date = f.add(_("Decided &on:"), new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()));
    auto* rationale = f.add(_("&Rationale:"), new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                             d.FromDIP(wxSize(380, 100)), wxTE_MULTILINE));
    auto show_request = [&] {
        const Contest& c = *pending[size_t(which->GetSelection())];
        wxString t = wxString::Format(_("consensus score %d"), *session.review().consensus(c.item));
        if (c.requested_score) t += wxString::Format(_(", requested %d"), *c.requested_score);
        request->SetLabel(t);
        score->SetSelection(c.requested_score.value_or(*session.review().consensus(c.item)) - 1);
    };
    show_request();
    which->Bind(wxEVT_CHOICE, [&](wxCommandEvent&) { show_request(); });
    decision->Bind(wxEVT_RADIOBOX, [&](wxCommandEvent& e) { score->Enable(e.GetSelection() == 0); });
    finish(d, f.sizer());
    while (d.ShowModal() == wxID_OK) {
        ContestDecision out;
        const Contest& c = *pending[size_t(which->GetSelection())];
        out.item = c.item;
        out.decision = decision->GetSelection() == 0 ? Decision::upheld : Decision::denied;
        if (out.decision == Decision::upheld) out.score = score->GetSelection() + 1;
        out.on = from_wx(date->GetValue());
        out.rationale = S(rationale->GetValue());
        if (blank(rationale->GetValue())) {
            error(&d, _("Write the rationale for the decision: it goes into the final report."));
            continue;
        }
        DateRange range = decision_date_range(c, session.policy());
        if (out.on < range.earliest || range.latest < out.on) {
            error(&d, wxString::Format(_("The decision on %s is dated from %s to %s."), U(c.item), show(range.earliest),
                                       show(range.latest)));
            continue;
        }
        return out;
    }
    return std::nullopt;
}

std::optional<std::vector<ActionPlanRow>> edit_action_plan(wxWindow* parent, const Session& session) {
    std::vector<ActionPlanRow> rows = session.review().action_plan;
    const Scale& scale = session.scale();
    wxDialog d(parent, wxID_ANY, _("Action plan"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* main = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(new wxStaticText(&d, wxID_ANY, _("&Rows:")));
    auto* list = new wxListBox(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(260, 300)));
    left->Add(list, 1, wxEXPAND | wxTOP, d.FromDIP(4));
    auto* add = new wxButton(&d, wxID_ANY, _("&Add a row"));
    auto* remove = new wxButton(&d, wxID_ANY, _("Re&move the row"));
    auto* propose = new wxButton(&d, wxID_ANY, _("&Propose from items below 4"));
    for (auto* b : {add, remove, propose}) left->Add(b, 0, wxEXPAND | wxTOP, d.FromDIP(4));
    main->Add(left, 0, wxEXPAND | wxRIGHT, d.FromDIP(12));

    Form f(&d);
    wxArrayString items;
    for (const auto& it : scale.items) items.Add(U(it.id) + "  " + U(it.name));
    auto* item = f.add(_("&Item:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), items));
    auto* goal = f.add(_("&Goal:"), new wxTextCtrl(&d, wxID_ANY));
    auto* steps = f.add(_("S&teps:"), new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, d.FromDIP(wxSize(-1, 90)), wxTE_MULTILINE));
    auto* who = f.add(_("&Who:"), new wxTextCtrl(&d, wxID_ANY));
    auto* has_by = f.add(_("&By when:"), new wxCheckBox(&d, wxID_ANY, _("set a date")));
    auto* by = f.add(_("&Date:"), new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()));
    auto* measure = f.add(_("&Measure:"), new wxTextCtrl(&d, wxID_ANY));
    wxArrayString statuses;
    for (const char* s : {"planned", "in-progress", "done", "dropped"}) statuses.Add(wxGetTranslation(s));
    auto* status = f.add(_("&Status:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, statuses));
    main->Add(f.sizer(), 1, wxEXPAND);

    int current = -1;
    auto label = [&](const ActionPlanRow& r) {
        return U(r.item) + ": " + (r.goal.empty() ? wxString(_("(no goal yet)")) : U(r.goal));
    };
    auto store = [&] {
        if (current < 0 || size_t(current) >= rows.size()) return;
        ActionPlanRow& r = rows[size_t(current)];
        if (item->GetSelection() != wxNOT_FOUND) r.item = scale.items[size_t(item->GetSelection())].id;
        r.goal = S(goal->GetValue());
        r.steps = S(steps->GetValue());
        r.who = S(who->GetValue());
        r.by_when = has_by->GetValue() ? std::optional<Date>(from_wx(by->GetValue())) : std::nullopt;
        r.measure = S(measure->GetValue());
        r.status = *action_status_from(std::array{"planned", "in-progress", "done", "dropped"}[size_t(std::max(0, status->GetSelection()))]);
        list->SetString(unsigned(current), label(r));
    };
    auto load = [&](int i) {
        current = i;
        bool any = i >= 0 && size_t(i) < rows.size();
        for (wxWindow* w : std::initializer_list<wxWindow*>{item, goal, steps, who, has_by, by, measure, status, remove}) w->Enable(any);
        if (!any) return;
        const ActionPlanRow& r = rows[size_t(i)];
        for (size_t k = 0; k < scale.items.size(); ++k)
            if (scale.items[k].id == r.item) item->SetSelection(int(k));
        goal->ChangeValue(U(r.goal));
        steps->ChangeValue(U(r.steps));
        who->ChangeValue(U(r.who));
        has_by->SetValue(r.by_when.has_value());
        by->Enable(r.by_when.has_value());
        if (r.by_when) by->SetValue(to_wx(*r.by_when));
        measure->ChangeValue(U(r.measure));
        status->SetSelection(int(r.status));
    };
    auto fill = [&](int select) {
        list->Clear();
        for (const auto& r : rows) list->Append(label(r));
        if (select >= 0 && size_t(select) < rows.size()) list->SetSelection(select);
        load(select < int(rows.size()) ? select : -1);
    };
    list->Bind(wxEVT_LISTBOX, [&](wxCommandEvent& e) {
        store();
        load(e.GetSelection());
    });
    has_by->Bind(wxEVT_CHECKBOX, [&](wxCommandEvent& e) { by->Enable(e.IsChecked()); });
    add->Bind(wxEVT_BUTTON, [&](wxCommandEvent&) {
        store();
        ActionPlanRow r;
        r.item = scale.items.front().id;
        rows.push_back(r);
        fill(int(rows.size()) - 1);
        goal->SetFocus();
    });
    remove->Bind(wxEVT_BUTTON, [&](wxCommandEvent&) {
        if (current < 0) return;
        rows.erase(rows.begin() + current);
        current = -1;
        fill(std::min<int>(int(rows.size()) - 1, list->GetSelection()));
    });
    propose->Bind(wxEVT_BUTTON, [&](wxCommandEvent&) {
        store();
        auto proposed = propose_action_plan(session.review(), scale, session.policy());
        int added = 0;
        for (auto& p : proposed) {
            bool have = std::any_of(rows.begin(), rows.end(), [&](const ActionPlanRow& r) { return r.item == p.item; });
            if (!have) {
                rows.push_back(p);
                ++added;
            }
        }
        fill(rows.empty() ? -1 : 0);
        if (!added) error(&d, _("Every item below 4 already has a row."));
    });
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(main, 1, wxEXPAND | wxALL, d.FromDIP(12));
    outer->Add(d.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, d.FromDIP(12));
    d.SetSizerAndFit(outer);
    fill(rows.empty() ? -1 : 0);
    d.CentreOnParent();
    if (d.ShowModal() != wxID_OK) return std::nullopt;
    store();
    return rows;
}

std::optional<std::vector<CriterionRecord>> edit_reevaluation_criteria(wxWindow* parent, const Session& session) {
    const auto& rule = session.policy().reevaluation;
    if (!rule || rule->criteria.empty()) {
        error(parent, wxString::Format(_("%s has no re-evaluation rule."), U(session.policy().name)));
        return std::nullopt;
    }
    const auto& recorded = session.review().review.reevaluation_criteria;
    auto find = [&](const std::string& id) -> const CriterionRecord* {
        for (const auto& c : recorded)
            if (c.id == id) return &c;
        return nullptr;
    };
    wxDialog d(parent, wxID_ANY, _("Follow-up evaluation conditions"));
    auto* grid = new wxFlexGridSizer(2, d.FromDIP(wxSize(10, 8)));
    std::vector<wxWindow*> inputs;
    wxArrayString states;
    states.Add(_("not recorded"));
    states.Add(_("met"));
    states.Add(_("not met"));
    for (const auto& crit : rule->criteria) {
        auto* label = new wxStaticText(&d, wxID_ANY, U(crit.text));
        label->Wrap(d.FromDIP(380));
        grid->Add(label, 0, wxALIGN_CENTER_VERTICAL);
        const CriterionRecord* rec = find(crit.id);
        if (crit.kind == ReevaluationCriterion::Kind::percent) {
            auto* t = new wxTextCtrl(&d, wxID_ANY, rec && rec->value ? show_number(*rec->value) : wxString());
            t->SetHint(wxString::Format(_("%% (at least %s)"), show_number(*crit.at_least)));
            grid->Add(t, 0, wxEXPAND);
            inputs.push_back(t);
        } else {
            auto* c = new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, states);
            c->SetSelection(!rec || !rec->met ? 0 : *rec->met ? 1 : 2);
            grid->Add(c, 0, wxEXPAND);
            inputs.push_back(c);
        }
    }
    finish(d, grid,
           wxString::Format(_("A team below %d on its first review may have one follow-up evaluation within %d days "
                              "if it scored %d-%d and meets every condition below (%s)."),
                            rule->max_total + 1, rule->within_days, rule->min_total, rule->max_total,
                            U(session.policy().name)));
    while (d.ShowModal() == wxID_OK) {
        std::vector<CriterionRecord> out;
        bool good = true;
        for (size_t i = 0; i < rule->criteria.size(); ++i) {
            CriterionRecord rec;
            rec.id = rule->criteria[i].id;
            if (auto* t = dynamic_cast<wxTextCtrl*>(inputs[i])) {
                if (t->GetValue().Strip(wxString::both).empty()) continue;
                auto v = parse_number(t->GetValue());
                if (v) rec.value = *v;
                std::string why = v ? why_not_criterion_value(rule->criteria[i], rec) : std::string("is not a number");
                if (!why.empty()) {
                    error(&d, U(rule->criteria[i].text) + ": " + U(why) + ".");
                    good = false;
                    break;
                }
            } else {
                int sel = static_cast<wxChoice*>(inputs[i])->GetSelection();
                if (sel == 0) continue;
                rec.met = sel == 1;
            }
            out.push_back(rec);
        }
        if (good) return out;
    }
    return std::nullopt;
}

void show_audit(wxWindow* parent, const std::vector<storage::AuditEntry>& entries, const wxString& title) {
    wxDialog d(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* list = new wxListCtrl(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(1040, 380)), wxLC_REPORT | wxLC_SINGLE_SEL);
    const wxString cols[] = {_("When (UTC)"), _("Who"), _("What"), _("Old"), _("New"), _("Reason")};
    const int widths[] = {200, 100, 190, 110, 110, 300};
    for (int i = 0; i < 6; ++i) list->AppendColumn(cols[i], wxLIST_FORMAT_LEFT, d.FromDIP(widths[i]));
    long row = 0;
    for (const auto& e : entries) {
        long i = list->InsertItem(row++, U(e.at));
        // On a server, the login role that wrote the row, as the server recorded it.
        list->SetItem(i, 1, U(e.role.empty() || e.role == e.actor ? e.actor : e.actor + " (" + e.role + ")"));
        list->SetItem(i, 2, U(e.what));
        list->SetItem(i, 3, U(e.old_value.value_or("")));
        list->SetItem(i, 4, U(e.new_value.value_or("")));
        list->SetItem(i, 5, U(e.reason));
    }
    auto* box = new wxBoxSizer(wxVERTICAL);
    box->Add(list, 1, wxEXPAND | wxALL, d.FromDIP(12));
    box->Add(d.CreateStdDialogButtonSizer(wxOK), 0, wxEXPAND | wxALL, d.FromDIP(12));
    d.SetSizerAndFit(box);
    d.CentreOnParent();
    d.ShowModal();
}

std::optional<ScoreAmendment> ask_score_amendment(wxWindow* parent, const wxString& item, bool final_issued,
                                                  std::optional<int> current, std::optional<int> proposed) {
    wxDialog d(parent, wxID_ANY, _("Amend a score"));
    Form f(&d);
    wxArrayString scores;
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* score = f.add(_("New &score:"), new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores));
    score->SetSelection(proposed.value_or(current.value_or(3)) - 1);
    auto* reason = f.add(_("&Reason:"), new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                       d.FromDIP(wxSize(420, 100)), wxTE_MULTILINE));
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
    wxDialog d(parent, wxID_ANY, _("Amend the text"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    Form f(&d);
    auto* ev = f.add(_("E&vidence:"), new wxTextCtrl(&d, wxID_ANY, evidence, wxDefaultPosition,
                                                    d.FromDIP(wxSize(520, 140)), wxTE_MULTILINE | wxTE_WORDWRAP));
    auto* rec = f.add(_("Recommen&dation:"), new wxTextCtrl(&d, wxID_ANY, recommendation, wxDefaultPosition,
                                                           d.FromDIP(wxSize(520, 90)), wxTE_MULTILINE | wxTE_WORDWRAP));
    auto* reason = f.add(_("&Reason:"), new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                       d.FromDIP(wxSize(520, 60)), wxTE_MULTILINE));
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
