#include "recovery.hpp"

#include <wx/config.h>
#include <wx/datetime.h>
#include <wx/intl.h>

#include "app/wx_util.hpp"

namespace fw::app {

namespace {

wxString field_name(const std::string& field) {
    if (field == "evidence") return _("evidence");
    if (field == "recommendation") return _("recommendation");
    return _("notes");
}

std::string stored_text(const Review& r, const std::string& item, const std::string& rater, const std::string& field) {
    const Rating* rt = r.rating(item);
    if (!rt) return {};
    if (field == "evidence") return rt->evidence;
    if (field == "recommendation") return rt->recommendation;
    for (const auto& [who, work] : rt->independent)
        if (who == rater) return work.notes;
    return {};
}

wxString now() { return wxDateTime::Now().FormatISOTime(); }

}  // namespace

void record_place(const std::string& database, std::int64_t review, const std::string& item) {
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/Database", U(database));
    c->Write("/Session/Review", long(review));
    c->Write("/Session/Item", U(item));
    c->Flush();
}

void record_edit(const std::string& label, const Session::Place& place, std::int64_t revision, const std::string& field,
                 const std::string& text) {
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/LastEdit/Label", U(label));
    c->Write("/Session/LastEdit/At", now());
    c->Write("/Session/LastEdit/Item", U(place.item));
    c->Write("/Session/LastEdit/Rater", U(place.rater));
    c->Write("/Session/LastEdit/Revision", long(revision));
    c->Write("/Session/LastEdit/Field", U(field));
    c->Write("/Session/LastEdit/Text", U(text));
    c->Flush();
}

void record_typing(const Session::Place& place, const std::string& field) {
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/Typing/Field", U(field));
    c->Write("/Session/Typing/Item", U(place.item));
    c->Write("/Session/Typing/Rater", U(place.rater));
    c->Write("/Session/Typing/Since", now());
    c->Flush();
}

void record_clean(bool clean) {
    wxConfigBase* c = wxConfig::Get();
    c->Write("/Session/Clean", clean);
    if (clean) c->DeleteGroup("/Session/Typing");
    c->Flush();
}

std::optional<Recovery> read_recovery(storage::Database& db, Catalog& catalog) {
    wxConfigBase* c = wxConfig::Get();
    if (c->ReadBool("/Session/Clean", true)) return std::nullopt;
    Recovery out;
    out.database = S(c->Read("/Session/Database", ""));
    out.review = c->ReadLong("/Session/Review", 0);
    out.item = S(c->Read("/Session/Item", ""));
    if (out.review <= 0 || out.database != db.path()) return std::nullopt;
    Review review;
    std::int64_t revision = 0;
    try {
        review = db.load_review(out.review);
        revision = db.review_row(out.review).revision;
    } catch (const std::exception&) {
        return std::nullopt;  // deleted since: nothing to reopen
    }
    const Scale& scale = db.scale_of(out.review, catalog);
    wxString msg = wxString::Format(_("The workstation did not close normally last time. You were at %s of %s."),
                                    item_label(scale, out.item), U(review.program.team));
    wxString label = c->Read("/Session/LastEdit/Label", "");
    if (!label.empty()) {
        wxString at = c->Read("/Session/LastEdit/At", "");
        std::string item = S(c->Read("/Session/LastEdit/Item", ""));
        std::string rater = S(c->Read("/Session/LastEdit/Rater", ""));
        std::string field = S(c->Read("/Session/LastEdit/Field", ""));
        std::string text = S(c->Read("/Session/LastEdit/Text", ""));
        long recorded = c->ReadLong("/Session/LastEdit/Revision", -1);
        msg += "\n\n" + wxString::Format(_("Your last change stored, at %s: %s."), at, label);
        if (!field.empty()) {
            bool same = stored_text(review, item, rater, field) == text;
            msg += " " + (same ? wxString::Format(_("The %s of %s is in the database as you had typed it then (%zu characters)."),
                                                  field_name(field), item_label(scale, item, false),
                                                  wxString::FromUTF8(text).length())
                               : wxString::Format(_("The %s of %s in the database is not what was typed then: it has "
                                                    "been changed since."),
                                                  field_name(field), item_label(scale, item, false)));
        }
        if (recorded == revision) msg += " " + wxString(_("Nothing has changed in the review since."));
        else if (recorded >= 0) msg += " " + wxString(_("The review has been changed since (another window or computer)."));
    }
    wxString typing = c->Read("/Session/Typing/Field", "");
    if (!typing.empty()) {
        std::string item = S(c->Read("/Session/Typing/Item", ""));
        msg += "\n\n" + wxString::Format(_("You were typing in the %s of %s (since %s). What you typed in the last "
                                           "second before the stop may be missing: check the end of it."),
                                         field_name(S(typing)), item_label(scale, item, false),
                                         c->Read("/Session/Typing/Since", ""));
    }
    msg += "\n\n" + wxString(_("Reopen the review where you were?"));
    out.message = msg;
    return out;
}

}  // namespace fw::app
