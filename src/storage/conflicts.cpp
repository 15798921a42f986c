#include "storage/conflicts.hpp"

#include <ctime>
#include <map>
#include <optional>
#include <set>

#include "platform/platform.hpp"
#include "storage/impl.hpp"

namespace fw::storage::detail {

namespace {

// A stored value's place: table -1 is the reviews row.
struct Cell {
    int table;
    Row key;
    int column;
    bool operator<(const Cell& o) const {
        if (table != o.table) return table < o.table;
        if (key != o.key) return key < o.key;
        return column < o.column;
    }
};

// Per cell whose value differs, its value in `to`; nullopt when the row is gone.
std::map<Cell, std::optional<Value>> changed(const ReviewImage& from, const ReviewImage& to) {
    std::map<Cell, std::optional<Value>> out;
    for (int i = 0; i < int(from.header.size()) && i < int(to.header.size()); ++i)
        if (from.header[size_t(i)] != to.header[size_t(i)]) out[{-1, {}, i}] = to.header[size_t(i)];
    for (size_t t = 0; t < t_count; ++t) {
        const Image& a = from.tables[t];
        const Image& b = to.tables[t];
        for (const auto& [key, values] : a) {
            auto it = b.find(key);
            for (size_t col = 0; col < values.size(); ++col) {
                if (it == b.end()) out[{int(t), key, int(col)}] = std::nullopt;
                else if (it->second[col] != values[col]) out[{int(t), key, int(col)}] = it->second[col];
            }
        }
        for (const auto& [key, values] : b)
            if (!a.count(key))
                for (size_t col = 0; col < values.size(); ++col) out[{int(t), key, int(col)}] = values[col];
    }
    return out;
}

std::string text_of(const Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    return {};
}

std::string label_of(const Cell& c) {
    if (c.table < 0) {
        std::string name = kHeaderColumns[size_t(c.column)];
        for (auto& ch : name)
            if (ch == '_') ch = ' ';
        return "the review's " + name;
    }
    switch (ChildTable(c.table)) {
    case t_reviewers: return "the list of reviewers";
    case t_amendments: return "amendment " + std::to_string(std::get<std::int64_t>(c.key[0]) + 1);
    case t_action_plan: return "action plan row " + std::to_string(std::get<std::int64_t>(c.key[0]) + 1);
    default: return text_of(c.key[0]);  // the item
    }
}

// "10:42" in local time, from "2026-03-02T10:42:33.120Z".
std::string local_hhmm(const std::string& at) {
    std::tm t{};
    if (std::sscanf(at.c_str(), "%d-%d-%dT%d:%d:%d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min,
                    &t.tm_sec) != 6)
        return at;
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    std::tm local = platform::local_time(platform::from_utc(&t));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", local.tm_hour, local.tm_min);
    return buf;
}

}  // namespace

std::vector<Clash> conflicts(const ReviewImage& base, const ReviewImage& mine, const ReviewImage& now) {
    auto theirs = changed(base, now);
    std::set<std::string> seen;
    std::vector<Clash> out;
    for (const auto& [cell, value] : changed(base, mine)) {
        auto it = theirs.find(cell);
        if (it == theirs.end() || it->second == value) continue;
        std::string label = label_of(cell);
        if (seen.insert(label).second) out.push_back({label});
    }
    return out;
}

std::string conflict_message(Database::Impl& impl, std::int64_t review_id, std::int64_t since,
                             const std::vector<Clash>& clashes) {
    struct Row {
        std::string what, actor, role, at;
    };
    std::vector<Row> rows;  // latest first
    {
        Query q(impl.c,
                "SELECT what, actor, coalesce(db_role, ''), at FROM audit WHERE review_id = ?1 AND revision > ?2 "
                "ORDER BY id DESC");
        q.bind(1, review_id).bind(2, since);
        while (q.step()) rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
    }
    auto who = [](const Row& r) {
        return r.role.empty() || r.role == r.actor ? r.actor : r.actor + " (database role " + r.role + ")";
    };
    std::string msg;
    for (const auto& clash : clashes) {
        const Row* by = nullptr;
        for (const auto& r : rows)
            if (r.what.find(clash.label) != std::string::npos) {
                by = &r;
                break;
            }
        if (!by && !rows.empty()) by = &rows.front();
        msg += (msg.empty() ? "" : "; ") + clash.label + " was changed by " +
               (by ? who(*by) + " at " + local_hhmm(by->at) : std::string("someone else"));
    }
    return msg + " since you opened the review; your change was not saved. The review now shows theirs: make the "
                 "change again if it still applies";
}

}  // namespace fw::storage::detail
