#pragma once
// One fidelity review, as the review file (version 1) carries it and the
// workstation edits it. Unknown keys are kept in `extra` at every level so a
// file written by a newer tool survives a round trip through this one.
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "date.hpp"
#include "scale.hpp"

namespace fw {

using Json = nlohmann::ordered_json;

enum class ReviewType { initial, subsequent, follow_up };
std::string to_string(ReviewType);
std::optional<ReviewType> review_type_from(std::string_view);

// A team without the staffing or the people for a review after six months
// meets to write an implementation plan (2016 edition); the review it calls
// for is due some months later, under the rule of `policy`.
struct ImplementationPlan {
    Date meeting;
    std::string policy;  // the policy edition whose rule applies ("nc-2016")
    bool operator==(const ImplementationPlan&) const = default;
};

struct Program {
    std::string agency;
    std::string team;
    std::string lme_mco;
    std::string county;                // workstation extension
    std::optional<Date> start_date;    // workstation extension
    std::optional<ImplementationPlan> implementation_plan;  // workstation extension
    Json extra = Json::object();
};

// 2016 re-evaluation criteria as recorded by the reviewers (workstation
// extension): absent means not recorded.
struct CriterionRecord {
    std::string id;
    std::optional<bool> met;        // yes/no criteria
    std::optional<double> value;    // figure criteria (career profiles %)
};

struct ReviewInfo {
    ReviewType type = ReviewType::initial;
    Date visit_start;
    std::optional<Date> visit_end;
    std::vector<std::string> reviewers;
    std::optional<Date> draft_report_date;
    std::optional<Date> final_report_date;
    std::vector<CriterionRecord> reevaluation_criteria;  // extension
    Json extra = Json::object();
};

// What one reviewer noted for one item, besides the score in `by`
// (workstation extension "independent").
struct ReviewerWork {
    std::string notes;
    std::vector<std::string> sources;
    std::vector<std::string> checklist;        // element ids met
    std::vector<CalculatorRow> calculator;     // one row, or one per specialist
    Json extra = Json::object();
    bool empty() const {
        return notes.empty() && sources.empty() && checklist.empty() && calculator.empty() && extra.empty();
    }
};

struct Rating {
    std::string item;
    std::optional<int> score;  // consensus
    std::vector<std::pair<std::string, int>> by;  // independent scores, reviewer -> score
    std::string evidence;
    std::string recommendation;
    // Workstation extensions: the consensus worksheet.
    std::vector<std::string> sources;
    std::vector<std::string> checklist;
    std::vector<CalculatorRow> calculator;
    std::vector<std::pair<std::string, ReviewerWork>> independent;
    Json extra = Json::object();

    std::optional<int> score_by(std::string_view reviewer) const;
    void set_score_by(const std::string& reviewer, std::optional<int> score);
    ReviewerWork* work_of(std::string_view reviewer);
    ReviewerWork& work_for(const std::string& reviewer);
};

enum class Decision { pending, upheld, denied };
std::string to_string(Decision);
std::optional<Decision> decision_from(std::string_view);

// A file's bytes, never changed once made. Copies share one buffer, so a
// review with large attachments is copied cheaply (undo steps, a database
// edit's before and after) and two copies compare equal at a glance.
class Bytes {
public:
    Bytes() = default;
    Bytes(std::string bytes) : p_(std::make_shared<const std::string>(std::move(bytes))) {}
    Bytes(const char* bytes) : Bytes(std::string(bytes)) {}
    const std::string& str() const;
    operator const std::string&() const { return str(); }
    std::size_t size() const { return str().size(); }
    bool empty() const { return str().empty(); }
    const char* data() const { return str().data(); }
    bool operator==(const Bytes& o) const { return p_ == o.p_ || str() == o.str(); }
    bool operator==(const std::string& o) const { return str() == o; }
    bool operator==(const char* o) const { return str() == o; }

private:
    std::shared_ptr<const std::string> p_;
};

struct Attachment {
    std::string name;
    std::string media_type;
    Bytes data;  // the file's bytes
};

struct Contest {
    std::string item;
    Date submitted;
    std::string documentation;
    std::optional<int> requested_score;
    Decision decision = Decision::pending;
    std::optional<int> decided_score;
    std::optional<Date> decided_on;
    std::string rationale;
    std::vector<Attachment> attachments;  // extension
    Json extra = Json::object();
};

// A score changed after the draft report went out (workstation extension).
struct Amendment {
    Date on;
    std::string item;
    std::optional<int> from;
    std::optional<int> to;
    std::string reason;
    std::string by;
    Json extra = Json::object();
};

enum class ActionStatus { planned, in_progress, done, dropped };
std::string to_string(ActionStatus);
std::optional<ActionStatus> action_status_from(std::string_view);

struct ActionPlanRow {
    std::string item;
    std::string goal;
    std::string steps;
    std::string who;
    std::optional<Date> by_when;
    std::string measure;
    ActionStatus status = ActionStatus::planned;
    Json extra = Json::object();
};

struct Review {
    std::string scale_id;
    std::string policy_id = "nc-2020";
    bool policy_given = false;  // the file named it (else the default)
    Program program;
    ReviewInfo review;
    std::vector<Rating> ratings;  // file order
    std::vector<Contest> contests;
    std::vector<Amendment> amendments;
    std::vector<ActionPlanRow> action_plan;
    Json extra = Json::object();

    const Rating* rating(std::string_view item) const;
    Rating* rating(std::string_view item);
    Rating& rating_for(const std::string& item);  // creates it when absent
    std::optional<int> consensus(std::string_view item) const;
    const Contest* contest(std::string_view item) const;
    Contest* contest(std::string_view item);
};

}  // namespace fw
