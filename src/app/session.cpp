#include "session.hpp"

#include "core/error.hpp"
#include "core/review_file.hpp"

namespace fw::app {

Session::Session(storage::Database& db, Catalog& catalog, std::int64_t review_id)
    : db_(db), catalog_(catalog), id_(review_id) {
    reload();
}

void Session::reload() {
    storage::Loaded loaded = db_.load(id_);
    review_ = std::move(loaded.review);
    revision_ = loaded.revision;
    scale_ = &db_.scale_of(id_, catalog_);
    policy_ = &db_.policy_of(id_, catalog_);
    context_ = db_.context_of(id_, catalog_);
    policy_notice_ = db_.policy_notice(id_, catalog_);
}

void Session::apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key) {
    Review before = review_;
    storage::Loaded saved;
    try {
        saved = db_.update_review(id_, {review_, revision_}, change, catalog_);
    } catch (const storage::EditConflict&) {
        reload();
        throw;
    }
    revision_ = saved.revision;
    Review after = std::move(saved.review);
    // Nothing changed (a click on the score already chosen): no undo step.
    if (write_review(after) == write_review(before)) {
        review_ = std::move(after);
        return;
    }
    saved_at_ = std::chrono::system_clock::now();
    if (!merge_key.empty() && !undo_.empty() && undo_.back().merge_key == merge_key && redo_.empty()) {
        undo_.back().after = after;
    } else {
        undo_.push_back(Step{label, merge_key, std::move(before), after});
        if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
    }
    redo_.clear();
    bool new_policy = after.policy_id != review_.policy_id;
    review_ = std::move(after);
    if (new_policy) policy_ = &db_.policy_of(id_, catalog_);
}

void Session::replace_with(const Review& target, const Review& expected_now) {
    const std::string expected = write_review(expected_now);
    storage::Loaded saved = db_.update_review(
        id_, {expected_now, revision_},
        [&](Review& r, const Scale&, const Policy&) {
            // Another window or process changed the review since: do not
            // overwrite its work with an old copy.
            if (write_review(r) != expected)
                throw RuleError("the review was changed elsewhere since this edit; reload it first");
            r = target;
        },
        catalog_);
    review_ = std::move(saved.review);
    revision_ = saved.revision;
    saved_at_ = std::chrono::system_clock::now();
}

void Session::undo() {
    if (undo_.empty()) return;
    Step step = undo_.back();
    replace_with(step.before, step.after);
    undo_.pop_back();
    step.merge_key.clear();
    redo_.push_back(std::move(step));
}

void Session::redo() {
    if (redo_.empty()) return;
    Step step = redo_.back();
    replace_with(step.after, step.before);
    redo_.pop_back();
    undo_.push_back(std::move(step));
}

}  // namespace fw::app
