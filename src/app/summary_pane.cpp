#include "summary_pane.hpp"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/statline.h>

#include "app/commands.hpp"
#include "app/session.hpp"
#include "app/wx_util.hpp"
#include "core/lifecycle.hpp"

#include <algorithm>

namespace fw::app {

SummaryPane::SummaryPane(wxWindow* parent, Commands& commands)
    : wxScrolledWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL) {
    SetScrollRate(0, FromDIP(12));
    auto* box = new wxBoxSizer(wxVERTICAL);
    title_ = new wxStaticText(this, wxID_ANY, _("Summary"));
    title_->SetFont(title_->GetFont().Bold().Larger());
    box->Add(title_, 0, wxALL, FromDIP(8));

    grid_ = new wxFlexGridSizer(2, FromDIP(wxSize(12, 4)));
    grid_->AddGrowableCol(1);
    stage_ = AddLine(grid_, _("Stage"));
    scored_ = AddLine(grid_, _("Consensus"));
    progress_ = AddLine(grid_, _("Reviewers"));
    for (int i = 0; i < 3; ++i) {
        auto* label = new wxStaticText(this, wxID_ANY, wxEmptyString);
        grid_->Add(label, 0, wxALIGN_CENTER_VERTICAL);
        auto* value = new wxStaticText(this, wxID_ANY, wxEmptyString);
        grid_->Add(value, 0, wxALIGN_CENTER_VERTICAL);
        section_labels_.push_back(label);
        sections_.push_back(value);
    }
    total_ = AddLine(grid_, _("Total"));
    total_->SetFont(total_->GetFont().Bold().Larger());
    draft_total_ = AddLine(grid_, _("Draft total"));
    tier_ = AddLine(grid_, _("Tier"));
    tier_->SetFont(tier_->GetFont().Bold());
    next_review_ = AddLine(grid_, _("Next review"));
    reevaluation_ = AddLine(grid_, _("Follow-up (2016)"));
    action_plan_ = AddLine(grid_, _("Action plan"));
    contests_ = AddLine(grid_, _("Contests"));
    disagreements_ = AddLine(grid_, _("Disagreements"));
    box->Add(grid_, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(8));
    notices_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    notices_->SetForegroundColour(wxColour(176, 58, 0));
    box->Add(notices_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));

    box->Add(new wxStaticLine(this), 0, wxEXPAND | wxALL, FromDIP(8));
    struct {
        const char* command;
        wxString label;
    } buttons[] = {{"review.accept_agreed", _("Accept the a&greed scores")},
                   {"review.issue_draft", _("Issue &draft report...")},
                   {"review.record_contest", _("Record a &contest...")},
                   {"review.decide_contest", _("Decide a contest...")},
                   {"review.issue_final", _("Issue &final report...")},
                   {"review.action_plan", _("Action p&lan...")}};
    for (const auto& b : buttons) {
        auto* button = new wxButton(this, wxID_ANY, b.label);
        commands.bind(button, b.command);
        box->Add(button, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    }
    SetSizer(box);
    Display(nullptr);
}

wxStaticText* SummaryPane::AddLine(wxSizer* sizer, const wxString& label) {
    sizer->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
    auto* value = new wxStaticText(this, wxID_ANY, wxEmptyString);
    sizer->Add(value, 0, wxALIGN_CENTER_VERTICAL);
    return value;
}

void SummaryPane::Display(const Session* session) {
    const wxString dash = wxString::FromUTF8("\xE2\x80\x94");
    if (!session) {
        for (auto* t : {stage_, scored_, progress_, total_, draft_total_, tier_, next_review_, reevaluation_, action_plan_,
                        contests_, disagreements_})
            t->SetLabel(dash);
        for (size_t i = 0; i < sections_.size(); ++i) {
            section_labels_[i]->Hide();
            sections_[i]->Hide();
        }
        notices_->SetLabel(wxEmptyString);
        notices_->Hide();
        Layout();
        return;
    }
    const Review& r = session->review();
    const Summary s = session->summary();
    stage_->SetLabel(U(stage_label(s.stage)));
    scored_->SetLabel(wxString::Format(_("%d of %d items"), s.scored, s.item_count));
    // Each reviewer's own scores, so the two passes can be followed.
    wxString each;
    for (const auto& name : r.review.reviewers) {
        int n = 0;
        for (const auto& rt : r.ratings)
            if (rt.score_by(name)) ++n;
        each += (each.empty() ? "" : "\n") + wxString::Format(_("%s: %d"), U(name), n);
    }
    progress_->SetLabel(each.empty() ? wxString::FromUTF8("\xE2\x80\x94") : each);
    for (size_t i = 0; i < sections_.size(); ++i) {
        if (i >= s.sections.size()) {
            section_labels_[i]->Hide();
            sections_[i]->Hide();
            continue;
        }
        const auto& st = s.sections[i];
        section_labels_[i]->Show();
        sections_[i]->Show();
        section_labels_[i]->SetLabel(U(st.name));
        if (st.total) sections_[i]->SetLabel(wxString::Format("%d / %d", *st.total, st.max));
        else sections_[i]->SetLabel(wxString::Format(_("%d so far (%d of %d)"), st.sum, st.scored, st.items));
    }
    total_->SetLabel(s.total ? wxString::Format("%d / %d", *s.total, s.max) : _("incomplete"));
    draft_total_->SetLabel(s.draft_total ? wxString::Format("%d", *s.draft_total) : dash);
    tier_->SetLabel(s.tier ? U(s.tier->name) : dash);
    if (s.next_review) {
        wxString w = s.next_review->earliest == s.next_review->latest
                         ? show(s.next_review->earliest)
                         : show(s.next_review->earliest) + wxString::FromUTF8(" \xE2\x80\x93 ") + show(s.next_review->latest);
        if (!s.next_review->condition.empty()) w += " (" + U(s.next_review->condition) + ")";
        next_review_->SetLabel(w);
    } else if (s.tier && !r.review.final_report_date && s.tier->next_review) {
        next_review_->SetLabel(_("after the final report"));
    } else {
        next_review_->SetLabel(dash);
    }
    if (s.reevaluation) {
        // The 2016 follow-up: eligible only with every condition recorded as met.
        const auto& re = *s.reevaluation;
        wxString t, why;
        if (re.eligible) {
            t = re.by ? wxString::Format(_("eligible, by %s"), show(*re.by)) : _("eligible");
        } else if (re.reasons.empty()) {
            t = wxString::Format(_("not yet: %zu condition(s) to record"), re.unconfirmed.size());
        } else {
            t = _("not eligible");
        }
        for (const auto& reason : re.reasons) why += U(reason) + "\n";
        for (const auto& id : re.unconfirmed) {
            const ReevaluationCriterion* c = session->policy().reevaluation->criterion(id);
            why += wxString::Format(_("Not yet recorded: %s"), U(c ? c->text : id)) + "\n";
        }
        reevaluation_->SetLabel(t);
        reevaluation_->SetToolTip(why.Trim());
    } else {
        reevaluation_->SetLabel(dash);
        reevaluation_->UnsetToolTip();
    }
    switch (s.action_plan.need) {
    case ActionPlanNeed::required:
        action_plan_->SetLabel(s.action_plan.due ? wxString::Format(_("required, due %s"), show(*s.action_plan.due))
                                                 : _("required"));
        break;
    case ActionPlanNeed::optional: action_plan_->SetLabel(_("optional")); break;
    case ActionPlanNeed::none: action_plan_->SetLabel(dash); break;
    }
    action_plan_->SetToolTip(U(s.action_plan.why));
    wxString contests = wxString::Format(_("%d of %d used, %d pending"), s.contests.count, s.contests.limit,
                                         s.contests.pending);
    if (s.contests.submit_by && s.stage != Stage::final)
        contests += "\n" + wxString::Format(_("submitted by %s"), show(*s.contests.submit_by));
    for (const auto& c : r.contests)
        if (auto d = decision_deadline(c, session->policy()); d && c.decision == Decision::pending)
            contests += "\n" + wxString::Format(_("%s decided by %s"), item_label(session->scale(), c.item, false), show(*d));
    contests_->SetLabel(contests);
    size_t dis = disagreements(r, session->scale()).size();
    disagreements_->SetLabel(wxString::Format("%zu", dis));
    disagreements_->SetForegroundColour(dis ? wxColour(176, 58, 0) : GetForegroundColour());

    wxString notes;
    if (!session->policy_notice().empty()) notes += U(session->policy_notice()) + "\n";
    for (const auto& w : session->warnings()) notes += wxString::FromUTF8("\xE2\x9A\xA0 ") + U(w.message) + "\n";
    notes.Trim();
    notices_->SetLabel(notes);
    notices_->Wrap(std::max(FromDIP(220), GetClientSize().x - FromDIP(16)));
    notices_->Show(!notes.empty());
    Layout();
}

wxString SummaryPane::Text() const {
    wxString out;
    for (auto* item : GetChildren()) {
        if (auto* t = dynamic_cast<wxStaticText*>(item)) {
            // One line per label, however it is wrapped on screen.
            wxString label = t->GetLabel();
            label.Replace("\n", " ");
            out += label + "\n";
        }
    }
    return out;
}

}  // namespace fw::app
