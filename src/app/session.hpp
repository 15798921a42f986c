#pragma once
// One review open in the window: the review as stored, its scale and policy,
// and undo/redo. Every edit goes through the database's update_review, so it
// is checked by the core's lifecycle rules and durable when apply() returns.
// No wx here: the window calls this, and tests can too.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/program_history.hpp"
#include "core/rulebook.hpp"
#include "core/rules.hpp"
#include "storage/database.hpp"

namespace fw::app {

class Session {
public:
    Session(storage::Database& db, Catalog& catalog, std::int64_t review_id);

    std::int64_t id() const { return id_; }
    const Review& review() const { return review_; }
    const Scale& scale() const { return *scale_; }
    const Policy& policy() const { return *policy_; }
    Summary summary() const { return summarize(review_, *scale_, *policy_); }
    Stage stage() const { return stage_of(review_); }
    // What the stage allows now (the rulebook's answer, for greying out).
    EditRights rights() const { return edit_rights(review_); }
    // What the policy flags but does not forbid, among the program's other reviews.
    std::vector<Warning> warnings() const { return fw::warnings(review_, *policy_, context_); }
    // Set when the installed policy file differs from the one stored with the review.
    const std::string& policy_notice() const { return policy_notice_; }

    // Where an edit was made: the item and whose score it was (an empty
    // rater is the consensus). Undo and redo return there.
    struct Place {
        std::string item;
        std::string rater;
    };

    // Applies one edit. `label` names it in the Undo menu; consecutive edits
    // with the same non-empty `merge_key` (typing into one field) are one
    // undo step. Throws RuleError / InputError when refused: nothing changed.
    // Made against the review as this session shows it: what others saved
    // since is kept, and an edit of the same thing is refused
    // (storage::EditConflict, naming who); the session then shows theirs.
    // Returns false when the database found nothing to change.
    bool apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key = {},
               const Place& place = {});

    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    std::string undo_label() const { return can_undo() ? undo_.back().label : std::string(); }
    std::string redo_label() const { return can_redo() ? redo_.back().label : std::string(); }
    // What an undo or redo took back or made again, and where.
    struct Step {
        std::string label;
        Place place;
    };
    // Puts the review back as it was before the last edit (or again after).
    // The database's rules still apply: an issued report or a recorded
    // amendment cannot be undone (RuleError), nor a review someone else
    // saved since (RuleError: reload it first).
    Step undo();
    Step redo();

    // When the last edit was stored (for "Saved 14:03").
    std::chrono::system_clock::time_point saved_at() const { return saved_at_; }
    // The database's count of this review's writes, as this session last saw it.
    std::int64_t revision() const { return revision_; }
    // Reloads from the database (another window or process may have written).
    void reload();

private:
    // Whole reviews: copies share their attachments' bytes (fw::Bytes), so a
    // step costs the review's text, not its files.
    struct Undo {
        std::string label;
        std::string merge_key;
        Place place;
        Review before;
        Review after;
    };
    void replace_with(const Review& target);

    storage::Database& db_;
    Catalog& catalog_;
    std::int64_t id_;
    Review review_;
    const Scale* scale_ = nullptr;
    const Policy* policy_ = nullptr;
    ReviewContext context_;
    std::string policy_notice_;
    std::vector<Undo> undo_, redo_;
    std::int64_t revision_ = 0;
    std::chrono::system_clock::time_point saved_at_{};
    static constexpr size_t kMaxUndo = 200;
};

}  // namespace fw::app
