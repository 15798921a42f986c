// The dialogs of the stages after scoring: contests, decisions, the action
// plan, the 2016 follow-up conditions, the audit trail.
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

std::optional<Contest> ask_contest(wxWindow* parent, const Session& session) {
    const Review& r = session.review();
    std::vector<std::string> items;
    wxArrayString labels;
    for (const auto& it : session.scale().items) {
        if (!why_not_submit_contest(r, session.scale(), session.policy(), it.id).empty()) continue;
        items.push_back(it.id);
        labels.Add(item_label(session.scale(), it.id) + wxString::Format("  [%d]", *r.consensus(it.id)));
    }
    if (items.empty()) {
        error(parent, U(why_not_submit_contest(r, session.scale(), session.policy(), "")));
        return std::nullopt;
    }
    const int used = int(r.contests.size()), limit = session.policy().contests.limit;
    Dialog d(parent, _("Record a contest"));
    Form f(&d);
    auto* item = f.add(_("Contested &item:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), labels); });
    item->SetSelection(0);
    const DateRange range = contest_date_range(r, session.policy());
    auto* date = f.add(_("&Submitted on:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, to_wx(range.latest)); });
    wxArrayString scores;
    scores.Add(_("not stated"));
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* requested = f.add(_("&Requested score:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores); });
    requested->SetSelection(0);
    auto* doc = f.add(_("Supporting &documentation:"), [&] {
        return new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, d.FromDIP(wxSize(380, 110)), wxTE_MULTILINE);
    });
    f.add_growable_row();
    auto* files = f.add(_("Attached files:"), [&] { return new wxListBox(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, 70))); });
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
        if (wxString why = why_not_day(c.submitted, range, "contest's submission date"); !why.empty()) {
            error(&d, why);
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
            labels.Add(item_label(session.scale(), c.item));
        }
    if (pending.empty()) {
        error(parent, _("No contest is pending."));
        return std::nullopt;
    }
    Dialog d(parent, _("Decide a contest"));
    Form f(&d);
    auto* which = f.add(_("&Contest:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), labels); });
    which->SetSelection(0);
    auto* request = f.add(_("Request:"), [&] { return new wxStaticText(&d, wxID_ANY, wxEmptyString); });
    wxArrayString decisions;
    decisions.Add(_("Upheld: the score changes"));
    decisions.Add(_("Denied: the score stands"));
    auto* decision = f.add(_("&Decision:"), [&] { return new wxRadioBox(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                                            decisions, 1, wxRA_SPECIFY_COLS); });
    wxArrayString scores;
    for (int s = 1; s <= 5; ++s) scores.Add(wxString::Format("%d", s));
    auto* score = f.add(_("Decided &score:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, scores); });
    auto* date = f.add(_("Decided &on:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()); });
    auto* rationale = f.add(_("&Rationale:"), [&] { return new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                                             d.FromDIP(wxSize(380, 100)), wxTE_MULTILINE); });
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
        if (wxString why = why_not_day(out.on, decision_date_range(c, session.policy()), "decision date"); !why.empty()) {
            error(&d, why);
            continue;
        }
        return out;
    }
    return std::nullopt;
}

namespace {
bool same_rows(const std::vector<ActionPlanRow>& a, const std::vector<ActionPlanRow>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].item != b[i].item || a[i].goal != b[i].goal || a[i].steps != b[i].steps || a[i].who != b[i].who ||
            a[i].by_when != b[i].by_when || a[i].measure != b[i].measure || a[i].status != b[i].status)
            return false;
    return true;
}
}  // namespace

std::optional<std::vector<ActionPlanRow>> edit_action_plan(wxWindow* parent, const Session& session) {
    std::vector<ActionPlanRow> rows = session.review().action_plan;
    const Scale& scale = session.scale();
    Dialog d(parent, _("Action plan"), wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
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
    for (const auto& it : scale.items) items.Add(item_label(scale, it.id));
    auto* item = f.add(_("&Item:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(380, -1)), items); });
    auto* goal = f.add(_("&Goal:"), [&] { return new wxTextCtrl(&d, wxID_ANY); });
    auto* steps = f.add(_("S&teps:"), [&] { return new wxTextCtrl(&d, wxID_ANY, wxEmptyString, wxDefaultPosition, d.FromDIP(wxSize(-1, 90)), wxTE_MULTILINE); });
    auto* who = f.add(_("&Who:"), [&] { return new wxTextCtrl(&d, wxID_ANY); });
    auto* has_by = f.add(_("&By when:"), [&] { return new wxCheckBox(&d, wxID_ANY, _("set a date")); });
    auto* by = f.add(_("&Date:"), [&] { return new wxDatePickerCtrl(&d, wxID_ANY, wxDateTime::Today()); });
    auto* measure = f.add(_("&Measure:"), [&] { return new wxTextCtrl(&d, wxID_ANY); });
    wxArrayString statuses;
    for (const char* s : {"planned", "in-progress", "done", "dropped"}) statuses.Add(wxGetTranslation(s));
    auto* status = f.add(_("&Status:"), [&] { return new wxChoice(&d, wxID_ANY, wxDefaultPosition, wxDefaultSize, statuses); });
    main->Add(f.sizer(), 1, wxEXPAND);

    int current = -1;
    auto label = [&](const ActionPlanRow& r) {
        return item_label(scale, r.item, false) + ": " + (r.goal.empty() ? wxString(_("(no goal yet)")) : U(r.goal));
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
    // Escape, Cancel or closing the window after editing: ask before the
    // edits are dropped.
    const std::vector<ActionPlanRow> original = session.review().action_plan;
    auto confirm_cancel = [&]() {
        store();
        if (same_rows(rows, original)) return true;
        int answer = ask(&d, _("You changed the action plan. Keep the changes?"), _("Action plan"),
                         {_("&Keep them"), _("&Discard them"), _("&Go back")});
        if (answer == wxID_YES) d.EndModal(wxID_OK);
        return answer == wxID_NO;
    };
    d.Bind(wxEVT_BUTTON, [&](wxCommandEvent& e) {
        if (confirm_cancel() && d.IsModal()) d.EndModal(wxID_CANCEL);
        (void)e;
    }, wxID_CANCEL);
    d.Bind(wxEVT_CLOSE_WINDOW, [&](wxCloseEvent&) {
        if (confirm_cancel() && d.IsModal()) d.EndModal(wxID_CANCEL);
    });
    d.SetEscapeId(wxID_CANCEL);
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
    Dialog d(parent, _("Follow-up evaluation conditions"));
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
    Dialog d(parent, title, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* list = new wxListCtrl(&d, wxID_ANY, wxDefaultPosition, d.FromDIP(wxSize(1040, 380)), wxLC_REPORT | wxLC_SINGLE_SEL);
    const wxString cols[] = {_("When"), _("Who"), _("What"), _("Old"), _("New"), _("Reason")};
    const int widths[] = {200, 100, 190, 110, 110, 300};
    for (int i = 0; i < 6; ++i) list->AppendColumn(cols[i], wxLIST_FORMAT_LEFT, d.FromDIP(widths[i]));
    long row = 0;
    for (const auto& e : entries) {
        long i = list->InsertItem(row++, show_time(e.at));
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

}  // namespace fw::app
