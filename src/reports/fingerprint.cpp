// The fingerprint that ties a report to the review it was made from, and the
// check of a PDF against a review file.
#include <map>
#include <set>

#include "basis.hpp"
#include "core/as_drafted.hpp"
#include "core/json_reader.hpp"
#include "core/review_file.hpp"
#include "core/sha256.hpp"
#include "documents.hpp"
#include "pdf_backend.hpp"

namespace fw::reports {

namespace {

// Short hashes of the parts of the canonical review file, keyed by where the
// part is (a JSON pointer, with rated items and contests by item id): enough
// to name what changed, while the full SHA-256 decides whether it did.
std::map<std::string, std::string> parts_of(const Review& r) {
    Json j = read_json(write_review(r), "review");  // linear in the text, however many keys
    std::map<std::string, std::string> out;
    auto h = [](const Json& v) { return sha256_hex(v.dump()).substr(0, 16); };
    for (const auto& [key, value] : j.items()) {
        std::string at = "/" + pointer_token(key);
        if ((key == "program" || key == "review") && value.is_object()) {
            for (const auto& [k, v] : value.items()) out[at + "/" + pointer_token(k)] = h(v);
        } else if ((key == "ratings" || key == "contests") && value.is_array()) {
            for (const auto& e : value) {
                std::string id = e.contains("item") && e["item"].is_string() ? e["item"].get<std::string>() : "?";
                out[at + "/" + pointer_token(id)] = h(e);
            }
        } else {
            out[at] = h(value);
        }
    }
    return out;
}

std::map<std::string, int> shown_scores(const Review& r, const Scale& scale, bool final) {
    const Review view = final ? r : as_drafted(r);
    std::map<std::string, int> out;
    for (const auto& item : scale.items)
        if (auto s = final_score(view, item.id)) out[item.id] = *s;
    return out;
}

std::string item_words(const Scale& scale, const std::string& id) {
    const Item* it = scale.find(id);
    return it ? id + " (" + it->name + ")" : id;
}

}  // namespace

std::string review_fingerprint(const Review& r) { return sha256_hex(write_review(r)); }

std::string review_digest(const Basis& b) {
    Json d = Json::object();
    d["v"] = 1;
    d["stage"] = b.final ? "final" : "draft";
    Json parts = Json::object();
    for (const auto& [k, v] : parts_of(b.review)) parts[k] = v;
    d["parts"] = parts;
    Json scores = Json::object();
    for (const auto& row : b.items) scores[row.item->id] = row.score;
    d["scores"] = scores;
    return d.dump();
}

VerifyResult verify_pdf(const std::string& pdf_path, const Review& r, const Scale& scale) {
    VerifyResult v;
    auto info = read_pdf_info(pdf_path);
    v.review_fingerprint = review_fingerprint(r);
    auto fp = info.find(kFingerprintKey);
    if (fp == info.end()) return v;
    v.has_fingerprint = true;
    v.pdf_fingerprint = fp->second;
    v.matches = v.pdf_fingerprint == v.review_fingerprint;
    if (v.matches) return v;

    Json digest;
    if (auto it = info.find(kDigestKey); it != info.end()) digest = Json::parse(it->second, nullptr, false);
    if (!digest.is_object() || !digest.contains("parts") || !digest["parts"].is_object()) {
        v.differences.push_back("the review content differs (the report carries no details of what it was made from)");
        return v;
    }
    bool final = digest.value("stage", std::string("final")) == "final";
    std::set<std::string> scored_differently;
    if (digest.contains("scores") && digest["scores"].is_object()) {
        auto now = shown_scores(r, scale, final);
        for (const auto& [id, s] : digest["scores"].items()) {
            if (!s.is_number_integer()) continue;
            auto it = now.find(id);
            std::string file_score = it == now.end() ? "no score" : std::to_string(it->second);
            if (it == now.end() || it->second != s.get<int>()) {
                v.differences.push_back("the " + std::string(final ? "final" : "draft") + " score of " + item_words(scale, id) +
                                        " is " + std::to_string(s.get<int>()) + " in the report and " + file_score +
                                        " in the review file");
                scored_differently.insert(id);
            }
        }
    }
    auto now = parts_of(r);
    std::set<std::string> keys;
    for (const auto& [k, h] : digest["parts"].items()) keys.insert(k);
    for (const auto& [k, h] : now) keys.insert(k);
    auto describe = [&](const std::string& key) {
        for (const char* list : {"/ratings/", "/contests/"}) {
            std::string p = list;
            if (key.rfind(p, 0) == 0) {
                std::string id = key.substr(p.size());
                return std::string(p == "/ratings/" ? "the rating of " : "the contest of ") + item_words(scale, id);
            }
        }
        std::string s = key.substr(1);
        for (auto& c : s)
            if (c == '/') c = '.';
        return s;
    };
    for (const auto& k : keys) {
        auto in_pdf = digest["parts"].find(k);
        auto in_file = now.find(k);
        bool a = in_pdf != digest["parts"].end() && in_pdf->is_string(), b = in_file != now.end();
        if (a && b && in_pdf->get<std::string>() == in_file->second) continue;
        if (k.rfind("/ratings/", 0) == 0 && scored_differently.count(k.substr(9))) continue;
        if (a && b) {
            std::string what = describe(k);
            if (k.rfind("/ratings/", 0) == 0) what += ": its evidence, recommendation or reviewers' scores";
            v.differences.push_back(what + " differ" + (k.rfind("/ratings/", 0) == 0 ? "" : "s"));
        } else {
            v.differences.push_back(describe(k) + (a ? " is in the report but not in the review file"
                                                     : " is in the review file but not in the report"));
        }
    }
    if (v.differences.empty()) v.differences.push_back("the review content differs");
    return v;
}

}  // namespace fw::reports
