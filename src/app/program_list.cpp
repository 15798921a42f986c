#include "program_list.hpp"

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>

#include "app/a11y.hpp"
#include "app/wx_util.hpp"

namespace fw::app {

namespace {

wxString review_line(const storage::ReviewRow& r, Catalog& catalog) {
    wxString s = show(r.visit_start) + "  " + U(stage_label(r.stage));
    if (r.total) s += wxString::Format("  %d", *r.total);
    if (!r.tier.empty()) {
        std::string name = r.tier;
        try {
            if (const Tier* t = catalog.policy(r.policy_id).find_tier(r.tier)) name = t->name;
        } catch (const std::exception&) {
            // An unknown policy edition: the tier's id says enough.
        }
        s += "  " + U(name);
    }
    return s;
}

}  // namespace

// A program or a review line.
struct ListNode {
    bool program = true;
    std::int64_t id = 0;  // 0: the stand-in row of reviews not read yet
    wxString text;
    ListNode* parent = nullptr;
    bool loaded = true;   // a program's reviews are read
    std::vector<std::unique_ptr<ListNode>> children;
};

// Programs and their reviews.
class ListModel : public wxDataViewModel {
public:
    using Node = ListNode;
    std::vector<std::unique_ptr<Node>> programs;
    // How many programs the view has been given (ProgramList::ShowAll).
    std::size_t shown = std::numeric_limits<std::size_t>::max();

    static Node* node(const wxDataViewItem& item) { return static_cast<Node*>(item.GetID()); }
    static wxDataViewItem item(const Node* n) { return wxDataViewItem(const_cast<Node*>(n)); }

    unsigned GetColumnCount() const override { return 1; }
    wxString GetColumnType(unsigned) const override { return "string"; }
    void GetValue(wxVariant& v, const wxDataViewItem& it, unsigned) const override { v = node(it)->text; }
    bool SetValue(const wxVariant&, const wxDataViewItem&, unsigned) override { return false; }
    wxDataViewItem GetParent(const wxDataViewItem& it) const override {
        Node* n = node(it);
        return n && n->parent ? item(n->parent) : wxDataViewItem();
    }
    bool IsContainer(const wxDataViewItem& it) const override { return !it.IsOk() || node(it)->program; }
    unsigned GetChildren(const wxDataViewItem& it, wxDataViewItemArray& out) const override {
        const auto& list = it.IsOk() ? node(it)->children : programs;
        const std::size_t n = it.IsOk() ? list.size() : std::min(shown, list.size());
        for (std::size_t i = 0; i < n; ++i) out.Add(item(list[i].get()));
        return unsigned(n);
    }
    Node* find_review(std::int64_t id) const {
        for (const auto& p : programs)
            for (const auto& r : p->children)
                if (id > 0 && r->id == id && !r->program) return r.get();
        return nullptr;
    }
    Node* find_program(std::int64_t id) const {
        for (const auto& p : programs)
            if (p->id == id) return p.get();
        return nullptr;
    }
};

// Made at its usual width: GTK allocates the children of a panel smaller
// than they can be drawn with GTK-CRITICAL complaints (the days box).
ProgramList::ProgramList(wxWindow* parent)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, parent->FromDIP(wxSize(250, 500))) {
    auto* box = new wxBoxSizer(wxVERTICAL);
    auto* find = new wxStaticText(this, wxID_ANY, _("Find a pro&gram (Ctrl+F):"));
    box->Add(find, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
    search_ = new wxSearchCtrl(this, wxID_ANY);
    search_->SetDescriptiveText(_("Agency, team, county"));
    search_->ShowCancelButton(true);
    label_field(find, search_);
    box->Add(search_, 0, wxEXPAND | wxALL, FromDIP(4));
    auto* lme = new wxStaticText(this, wxID_ANY, _("LME-M&CO:"));
    box->Add(lme, 0, wxLEFT | wxRIGHT, FromDIP(6));
    lme_filter_ = new wxChoice(this, wxID_ANY);
    label_field(lme, lme_filter_);
    box->Add(lme_filter_, 0, wxEXPAND | wxALL, FromDIP(4));
    // The box on a line of its own: beside the check box it would not fit
    // the list's width.
    due_filter_ = new wxCheckBox(this, wxID_ANY, _("Next review due &within:"));
    box->Add(due_filter_, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
    auto* due = new wxBoxSizer(wxHORIZONTAL);
    due_days_ = new wxSpinCtrl(this, wxID_ANY, "90", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 3650, 90);
    // Never narrower than GTK draws it (a narrower one logs GTK-CRITICAL).
    due_days_->SetMinSize(due_days_->GetBestSize());
    set_accessible_name(due_days_, _("Days until the next review is due"));
    due->Add(due_days_, 0, wxRIGHT, FromDIP(4));
    due->Add(new wxStaticText(this, wxID_ANY, _("days")), 0, wxALIGN_CENTER_VERTICAL);
    box->Add(due, 0, wxALL, FromDIP(4));
    auto* list = new wxStaticText(this, wxID_ANY, _("&Programs and reviews:"));
    box->Add(list, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
    view_ = new wxDataViewCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxDV_SINGLE | wxDV_NO_HEADER);
    model_ = new ListModel;
    view_->AssociateModel(model_);
    model_->DecRef();
    view_->AppendTextColumn(_("Program or review"), 0, wxDATAVIEW_CELL_INERT, -1, wxALIGN_LEFT);
    label_field(list, view_);
    box->Add(view_, 1, wxEXPAND | wxALL, FromDIP(4));
    SetSizer(box);
    // The rest of a long list, once the list has been painted (Fill); a
    // second later at most, should no paint reach the panel (on Windows its
    // children may cover all of it).
    Bind(wxEVT_PAINT, [this](wxPaintEvent& e) {
        e.Skip();
        painted_ = true;
        if (rest_pending_) CallAfter([this] { ShowAll(); });
    });
    rest_clock_.SetOwner(this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { ShowAll(); }, rest_clock_.GetId());

    SetMinSize(FromDIP(wxSize(160, 200)));
    auto changed = [this](wxCommandEvent&) {
        if (on_filter_) on_filter_();
    };
    search_->Bind(wxEVT_TEXT, changed);
    lme_filter_->Bind(wxEVT_CHOICE, changed);
    due_filter_->Bind(wxEVT_CHECKBOX, changed);
    due_days_->Bind(wxEVT_SPINCTRL, [this](wxCommandEvent&) {
        if (due_filter_->GetValue() && on_filter_) on_filter_();
    });
    view_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent& e) {
        auto* n = ListModel::node(e.GetItem());
        if (n && !n->program && n->id && on_review_ && !selecting_) on_review_(n->id, false);
    });
    view_->Bind(wxEVT_DATAVIEW_ITEM_EXPANDING, [this](wxDataViewEvent& e) {
        if (auto* n = ListModel::node(e.GetItem()); n && n->program) Load(n);
    });
    view_->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent& e) {
        auto* n = ListModel::node(e.GetItem());
        if (!n || (!n->program && n->id == 0)) return;
        if (!n->program) {
            if (on_review_) on_review_(n->id, true);
        } else if (view_->IsExpanded(e.GetItem())) {
            view_->Collapse(e.GetItem());
        } else {
            view_->Expand(e.GetItem());
        }
    });
}

void ProgramList::SetLmeMcos(const std::vector<std::string>& names) {
    wxString was = lme_filter_->GetSelection() > 0 ? lme_filter_->GetStringSelection() : wxString();
    lme_filter_->Clear();
    lme_filter_->Append(_("All LME-MCOs"));
    for (const auto& n : names) lme_filter_->Append(U(n));
    int i = was.empty() ? 0 : lme_filter_->FindString(was);
    lme_filter_->SetSelection(i == wxNOT_FOUND ? 0 : i);
}

storage::ReviewFilter ProgramList::ReviewFilterNow() const {
    storage::ReviewFilter f;
    f.text = S(search_->GetValue());
    if (lme_filter_->GetSelection() > 0) f.lme_mco = S(lme_filter_->GetStringSelection());
    if (due_filter_->GetValue()) f.due_within_days = due_days_->GetValue();
    return f;
}

void ProgramList::SetFilter(const wxString& text, const wxString& lme_mco, std::optional<int> due_within_days) {
    search_->ChangeValue(text);
    int i = lme_mco.empty() ? 0 : lme_filter_->FindString(lme_mco);
    lme_filter_->SetSelection(i == wxNOT_FOUND ? 0 : i);
    due_filter_->SetValue(due_within_days.has_value());
    if (due_within_days) due_days_->SetValue(*due_within_days);
    if (on_filter_) on_filter_();
}

void ProgramList::Fill(storage::Database* db, Catalog& catalog, std::int64_t select_review) {
    if (!select_review) select_review = SelectedReview();
    model_->programs.clear();
    db_ = db;
    catalog_ = &catalog;
    bool expand_all = false;
    if (db) {
        storage::ReviewFilter f = ReviewFilterNow();
        std::map<std::int64_t, std::vector<storage::ReviewRow>> by_program;
        std::vector<std::pair<std::int64_t, wxString>> order;
        std::map<std::int64_t, int> counts;
        if (f.due_within_days) {
            // Only the programs whose next review (or follow-up, or the review
            // an implementation-plan meeting calls for) is due in the window.
            expand_all = true;
            std::map<std::int64_t, Due> due_of;
            for (const auto& r : db->reviews(f)) {
                by_program[r.program_id].push_back(r);
                if (r.due) due_of.emplace(r.program_id, *r.due);
            }
            storage::ProgramFilter pf;
            pf.text = f.text;
            pf.lme_mco = f.lme_mco;
            pf.due_within_days = f.due_within_days;
            for (const auto& p : db->programs(pf)) {
                by_program[p.id];
                due_of.emplace(p.id, *p.implementation_plan_due);
            }
            for (const auto& [pid, rows] : by_program) {
                auto p = db->program(pid);
                const Due& due = due_of.at(pid);
                wxString what = due.kind == DueKind::next_review ? wxString::Format(_("due %s"), show(due.by))
                                                                 : U(due_label(due.kind)) + " " + wxString::Format(_("due %s"), show(due.by));
                if (!due.condition.empty()) what += ", " + U(due.condition);
                order.emplace_back(pid, U(p.details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(p.details.agency) +
                                            "  (" + what + ")");
            }
        } else {
            storage::ProgramFilter pf;
            pf.text = f.text;
            pf.lme_mco = f.lme_mco;
            for (const auto& p : db->programs(pf)) {
                counts[p.id] = p.review_count;
                order.emplace_back(p.id, U(p.details.team) + wxString::FromUTF8(" \xE2\x80\x94 ") + U(p.details.agency));
            }
        }
        for (const auto& [pid, text] : order) {
            auto node = std::make_unique<ListModel::Node>();
            node->program = true;
            node->id = pid;
            node->text = text;
            auto rows = by_program.find(pid);
            if (rows != by_program.end()) {
                for (const auto& r : rows->second) node->children.push_back(review_node(node.get(), r, catalog));
            } else if (counts[pid] > 0) {
                // Read when the program is opened: the list stays quick with
                // thousands of reviews (the tree asks for a program's
                // children as soon as it draws the program's row).
                node->loaded = false;
                auto stand_in = std::make_unique<ListModel::Node>();
                stand_in->program = false;
                stand_in->text = wxString::FromUTF8("\xE2\x80\xA6");
                stand_in->parent = node.get();
                node->children.push_back(std::move(stand_in));
            }
            model_->programs.push_back(std::move(node));
        }
    }
    // A long list is given to the view a screenful first, the rest once the
    // window has painted: GTK measures every row it is given before the
    // first paint (2,000 programs: a third of the window's start). Only
    // before the first paint: later fills show everything at once.
    constexpr std::size_t kFirstRows = 100;
    rest_pending_ = !painted_ && !expand_all && model_->programs.size() > kFirstRows;
    if (rest_pending_) rest_clock_.StartOnce(1000);
    model_->shown = rest_pending_ ? kFirstRows : std::numeric_limits<std::size_t>::max();
    model_->Cleared();
    if (expand_all)
        for (const auto& p : model_->programs) view_->Expand(ListModel::item(p.get()));
    Select(select_review);
}

void ProgramList::Load(ListNode* program) {
    if (program->loaded || !db_) return;
    program->loaded = true;
    wxDataViewItem parent = ListModel::item(program);
    model_->ItemDeleted(parent, ListModel::item(program->children.front().get()));
    program->children.clear();
    storage::ReviewFilter f;
    f.program_id = program->id;
    wxDataViewItemArray added;
    for (const auto& r : db_->reviews(f)) {
        program->children.push_back(review_node(program, r, *catalog_));
        added.Add(ListModel::item(program->children.back().get()));
    }
    model_->ItemsAdded(parent, added);
}

void ProgramList::ShowAll() {
    if (!rest_pending_) return;
    rest_pending_ = false;
    // One rebuild of the view (adding the programs one by one costs wxGTK a
    // second for 2,000); the review shown stays selected.
    std::int64_t keep = SelectedReview();
    model_->shown = std::numeric_limits<std::size_t>::max();
    model_->Cleared();
    if (keep) Select(keep);
}

void ProgramList::Select(std::int64_t review) {
    if (!db_ || review <= 0) return;
    ShowAll();
    if (!model_->find_review(review)) {
        try {
            if (auto* p = model_->find_program(db_->review_row(review).program_id)) Load(p);
        } catch (const std::exception&) {
            return;  // not in this database (any more)
        }
    }
    auto* n = model_->find_review(review);
    if (!n) return;
    selecting_ = true;
    view_->Expand(ListModel::item(n->parent));  // its reviews are read by now: no stand-in goes
    view_->Select(ListModel::item(n));
    view_->EnsureVisible(ListModel::item(n));
    selecting_ = false;
}

std::int64_t ProgramList::SelectedProgram() const {
    auto* n = ListModel::node(view_->GetSelection());
    if (!n) return 0;
    return n->program ? n->id : n->parent->id;
}

std::int64_t ProgramList::SelectedReview() const {
    auto* n = ListModel::node(view_->GetSelection());
    return n && !n->program ? n->id : 0;
}

std::unique_ptr<ListNode> ProgramList::review_node(ListNode* program, const storage::ReviewRow& r,
                                                         Catalog& catalog) {
    auto child = std::make_unique<ListModel::Node>();
    child->program = false;
    child->id = r.id;
    child->text = review_line(r, catalog);
    child->parent = program;
    return child;
}

void ProgramList::UpdateReview(const storage::ReviewRow& row, Catalog& catalog) {
    ShowAll();
    if (auto* n = model_->find_review(row.id)) {
        wxString text = review_line(row, catalog);
        if (text == n->text) return;
        n->text = text;
        model_->ItemChanged(ListModel::item(n));
    }
}

void ProgramList::FocusSearch() {
    search_->SetFocus();
    search_->SelectAll();
}

bool ProgramList::ClearSearch() {
    if (search_->GetValue().empty()) return false;
    search_->SetValue(wxEmptyString);  // sends wxEVT_TEXT: the list fills again
    return true;
}

bool ProgramList::SearchHasFocus() const {
    wxWindow* f = wxWindow::FindFocus();
    return f && (f == search_ || search_->IsDescendant(f));
}

std::size_t ProgramList::ShownPrograms() const {
    wxDataViewItemArray top;
    return model_->GetChildren(wxDataViewItem(), top);
}

std::vector<wxString> ProgramList::Lines() const {
    std::vector<wxString> out;
    for (const auto& p : model_->programs) {
        out.push_back(p->text);
        if (p->loaded)
            for (const auto& r : p->children) out.push_back(r->text);
    }
    return out;
}

}  // namespace fw::app
