#include "session.hpp"

#include "core/error.hpp"

namespace fw::app {

Session::Session(storage::Database& db, Catalog& catalog, std::int64_t review_id)
    : db_(db), catalog_(catalog), id_(review_id) {
    reload();
}

void Session::reload() {
    review_ = db_.load_review(id_);
    revision_ = db_.review_row(id_).revision;
    scale_ = &db_.scale_of(id_, catalog_);
    policy_ = &db_.policy_of(id_, catalog_);
    context_ = db_.context_of(id_, catalog_);
    policy_notice_ = db_.policy_notice(id_, catalog_);
}

bool Session::apply(const std::string& label, const storage::Database::Change& change, const std::string& merge_key,
                    const Place& place) {
    Review after;
    std::int64_t revision = 0;
    db_.in_one_transaction([&] {
        after = db_.update_review(id_, change, catalog_);
        revision = db_.review_row(id_).revision;
    });
    // The database wrote nothing (a click on the score already chosen): no undo step.
    if (revision == revision_) {
        review_ = std::move(after);
        return false;
    }
    revision_ = revision;
    saved_at_ = std::chrono::system_clock::now();
    if (!merge_key.empty() && !undo_.empty() && undo_.back().merge_key == merge_key && redo_.empty()) {
        undo_.back().after = after;
    } else {
        undo_.push_back(Undo{label, merge_key, place, review_, after});
        if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
    }
    redo_.clear();
    bool new_policy = after.policy_id != review_.policy_id;
    review_ = std::move(after);
    if (new_policy) policy_ = &db_.policy_of(id_, catalog_);
    return true;
}

void Session::replace_with(const Review& target) {
    db_.in_one_transaction([&] {
        // Another window or process changed the review since: do not
        // overwrite its work with an old copy.
        if (db_.review_row(id_).revision != revision_)
            throw RuleError("the review was changed elsewhere since this edit; reload it first");
        review_ = db_.update_review(id_, [&](Review& r) { r = target; }, catalog_);
        revision_ = db_.review_row(id_).revision;
    });
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
