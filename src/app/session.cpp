#include "session.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace fw::app {

namespace {

// The review without its attachments' bytes, copied without copying them.
Review without_files(Review& r) {
    std::vector<std::string> held;
    for (auto& c : r.contests)
        for (auto& a : c.attachments) held.push_back(std::move(a.data));
    Review copy = r;
    size_t i = 0;
    for (auto& c : r.contests)
        for (auto& a : c.attachments) a.data = std::move(held[i++]);
    return copy;
}

// A contest as submitted, by what identifies its files (not their bytes).
bool same_files(const Contest& a, const Contest& b) {
    if (a.item != b.item || a.submitted != b.submitted || a.attachments.size() != b.attachments.size()) return false;
    for (size_t i = 0; i < a.attachments.size(); ++i)
        if (a.attachments[i].name != b.attachments[i].name || a.attachments[i].data.size() != b.attachments[i].data.size())
            return false;
    return true;
}

// The bytes of the contests in `r` that `other` does not have.
void keep_files_not_in(const Review& r, const Review& other, std::vector<std::pair<std::string, std::vector<std::string>>>& out) {
    for (const auto& c : r.contests) {
        if (c.attachments.empty()) continue;
        const Contest* o = other.contest(c.item);
        if (o && same_files(c, *o)) continue;
        std::vector<std::string> data;
        for (const auto& a : c.attachments) data.push_back(a.data);
        out.emplace_back(c.item, std::move(data));
    }
}

}  // namespace

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
    std::vector<std::pair<std::string, std::vector<std::string>>> files;
    keep_files_not_in(review_, after, files);
    keep_files_not_in(after, review_, files);
    if (!merge_key.empty() && !undo_.empty() && undo_.back().merge_key == merge_key && redo_.empty() && files.empty()) {
        undo_.back().after = without_files(after);
    } else {
        Undo step{label, merge_key, place, without_files(review_), without_files(after), {}};
        for (auto& [item, data] : files) step.files.push_back(Files{item, std::move(data)});
        undo_.push_back(std::move(step));
        if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
    }
    redo_.clear();
    bool new_policy = after.policy_id != review_.policy_id;
    review_ = std::move(after);
    if (new_policy) policy_ = &db_.policy_of(id_, catalog_);
    return true;
}

void Session::replace_with(Review target, const std::vector<Files>& files) {
    // Each attachment's bytes: from the step when it added or removed that
    // contest, else from the review as it is now (the contest is unchanged).
    for (auto& c : target.contests) {
        auto kept = std::find_if(files.begin(), files.end(), [&](const Files& f) { return f.item == c.item; });
        const Contest* now = review_.contest(c.item);
        for (size_t i = 0; i < c.attachments.size(); ++i) {
            if (kept != files.end() && i < kept->data.size()) c.attachments[i].data = kept->data[i];
            else if (now && i < now->attachments.size()) c.attachments[i].data = now->attachments[i].data;
        }
    }
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
    replace_with(step.before, step.files);
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
    replace_with(step.after, step.files);
    Undo done = std::move(step);
    redo_.pop_back();
    Step out{done.label, done.place};
    undo_.push_back(std::move(done));
    return out;
}

}  // namespace fw::app
