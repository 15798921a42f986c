#pragma once
// What the window writes down as it goes (in the settings file), so that the
// start after a crash can say exactly what it restored: the review and item
// the reviewer was at, the last change stored with the review's revision and,
// for typing, the text as stored; and typing begun but not stored yet.
#include <wx/string.h>

#include <cstdint>
#include <optional>
#include <string>

#include "app/session.hpp"

namespace fw::app {

// Where the reviewer is (review 0: none open).
void record_place(const std::string& database, std::int64_t review, const std::string& item);
// A change stored: its label, where, the review's revision after it; for
// typing, the field and the text as stored.
void record_edit(const std::string& label, const Session::Place& place, std::int64_t revision,
                 const std::string& field = {}, const std::string& text = {});
// Typing started that is not stored yet (an empty field: it is stored now).
void record_typing(const Session::Place& place, const std::string& field);
// A clean exit (true) or a session under way (false).
void record_clean(bool clean);

struct Recovery {
    std::string database;
    std::int64_t review = 0;
    std::string item;
    wxString message;  // what was restored and what may be missing, in sentences
};
// After a session that did not end cleanly: what it had recorded, compared
// with what `db` holds now. nullopt after a clean exit or with nothing to reopen.
std::optional<Recovery> read_recovery(storage::Database& db, Catalog& catalog);

}  // namespace fw::app
