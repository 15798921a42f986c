#include "storage/image.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"
#include "core/json_reader.hpp"

namespace fw::storage::detail {

const std::array<const char*, h_count> kHeaderColumns = {
    "scale_id", "policy_id", "policy_given",
    "agency", "team", "lme_mco", "county", "program_start_date", "program_extra", "program_implementation_plan",
    "type", "visit_start", "visit_end", "draft_report_date", "final_report_date",
    "reevaluation_criteria", "review_extra", "extra"};

const std::array<const char*, 13> kSummaryColumns = {
    "stage", "complete", "total", "draft_total", "tier", "next_review_earliest", "next_review_latest",
    "next_review_condition", "follow_up", "follow_up_by", "due_kind", "due_by", "policy_fingerprint"};

const std::array<TableDef, t_count> kTables = {{
    {"review_reviewers", {"position"}, {"name"}},
    {"ratings", {"item"},
     {"position", "score", "evidence", "recommendation", "sources", "checklist", "calculator", "extra"}},
    {"reviewer_scores", {"item", "reviewer"}, {"position", "score"}},
    {"reviewer_work", {"item", "reviewer"}, {"position", "notes", "sources", "checklist", "calculator", "extra"}},
    {"contests", {"item"},
     {"position", "submitted", "documentation", "requested_score", "decision", "decided_score", "decided_on",
      "rationale", "extra"}},
    {"attachments", {"item", "position"}, {"name", "media_type", "data"}},
    {"amendments", {"position"}, {"on_date", "item", "from_score", "to_score", "reason", "by_name", "extra"}},
    {"action_plan", {"position"}, {"item", "goal", "steps", "who", "by_date", "measure", "status", "extra"}},
}};

std::string json_text(const Json& j) { return j.dump(); }

Json json_from(const std::string& text, const char* what) {
    try {
        return read_json(text, what);  // linear in the text, however many keys
    } catch (const InputError&) {
        throw std::runtime_error(std::string("a stored ") + what + " is not valid JSON");
    }
}

namespace {

// ------------------------------------------------------------ encoding

Value text(const std::string& s) { return s; }
Value integer(std::int64_t i) { return i; }
Value opt_int(const std::optional<int>& i) { return i ? Value(std::int64_t(*i)) : Value(); }
Value opt_date(const std::optional<Date>& d) { return d ? Value(d->iso()) : Value(); }
Value json(const Json& j) { return json_text(j); }
Value strings(const std::vector<std::string>& v) { return json_text(Json(v)); }

Value calculator(const std::vector<CalculatorRow>& rows) {
    // Doubles as JSON numbers: nlohmann writes the shortest text that reads
    // back as the same double, so nothing is rounded.
    Json a = Json::array();
    for (const auto& row : rows) {
        Json o = Json::object();
        for (const auto& [k, v] : row) o[k] = v;
        a.push_back(std::move(o));
    }
    return json_text(a);
}

}  // namespace

Value implementation_plan(const std::optional<ImplementationPlan>& p) {
    if (!p) return Value();
    return json_text(Json{{"meeting", p->meeting.iso()}, {"policy", p->policy}});
}

namespace {

void put(Image& img, Row key, Row values, const char* table) {
    if (!img.emplace(std::move(key), std::move(values)).second)
        throw std::logic_error(std::string("the review has two rows with the same key for ") + table);
}

// ------------------------------------------------------------ decoding

[[noreturn]] void bad(const char* what) { throw std::runtime_error(std::string("a stored review has a wrong ") + what); }

const std::string& as_text(const Value& v, const char* what) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    bad(what);
}
std::int64_t as_int(const Value& v, const char* what) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    bad(what);
}
std::optional<int> as_opt_int(const Value& v, const char* what) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    return int(as_int(v, what));
}
Date as_date(const Value& v, const char* what) {
    auto d = Date::parse(as_text(v, what));
    if (!d) bad(what);
    return *d;
}
std::optional<Date> as_opt_date(const Value& v, const char* what) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    return as_date(v, what);
}
Json as_json(const Value& v, const char* what) { return json_from(as_text(v, what), what); }

std::vector<std::string> as_strings(const Value& v, const char* what) {
    Json j = as_json(v, what);
    if (!j.is_array()) bad(what);
    std::vector<std::string> out;
    for (const auto& e : j) {
        if (!e.is_string()) bad(what);
        out.push_back(e.get<std::string>());
    }
    return out;
}

std::vector<CalculatorRow> as_calculator(const Value& v) {
    Json j = as_json(v, "calculator");
    if (!j.is_array()) bad("calculator");
    std::vector<CalculatorRow> rows;
    for (const auto& o : j) {
        if (!o.is_object()) bad("calculator");
        CalculatorRow row;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.value().is_number()) bad("calculator");
            row[it.key()] = it.value().get<double>();
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Json as_object(const Value& v, const char* what) {
    Json j = as_json(v, what);
    if (!j.is_object()) bad(what);
    return j;
}

}  // namespace

std::optional<ImplementationPlan> as_implementation_plan(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    Json j = as_object(v, "implementation plan");
    if (!j.contains("meeting") || !j["meeting"].is_string() || !j.contains("policy") || !j["policy"].is_string())
        bad("implementation plan");
    auto d = Date::parse(j["meeting"].get<std::string>());
    if (!d) bad("implementation plan");
    return ImplementationPlan{*d, j["policy"].get<std::string>()};
}

namespace {

// Child rows of one parent in their stored order.
template <class F>
void in_order(const Image& img, size_t position_column, F&& f) {
    std::vector<const Image::value_type*> rows;
    for (const auto& e : img) rows.push_back(&e);
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) {
        return as_int(a->second[position_column], "position") < as_int(b->second[position_column], "position");
    });
    for (auto* e : rows) f(e->first, e->second);
}

}  // namespace

ReviewImage encode(const Review& r) {
    ReviewImage img;
    Row& h = img.header;
    h.resize(h_count);
    h[h_scale_id] = text(r.scale_id);
    h[h_policy_id] = text(r.policy_id);
    h[h_policy_given] = integer(r.policy_given ? 1 : 0);
    h[h_agency] = text(r.program.agency);
    h[h_team] = text(r.program.team);
    h[h_lme_mco] = text(r.program.lme_mco);
    h[h_county] = text(r.program.county);
    h[h_program_start_date] = opt_date(r.program.start_date);
    h[h_program_extra] = json(r.program.extra);
    h[h_program_implementation_plan] = implementation_plan(r.program.implementation_plan);
    h[h_type] = text(to_string(r.review.type));
    h[h_visit_start] = text(r.review.visit_start.iso());
    h[h_visit_end] = opt_date(r.review.visit_end);
    h[h_draft_report_date] = opt_date(r.review.draft_report_date);
    h[h_final_report_date] = opt_date(r.review.final_report_date);
    {
        Json rc = Json::array();
        for (const auto& c : r.review.reevaluation_criteria)
            rc.push_back(Json::array({c.id, c.met ? Json(*c.met) : Json(nullptr), c.value ? Json(*c.value) : Json(nullptr)}));
        h[h_reevaluation_criteria] = json(rc);
    }
    h[h_review_extra] = json(r.review.extra);
    h[h_extra] = json(r.extra);

    for (size_t i = 0; i < r.review.reviewers.size(); ++i)
        put(img.tables[t_reviewers], {integer(std::int64_t(i))}, {text(r.review.reviewers[i])}, "reviewers");

    for (size_t i = 0; i < r.ratings.size(); ++i) {
        const Rating& rt = r.ratings[i];
        put(img.tables[t_ratings], {text(rt.item)},
            {integer(std::int64_t(i)), opt_int(rt.score), text(rt.evidence), text(rt.recommendation), strings(rt.sources),
             strings(rt.checklist), calculator(rt.calculator), json(rt.extra)},
            "ratings");
        for (size_t k = 0; k < rt.by.size(); ++k)
            put(img.tables[t_reviewer_scores], {text(rt.item), text(rt.by[k].first)},
                {integer(std::int64_t(k)), integer(rt.by[k].second)}, "reviewer scores");
        for (size_t k = 0; k < rt.independent.size(); ++k) {
            const auto& [who, w] = rt.independent[k];
            put(img.tables[t_reviewer_work], {text(rt.item), text(who)},
                {integer(std::int64_t(k)), text(w.notes), strings(w.sources), strings(w.checklist),
                 calculator(w.calculator), json(w.extra)},
                "reviewer work");
        }
    }

    for (size_t i = 0; i < r.contests.size(); ++i) {
        const Contest& c = r.contests[i];
        put(img.tables[t_contests], {text(c.item)},
            {integer(std::int64_t(i)), text(c.submitted.iso()), text(c.documentation), opt_int(c.requested_score),
             text(to_string(c.decision)), opt_int(c.decided_score), opt_date(c.decided_on), text(c.rationale),
             json(c.extra)},
            "contests");
        for (size_t k = 0; k < c.attachments.size(); ++k) {
            const Attachment& a = c.attachments[k];
            Blob b{a.data};
            put(img.tables[t_attachments], {text(c.item), integer(std::int64_t(k))},
                {text(a.name), text(a.media_type), std::move(b)}, "attachments");
        }
    }

    for (size_t i = 0; i < r.amendments.size(); ++i) {
        const Amendment& a = r.amendments[i];
        put(img.tables[t_amendments], {integer(std::int64_t(i))},
            {text(a.on.iso()), text(a.item), opt_int(a.from), opt_int(a.to), text(a.reason), text(a.by), json(a.extra)},
            "amendments");
    }

    for (size_t i = 0; i < r.action_plan.size(); ++i) {
        const ActionPlanRow& a = r.action_plan[i];
        put(img.tables[t_action_plan], {integer(std::int64_t(i))},
            {text(a.item), text(a.goal), text(a.steps), text(a.who), opt_date(a.by_when), text(a.measure),
             text(to_string(a.status)), json(a.extra)},
            "action plan");
    }
    return img;
}

Review decode(ReviewImage&& img) {
    Review r;
    const Row& h = img.header;
    if (h.size() != h_count) bad("row");
    r.scale_id = as_text(h[h_scale_id], "scale id");
    r.policy_id = as_text(h[h_policy_id], "policy id");
    r.policy_given = as_int(h[h_policy_given], "policy flag") != 0;
    r.program.agency = as_text(h[h_agency], "agency");
    r.program.team = as_text(h[h_team], "team");
    r.program.lme_mco = as_text(h[h_lme_mco], "LME-MCO");
    r.program.county = as_text(h[h_county], "county");
    r.program.start_date = as_opt_date(h[h_program_start_date], "program start date");
    r.program.extra = as_object(h[h_program_extra], "program extra");
    r.program.implementation_plan = as_implementation_plan(h[h_program_implementation_plan]);
    auto type = review_type_from(as_text(h[h_type], "review type"));
    if (!type) bad("review type");
    r.review.type = *type;
    r.review.visit_start = as_date(h[h_visit_start], "visit start");
    r.review.visit_end = as_opt_date(h[h_visit_end], "visit end");
    r.review.draft_report_date = as_opt_date(h[h_draft_report_date], "draft report date");
    r.review.final_report_date = as_opt_date(h[h_final_report_date], "final report date");
    {
        Json rc = as_json(h[h_reevaluation_criteria], "re-evaluation criteria");
        if (!rc.is_array()) bad("re-evaluation criteria");
        for (const auto& e : rc) {
            if (!e.is_array() || e.size() != 3 || !e[0].is_string()) bad("re-evaluation criteria");
            CriterionRecord c;
            c.id = e[0].get<std::string>();
            if (e[1].is_boolean()) c.met = e[1].get<bool>();
            if (e[2].is_number()) c.value = e[2].get<double>();
            r.review.reevaluation_criteria.push_back(std::move(c));
        }
    }
    r.review.extra = as_object(h[h_review_extra], "review extra");
    r.extra = as_object(h[h_extra], "extra");

    for (const auto& [key, v] : img.tables[t_reviewers]) r.review.reviewers.push_back(as_text(v[0], "reviewer"));

    std::map<std::string, size_t> rating_at;
    in_order(img.tables[t_ratings], 0, [&](const Row& key, const Row& v) {
        Rating rt;
        rt.item = as_text(key[0], "item");
        rt.score = as_opt_int(v[1], "score");
        rt.evidence = as_text(v[2], "evidence");
        rt.recommendation = as_text(v[3], "recommendation");
        rt.sources = as_strings(v[4], "sources");
        rt.checklist = as_strings(v[5], "checklist");
        rt.calculator = as_calculator(v[6]);
        rt.extra = as_object(v[7], "rating extra");
        rating_at[rt.item] = r.ratings.size();
        r.ratings.push_back(std::move(rt));
    });
    auto rating = [&](const Value& item) -> Rating& {
        auto it = rating_at.find(as_text(item, "item"));
        if (it == rating_at.end()) bad("reviewer row (no rating for its item)");
        return r.ratings[it->second];
    };
    in_order(img.tables[t_reviewer_scores], 0, [&](const Row& key, const Row& v) {
        rating(key[0]).by.emplace_back(as_text(key[1], "reviewer"), int(as_int(v[1], "reviewer score")));
    });
    in_order(img.tables[t_reviewer_work], 0, [&](const Row& key, const Row& v) {
        ReviewerWork w;
        w.notes = as_text(v[1], "notes");
        w.sources = as_strings(v[2], "sources");
        w.checklist = as_strings(v[3], "checklist");
        w.calculator = as_calculator(v[4]);
        w.extra = as_object(v[5], "reviewer work extra");
        rating(key[0]).independent.emplace_back(as_text(key[1], "reviewer"), std::move(w));
    });

    std::map<std::string, size_t> contest_at;
    in_order(img.tables[t_contests], 0, [&](const Row& key, const Row& v) {
        Contest c;
        c.item = as_text(key[0], "contest item");
        c.submitted = as_date(v[1], "contest date");
        c.documentation = as_text(v[2], "documentation");
        c.requested_score = as_opt_int(v[3], "requested score");
        auto d = decision_from(as_text(v[4], "decision"));
        if (!d) bad("decision");
        c.decision = *d;
        c.decided_score = as_opt_int(v[5], "decided score");
        c.decided_on = as_opt_date(v[6], "decision date");
        c.rationale = as_text(v[7], "rationale");
        c.extra = as_object(v[8], "contest extra");
        contest_at[c.item] = r.contests.size();
        r.contests.push_back(std::move(c));
    });
    // Keys sort by (item, position): each contest's attachments come in order.
    for (auto& [key, v] : img.tables[t_attachments]) {
        auto it = contest_at.find(as_text(key[0], "attachment's contest"));
        if (it == contest_at.end()) bad("attachment (no contest for it)");
        auto* blob = std::get_if<Blob>(&v[2]);
        Attachment a;
        a.name = as_text(v[0], "attachment name");
        a.media_type = as_text(v[1], "attachment type");
        if (blob) a.data = std::move(blob->bytes);
        else if (auto* s = std::get_if<std::string>(&v[2])) a.data = *s;
        else bad("attachment");
        r.contests[it->second].attachments.push_back(std::move(a));
    }

    for (const auto& [key, v] : img.tables[t_amendments]) {
        Amendment a;
        a.on = as_date(v[0], "amendment date");
        a.item = as_text(v[1], "amendment item");
        a.from = as_opt_int(v[2], "amendment score");
        a.to = as_opt_int(v[3], "amendment score");
        a.reason = as_text(v[4], "amendment reason");
        a.by = as_text(v[5], "amendment author");
        a.extra = as_object(v[6], "amendment extra");
        r.amendments.push_back(std::move(a));
    }

    for (const auto& [key, v] : img.tables[t_action_plan]) {
        ActionPlanRow a;
        a.item = as_text(v[0], "action plan item");
        a.goal = as_text(v[1], "action plan goal");
        a.steps = as_text(v[2], "action plan steps");
        a.who = as_text(v[3], "action plan owner");
        a.by_when = as_opt_date(v[4], "action plan date");
        a.measure = as_text(v[5], "action plan measure");
        auto st = action_status_from(as_text(v[6], "action plan status"));
        if (!st) bad("action plan status");
        a.status = *st;
        a.extra = as_object(v[7], "action plan extra");
        r.action_plan.push_back(std::move(a));
    }
    return r;
}

}  // namespace fw::storage::detail
