#include "review_file.hpp"

#include <openssl/evp.h>

#include <cmath>
#include <set>
#include <unordered_set>

#include "catalog.hpp"
#include "json_reader.hpp"
#include "limits.hpp"
#include "rulebook.hpp"
#include "text_file.hpp"

namespace fw {

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

namespace {

std::string base64_encode(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
    out.resize(size_t(n));
    return out;
}

std::optional<std::string> base64_decode(const std::string& text) {
    if (text.size() % 4 != 0) return std::nullopt;
    for (char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return std::nullopt;
    std::string out(text.size() / 4 * 3 + 1, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    if (n < 0) return std::nullopt;
    size_t pad = 0;
    if (!text.empty() && text.back() == '=') ++pad;
    if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
    out.resize(size_t(n) - pad);
    return out;
}

struct Walker {
    std::string file;
    std::vector<Problem> problems;

    void fail(const std::string& ptr, std::string msg) { problems.push_back({Place::at_pointer(ptr), std::move(msg)}); }

    static std::string kind(const Json& j) {
        switch (j.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "true/false";
        case Json::value_t::string: return "text";
        case Json::value_t::array: return "a list";
        case Json::value_t::object: return "an object";
        case Json::value_t::number_float: return "a decimal number";
        default: return "a number";
        }
    }

    Json* member(Json& obj, const std::string& ptr, const char* key, bool required) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) fail(ptr, std::string("'") + key + "' is missing");
            return nullptr;
        }
        return &*it;
    }

    std::optional<std::string> text(Json& obj, const std::string& ptr, const char* key, bool required,
                                    bool nonempty = false) {
        Json* v = member(obj, ptr, key, required);
        if (!v) return std::nullopt;
        std::string p = ptr + "/" + key;
        if (!v->is_string()) {
            fail(p, "must be text, not " + kind(*v));
            return std::nullopt;
        }
        // Moved out: the document is read once, and holding every text twice
        // would double the memory a large review needs.
        std::string s = std::move(v->get_ref<std::string&>());
        if (nonempty && s.find_first_not_of(" \t\r\n") == std::string::npos) {
            fail(p, "must not be empty");
            return std::nullopt;
        }
        return s;
    }

    std::optional<Date> date(Json& obj, const std::string& ptr, const char* key, bool required) {
        Json* v = member(obj, ptr, key, required);
        if (!v) return std::nullopt;
        std::string p = ptr + "/" + key;
        if (v->is_null() && !required) return std::nullopt;
        if (!v->is_string()) {
            fail(p, "must be a date as text, YYYY-MM-DD, not " + kind(*v));
            return std::nullopt;
        }
        auto d = Date::parse(v->get<std::string>());
        if (!d) fail(p, "\"" + v->get<std::string>() + "\" is not a date YYYY-MM-DD (a real day, years 1900-2999)");
        return d;
    }

    std::optional<int> score_value(Json& v, const std::string& p) {
        if (v.is_number_integer() || v.is_number_unsigned()) {
            long long s = v.is_number_unsigned() ? (long long)std::min<uint64_t>(v.get<uint64_t>(), 1000000)
                                                 : v.get<long long>();
            if (s >= 1 && s <= 5) return int(s);
            fail(p, "must be a whole number from 1 to 5, not " + std::to_string(s));
            return std::nullopt;
        }
        if (v.is_number_float()) {
            fail(p, "must be a whole number from 1 to 5, not " + v.dump());
            return std::nullopt;
        }
        fail(p, "must be a whole number from 1 to 5, not " + kind(v));
        return std::nullopt;
    }

    std::optional<int> score(Json& obj, const std::string& ptr, const char* key, bool required) {
        Json* v = member(obj, ptr, key, required);
        if (!v) return std::nullopt;
        if (v->is_null() && !required) return std::nullopt;
        return score_value(*v, ptr + "/" + key);
    }

    Json* object(Json& obj, const std::string& ptr, const char* key, bool required) {
        Json* v = member(obj, ptr, key, required);
        if (!v) return nullptr;
        if (!v->is_object()) {
            fail(ptr + "/" + key, "must be an object, not " + kind(*v));
            return nullptr;
        }
        return v;
    }

    Json* array(Json& obj, const std::string& ptr, const char* key, bool required) {
        Json* v = member(obj, ptr, key, required);
        if (!v) return nullptr;
        if (!v->is_array()) {
            fail(ptr + "/" + key, "must be a list, not " + kind(*v));
            return nullptr;
        }
        return v;
    }

    std::vector<std::string> strings(Json& obj, const std::string& ptr, const char* key) {
        std::vector<std::string> out;
        Json* a = array(obj, ptr, key, false);
        if (!a) return out;
        for (size_t i = 0; i < a->size(); ++i) {
            Json& v = (*a)[i];
            if (!v.is_string()) fail(ptr + "/" + key + "/" + std::to_string(i), "must be text, not " + kind(v));
            else out.push_back(std::move(v.get_ref<std::string&>()));
        }
        return out;
    }

    std::vector<CalculatorRow> calculator_rows(Json& obj, const std::string& ptr) {
        std::vector<CalculatorRow> rows;
        Json* a = array(obj, ptr, "calculator", false);
        if (!a) return rows;
        for (size_t i = 0; i < a->size(); ++i) {
            std::string p = ptr + "/calculator/" + std::to_string(i);
            Json& row = (*a)[i];
            if (!row.is_object()) {
                fail(p, "must be an object of figures, not " + kind(row));
                continue;
            }
            CalculatorRow r;
            for (auto it = row.begin(); it != row.end(); ++it) {
                if (!it.value().is_number()) {
                    fail(p + "/" + pointer_token(it.key()), "must be a number, not " + kind(it.value()));
                    continue;
                }
                double d = it.value().get<double>();
                if (!std::isfinite(d) || d < 0) {
                    fail(p + "/" + pointer_token(it.key()), "must be zero or more");
                    continue;
                }
                r[it.key()] = d;
            }
            rows.push_back(std::move(r));
        }
        return rows;
    }

    // Keys this reader knows are taken out; the rest is kept as it was, in
    // its order (moved, and appended without a lookup: the keys are unique).
    static Json rest(Json& obj, std::initializer_list<const char*> known) {
        Json out = Json::object();
        for (auto& [key, value] : obj.get_ref<Json::object_t&>()) {
            bool k = false;
            for (const char* n : known) k = k || key == n;
            if (!k) append_member(out, key, std::move(value));
        }
        return out;
    }
};

}  // namespace

namespace {

constexpr int kMaxDepth = 40;

// The review out of its document, which is used up.
// The review as far as its structure allows; what is wrong goes to `problems`.
Review review_from_json(Json root, const std::string& file, std::vector<Problem>& problems) {
    Walker w{file, {}};
    Review r;
    if (!root.is_object()) throw InputError(file, Problem{Place::at_pointer(""), "a review file is a JSON object, not " + Walker::kind(root)});

    if (auto f = w.text(root, "", "format", true)) {
        if (*f != kReviewFormat) w.fail("/format", "must be \"ips-fidelity-review\", not \"" + *f + "\"");
    }
    if (Json* v = w.member(root, "", "version", true)) {
        if (!v->is_number_integer() && !v->is_number_unsigned()) w.fail("/version", "must be the number 1, not " + Walker::kind(*v));
        else if (v->get<long long>() != kReviewVersion)
            w.fail("/version", "version " + v->dump() + " is not supported (this program reads version 1)");
    }
    if (auto s = w.text(root, "", "scale", true, true)) r.scale_id = *s;
    if (auto p = w.text(root, "", "policy", false, true)) {
        r.policy_id = *p;
        r.policy_given = true;
    }

    if (Json* p = w.object(root, "", "program", true)) {
        r.program.agency = w.text(*p, "/program", "agency", true, true).value_or("");
        r.program.team = w.text(*p, "/program", "team", true, true).value_or("");
        r.program.lme_mco = w.text(*p, "/program", "lme_mco", false).value_or("");
        r.program.county = w.text(*p, "/program", "county", false).value_or("");
        r.program.start_date = w.date(*p, "/program", "start_date", false);
        if (Json* ip = w.object(*p, "/program", "implementation_plan", false)) {
            const std::string Q = "/program/implementation_plan";
            auto meeting = w.date(*ip, Q, "meeting", true);
            auto policy = w.text(*ip, Q, "policy", true, true);
            for (auto it = ip->begin(); it != ip->end(); ++it)
                if (it.key() != "meeting" && it.key() != "policy")
                    w.fail(Q + "/" + pointer_token(it.key()), "unknown key: an implementation plan has a meeting date and a policy");
            if (meeting && policy) r.program.implementation_plan = ImplementationPlan{*meeting, *policy};
        }
        r.program.extra = Walker::rest(*p, {"agency", "team", "lme_mco", "county", "start_date", "implementation_plan"});
    }

    if (Json* v = w.object(root, "", "review", true)) {
        const std::string P = "/review";
        if (auto t = w.text(*v, P, "type", true)) {
            if (auto ty = review_type_from(*t)) r.review.type = *ty;
            else w.fail(P + "/type", "\"" + *t + "\" is not initial, subsequent or follow-up");
        }
        if (auto d = w.date(*v, P, "visit_start", true)) r.review.visit_start = *d;
        r.review.visit_end = w.date(*v, P, "visit_end", false);
        r.review.reviewers = w.strings(*v, P, "reviewers");
        {
            std::set<std::string> seen;
            for (size_t i = 0; i < r.review.reviewers.size(); ++i) {
                const auto& name = r.review.reviewers[i];
                if (name.find_first_not_of(" \t") == std::string::npos)
                    w.fail(P + "/reviewers/" + std::to_string(i), "a reviewer's name must not be empty");
                else if (!seen.insert(name).second)
                    w.fail(P + "/reviewers/" + std::to_string(i), "\"" + name + "\" is listed twice");
            }
        }
        r.review.draft_report_date = w.date(*v, P, "draft_report_date", false);
        r.review.final_report_date = w.date(*v, P, "final_report_date", false);
        if (Json* rc = w.object(*v, P, "reevaluation_criteria", false)) {
            for (auto it = rc->begin(); it != rc->end(); ++it) {
                CriterionRecord c;
                c.id = it.key();
                if (it.value().is_boolean()) c.met = it.value().get<bool>();
                else if (it.value().is_number()) c.value = it.value().get<double>();
                else if (!it.value().is_null())
                    w.fail(P + "/reevaluation_criteria/" + pointer_token(it.key()), "must be true, false or a number");
                r.review.reevaluation_criteria.push_back(c);
            }
        }
        r.review.extra = Walker::rest(*v, {"type", "visit_start", "visit_end", "reviewers", "draft_report_date",
                                           "final_report_date", "reevaluation_criteria"});
    }

    if (Json* ra = w.array(root, "", "ratings", false)) {
        for (size_t i = 0; i < ra->size(); ++i) {
            Json& e = (*ra)[i];
            std::string P = "/ratings/" + std::to_string(i);
            if (!e.is_object()) {
                w.fail(P, "must be an object, not " + Walker::kind(e));
                continue;
            }
            Rating rt;
            rt.item = w.text(e, P, "item", true, true).value_or("");
            rt.score = w.score(e, P, "score", false);
            if (Json* by = w.object(e, P, "by", false)) {
                for (auto it = by->begin(); it != by->end(); ++it) {
                    if (auto s = w.score_value(it.value(), P + "/by/" + pointer_token(it.key())))
                        rt.by.emplace_back(it.key(), *s);
                }
            }
            rt.evidence = w.text(e, P, "evidence", false).value_or("");
            rt.recommendation = w.text(e, P, "recommendation", false).value_or("");
            rt.sources = w.strings(e, P, "sources");
            rt.checklist = w.strings(e, P, "checklist");
            rt.calculator = w.calculator_rows(e, P);
            if (Json* ind = w.object(e, P, "independent", false)) {
                for (auto it = ind->begin(); it != ind->end(); ++it) {
                    std::string Q = P + "/independent/" + pointer_token(it.key());
                    if (!it.value().is_object()) {
                        w.fail(Q, "must be an object, not " + Walker::kind(it.value()));
                        continue;
                    }
                    Json& o = it.value();
                    ReviewerWork work;
                    work.notes = w.text(o, Q, "notes", false).value_or("");
                    work.sources = w.strings(o, Q, "sources");
                    work.checklist = w.strings(o, Q, "checklist");
                    work.calculator = w.calculator_rows(o, Q);
                    work.extra = Walker::rest(o, {"notes", "sources", "checklist", "calculator"});
                    rt.independent.emplace_back(it.key(), std::move(work));
                }
            }
            rt.extra = Walker::rest(e, {"item", "score", "by", "evidence", "recommendation", "sources", "checklist",
                                        "calculator", "independent"});
            r.ratings.push_back(std::move(rt));
        }
    }

    if (Json* ca = w.array(root, "", "contests", false)) {
        for (size_t i = 0; i < ca->size(); ++i) {
            Json& e = (*ca)[i];
            std::string P = "/contests/" + std::to_string(i);
            if (!e.is_object()) {
                w.fail(P, "must be an object, not " + Walker::kind(e));
                continue;
            }
            Contest c;
            c.item = w.text(e, P, "item", true, true).value_or("");
            if (auto d = w.date(e, P, "submitted", true)) c.submitted = *d;
            c.documentation = w.text(e, P, "documentation", false).value_or("");
            c.requested_score = w.score(e, P, "requested_score", false);
            if (auto d = w.text(e, P, "decision", false)) {
                if (auto dec = decision_from(*d)) c.decision = *dec;
                else w.fail(P + "/decision", "\"" + *d + "\" is not pending, upheld or denied");
            }
            c.decided_score = w.score(e, P, "decided_score", false);
            c.decided_on = w.date(e, P, "decided_on", false);
            c.rationale = w.text(e, P, "rationale", false).value_or("");
            if (Json* at = w.array(e, P, "attachments", false)) {
                for (size_t k = 0; k < at->size(); ++k) {
                    std::string Q = P + "/attachments/" + std::to_string(k);
                    Json& a = (*at)[k];
                    if (!a.is_object()) {
                        w.fail(Q, "must be an object, not " + Walker::kind(a));
                        continue;
                    }
                    Attachment att;
                    att.name = w.text(a, Q, "name", true, true).value_or("");
                    att.media_type = w.text(a, Q, "media_type", false).value_or("application/octet-stream");
                    if (auto data = w.text(a, Q, "data_base64", true)) {
                        if (auto bytes = base64_decode(*data)) att.data = std::move(*bytes);
                        else w.fail(Q + "/data_base64", "is not valid base64");
                    }  // the base64 text is freed here, before the next attachment is decoded
                    c.attachments.push_back(std::move(att));
                }
            }
            c.extra = Walker::rest(e, {"item", "submitted", "documentation", "requested_score", "decision",
                                       "decided_score", "decided_on", "rationale", "attachments"});
            r.contests.push_back(std::move(c));
        }
    }

    if (Json* am = w.array(root, "", "amendments", false)) {
        for (size_t i = 0; i < am->size(); ++i) {
            Json& e = (*am)[i];
            std::string P = "/amendments/" + std::to_string(i);
            if (!e.is_object()) {
                w.fail(P, "must be an object, not " + Walker::kind(e));
                continue;
            }
            Amendment a;
            if (auto d = w.date(e, P, "on", true)) a.on = *d;
            a.item = w.text(e, P, "item", true, true).value_or("");
            a.from = w.score(e, P, "from", false);
            a.to = w.score(e, P, "to", false);
            a.reason = w.text(e, P, "reason", true, true).value_or("");
            a.by = w.text(e, P, "by", false).value_or("");
            a.extra = Walker::rest(e, {"on", "item", "from", "to", "reason", "by"});
            r.amendments.push_back(std::move(a));
        }
    }

    if (Json* ap = w.array(root, "", "action_plan", false)) {
        for (size_t i = 0; i < ap->size(); ++i) {
            Json& e = (*ap)[i];
            std::string P = "/action_plan/" + std::to_string(i);
            if (!e.is_object()) {
                w.fail(P, "must be an object, not " + Walker::kind(e));
                continue;
            }
            ActionPlanRow row;
            row.item = w.text(e, P, "item", true, true).value_or("");
            row.goal = w.text(e, P, "goal", false).value_or("");
            row.steps = w.text(e, P, "steps", false).value_or("");
            row.who = w.text(e, P, "who", false).value_or("");
            row.by_when = w.date(e, P, "by", false);
            row.measure = w.text(e, P, "measure", false).value_or("");
            if (auto s = w.text(e, P, "status", false)) {
                if (auto st = action_status_from(*s)) row.status = *st;
                else w.fail(P + "/status", "\"" + *s + "\" is not planned, in-progress, done or dropped");
            }
            row.extra = Walker::rest(e, {"item", "goal", "steps", "who", "by", "measure", "status"});
            r.action_plan.push_back(std::move(row));
        }
    }

    r.extra = Walker::rest(root, {"format", "version", "scale", "policy", "program", "review", "ratings", "contests",
                                  "amendments", "action_plan"});
    for (auto& p : attachment_problems(r)) w.problems.push_back(std::move(p));
    problems = std::move(w.problems);
    return r;
}

}  // namespace

Review parse_review(const std::string& text, const std::string& file) {
    std::vector<Problem> problems;
    Review r = review_from_json(read_json(text, file, kMaxDepth), file, problems);
    if (!problems.empty()) throw InputError(file, problems);
    return r;
}

namespace {

// The review's scale and policy from the catalog, and the rules it keeps with them.
// A file whose structure is wrong is refused with those problems and the
// items its scale lacks (the rules need a whole review; item names do not).
Review checked(Review r, std::vector<Problem> structure, const std::string& file, Catalog& catalog) {
    const Scale* scale = nullptr;
    const Policy* policy = nullptr;
    if (!structure.empty()) {
        try {
            for (auto& p : check_items_known(r, catalog.scale(r.scale_id))) structure.push_back(std::move(p));
        } catch (const NotInCatalog&) {
            // The scale's own problem is told once the structure is right.
        }
        throw InputError(file, structure);
    }
    std::vector<Problem> problems;
    try {
        scale = &catalog.scale(r.scale_id);
    } catch (const NotInCatalog& e) {
        problems.push_back({Place::at_pointer("/scale"), e.what()});
    }
    try {
        policy = &catalog.policy(r.policy_id);
    } catch (const NotInCatalog& e) {
        problems.push_back({Place::at_pointer(r.policy_given ? "/policy" : ""), e.what()});
    }
    if (!problems.empty()) throw InputError(file, problems);
    problems = check_review(r, *scale, *policy);
    for (auto& p : check_program(r.program, catalog)) problems.push_back(std::move(p));
    if (!problems.empty()) throw InputError(file, problems);
    return r;
}

}  // namespace

Review read_review_text(const std::string& text, const std::string& file, Catalog& catalog) {
    std::vector<Problem> structure;
    Review r = review_from_json(read_json(text, file, kMaxDepth), file, structure);
    return checked(std::move(r), std::move(structure), file, catalog);
}

Review read_review_file(const std::string& path, Catalog& catalog) {
    // Parsed as it is read, so the text and the document are never in
    // memory together; attachments travel inside the file (base64).
    std::vector<Problem> structure;
    Review r = review_from_json(read_json_file(path, kMaxReviewFileBytes, kMaxDepth), path, structure);
    return checked(std::move(r), std::move(structure), path, catalog);
}

// ---------------------------------------------------------------- writing

namespace {

// Unknown keys after the known ones; a known key wins. The known keys are
// few, so they are what is looked up (an object may have 100,000 unknown ones).
void put_extra(Json& out, const Json& extra) {
    std::unordered_set<std::string> known;
    for (const auto& member : out.get_ref<const Json::object_t&>()) known.insert(member.first);
    for (const auto& [key, value] : extra.get_ref<const Json::object_t&>())
        if (!known.count(key)) append_member(out, key, value);
}

Json rows_json(const std::vector<CalculatorRow>& rows) {
    Json a = Json::array();
    for (const auto& row : rows) {
        Json o = Json::object();
        for (const auto& [k, v] : row) {
            if (v == std::floor(v) && std::fabs(v) < 1e15) o[k] = (long long)v;
            else o[k] = v;
        }
        a.push_back(o);
    }
    return a;
}

}  // namespace

std::string write_review(const Review& r) {
    if (auto problems = attachment_problems(r); !problems.empty()) throw RuleError(problems.front().message);
    Json j = Json::object();
    j["format"] = kReviewFormat;
    j["version"] = kReviewVersion;
    j["scale"] = r.scale_id;
    if (r.policy_given || r.policy_id != "nc-2020") j["policy"] = r.policy_id;

    Json p = Json::object();
    p["agency"] = r.program.agency;
    p["team"] = r.program.team;
    if (!r.program.lme_mco.empty()) p["lme_mco"] = r.program.lme_mco;
    if (!r.program.county.empty()) p["county"] = r.program.county;
    if (r.program.start_date) p["start_date"] = r.program.start_date->iso();
    if (r.program.implementation_plan)
        p["implementation_plan"] = Json{{"meeting", r.program.implementation_plan->meeting.iso()},
                                        {"policy", r.program.implementation_plan->policy}};
    put_extra(p, r.program.extra);
    j["program"] = p;

    Json v = Json::object();
    v["type"] = to_string(r.review.type);
    v["visit_start"] = r.review.visit_start.iso();
    if (r.review.visit_end) v["visit_end"] = r.review.visit_end->iso();
    v["reviewers"] = r.review.reviewers;
    if (r.review.draft_report_date) v["draft_report_date"] = r.review.draft_report_date->iso();
    if (r.review.final_report_date) v["final_report_date"] = r.review.final_report_date->iso();
    if (!r.review.reevaluation_criteria.empty()) {
        Json rc = Json::object();
        for (const auto& c : r.review.reevaluation_criteria) {
            if (c.met) rc[c.id] = *c.met;
            else if (c.value) rc[c.id] = *c.value;
            else rc[c.id] = nullptr;
        }
        v["reevaluation_criteria"] = rc;
    }
    put_extra(v, r.review.extra);
    j["review"] = v;

    Json ra = Json::array();
    for (const auto& rt : r.ratings) {
        Json e = Json::object();
        e["item"] = rt.item;
        if (rt.score) e["score"] = *rt.score;
        if (!rt.by.empty()) {
            Json by = Json::object();
            for (const auto& [who, s] : rt.by) by[who] = s;
            e["by"] = by;
        }
        e["evidence"] = rt.evidence;
        e["recommendation"] = rt.recommendation;
        if (!rt.sources.empty()) e["sources"] = rt.sources;
        if (!rt.checklist.empty()) e["checklist"] = rt.checklist;
        if (!rt.calculator.empty()) e["calculator"] = rows_json(rt.calculator);
        if (!rt.independent.empty()) {
            Json ind = Json::object();
            for (const auto& [who, w] : rt.independent) {
                Json o = Json::object();
                if (!w.notes.empty()) o["notes"] = w.notes;
                if (!w.sources.empty()) o["sources"] = w.sources;
                if (!w.checklist.empty()) o["checklist"] = w.checklist;
                if (!w.calculator.empty()) o["calculator"] = rows_json(w.calculator);
                put_extra(o, w.extra);
                ind[who] = o;
            }
            e["independent"] = ind;
        }
        put_extra(e, rt.extra);
        ra.push_back(e);
    }
    j["ratings"] = ra;

    Json ca = Json::array();
    for (const auto& c : r.contests) {
        Json e = Json::object();
        e["item"] = c.item;
        e["submitted"] = c.submitted.iso();
        e["documentation"] = c.documentation;
        if (c.requested_score) e["requested_score"] = *c.requested_score;
        e["decision"] = to_string(c.decision);
        if (c.decided_score) e["decided_score"] = *c.decided_score;
        if (c.decided_on) e["decided_on"] = c.decided_on->iso();
        if (!c.rationale.empty() || c.decision != Decision::pending) e["rationale"] = c.rationale;
        if (!c.attachments.empty()) {
            Json at = Json::array();
            for (const auto& a : c.attachments)
                at.push_back(Json{{"name", a.name}, {"media_type", a.media_type}, {"data_base64", base64_encode(a.data)}});
            e["attachments"] = at;
        }
        put_extra(e, c.extra);
        ca.push_back(e);
    }
    j["contests"] = ca;

    if (!r.amendments.empty()) {
        Json am = Json::array();
        for (const auto& a : r.amendments) {
            Json e = Json::object();
            e["on"] = a.on.iso();
            e["item"] = a.item;
            e["from"] = a.from ? Json(*a.from) : Json(nullptr);
            e["to"] = a.to ? Json(*a.to) : Json(nullptr);
            e["reason"] = a.reason;
            if (!a.by.empty()) e["by"] = a.by;
            put_extra(e, a.extra);
            am.push_back(e);
        }
        j["amendments"] = am;
    }
    if (!r.action_plan.empty()) {
        Json ap = Json::array();
        for (const auto& row : r.action_plan) {
            Json e = Json::object();
            e["item"] = row.item;
            e["goal"] = row.goal;
            e["steps"] = row.steps;
            e["who"] = row.who;
            if (row.by_when) e["by"] = row.by_when->iso();
            e["measure"] = row.measure;
            e["status"] = to_string(row.status);
            put_extra(e, row.extra);
            ap.push_back(e);
        }
        j["action_plan"] = ap;
    }
    put_extra(j, r.extra);
    std::string text = j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    if (text.size() > kMaxReviewFileBytes)
        throw RuleError("the review file would be " + mib_text(text.size()) + "; a review file may be at most " +
                        mib_text(kMaxReviewFileBytes) + " (so that it can be read back)");
    return text;
}

}  // namespace fw
