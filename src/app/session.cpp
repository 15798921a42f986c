#include "session.hpp"

#include "core/error.hpp"

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

bool Session::apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key,
                    const Place& place) {
    storage::Edited saved;
    try {
        saved = db_.update_review(id_, {review_, revision_}, change, catalog_);
    } catch (const storage::EditConflict&) {
        reload();
        throw;
    }
    revision_ = saved.revision;
    Review after = std::move(saved.review);
    // The database wrote nothing (a click on the score already chosen): no undo step.
    if (!saved.written) {
        bool new_policy = after.policy_id != review_.policy_id;
        review_ = std::move(after);
        if (new_policy) policy_ = &db_.policy_of(id_, catalog_);
        return false;
    }
    saved_at_ = std::chrono::system_clock::now();
    if (!merge_key.empty() && !undo_.empty() && undo_.back().merge_key == merge_key && redo_.empty()) {
        undo_.back().after = after;
    } else {
        undo_.push_back(Undo{label, merge_key, place, std::move(saved.before), after});
        if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
    }
    redo_.clear();
    bool new_policy = after.policy_id != review_.policy_id;
    review_ = std::move(after);
    if (new_policy) policy_ = &db_.policy_of(id_, catalog_);
    return true;
}

void Session::replace_with(const Review& target) {
    storage::Edited saved = db_.update_review(
        id_, {review_, revision_},
        [&](Review& r, const Scale&, const Policy&) {
            // Another window or process changed the review since: do not
            // overwrite its work with an old copy. Asked here, where the
            // review is locked for this edit.
            if (db_.review_row(id_).revision != revision_)
                throw RuleError("the review was changed elsewhere since this edit; reload it first");
            r = target;
        },
        catalog_);
    review_ = std::move(saved.review);
    revision_ = saved.revision;
    policy_ = &db_.policy_of(id_, catalog_);
    saved_at_ = std::chrono::system_clock::now();
}

Session::Step Session::undo() {
    if (undo_.empty()) return {};
    Undo& step = undo_.back();
    replace_with(step.before);
    Undo done = std::move(step);
    undo_.pop_back();
    done.merge_key.clear();
    Step out{done.label, done.place};
    redo_.push_back(std::move(done));
    return out;
}

Session::Step Session::redo() {
    if (redo_.empty()) return {};
    Undo& step = redo_.back();
    replace_with(step.after);
    Undo done = std::move(step);
    redo_.pop_back();
    Step out{done.label, done.place};
    undo_.push_back(std::move(done));
    return out;
}

}  // namespace fw::app
