#pragma once
// The workstation database: every program, review, score, note, contest
// attachment and audit row, in one SQLite file (issue 3, the embedded
// default) or on a shared PostgreSQL server (issue 14). Both backends keep
// the same tables and behave the same through this interface; a server adds
// roles it enforces itself (grant, revoke) and change notices.
//
// Guarantees the window and the command line rely on:
// - Every write is one transaction in WAL mode with synchronous=FULL: when a
//   call returns, the change survives a crash or a power loss; when it throws,
//   nothing was written.
// - Every edit of a stored review goes through update_review(), which runs the
//   caller's lifecycle calls (fw::set_consensus_score, fw::issue_final, ...),
//   re-checks the review against its scale and policy, refuses changes that a
//   locked (issued) report does not allow, and writes the changed rows plus
//   audit rows together.
// - load_review() returns exactly what was stored, unknown JSON keys included:
//   write_review(load_review(import_review(r))) == write_review(r).
// - A damaged file, a file of another program and a file written by a newer
//   version are refused on open, and are not written to.
//
// One Database object is one connection: use it from one thread at a time.
// Several processes may open the same file; writers wait for each other (the
// busy timeout) and are told clearly when they waited too long. On a server,
// writers of one review wait for each other's transaction.
//
// Two people, one review: load() gives the review with its revision; an edit
// made against that revision (update_review with a Loaded) never overwrites
// what was saved since: it is applied again to the review as it is now when
// the two changed different things, and refused (EditConflict) otherwise.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/output_file.hpp"
#include "core/program_history.hpp"
#include "core/review.hpp"
#include "core/rules.hpp"

namespace fw::storage {

inline constexpr int kSchemaVersion = 5;
// The version of the core's rules the summary columns were computed with;
// raise it when fw::summarize or fw::due_after change what they give.
inline constexpr int kRulesVersion = 2;
// "FWdb": marks the file as the workstation's (PRAGMA application_id).
inline constexpr std::int32_t kApplicationId = 0x46576462;

enum class Backend { sqlite, postgresql };

// What a server role may do (fidelity grant): administrators set up and
// upgrade the schema and grant access; reviewers read and write every
// review; an LME-MCO reads the final reviews of its own programs only.
enum class Access { admin, reviewer, lme_mco };
std::string to_string(Access access);

// True for a PostgreSQL address (postgresql://... or postgres://...); any
// other --db value is a file path.
bool is_server_address(const std::string& location);

// The database cannot be used. The message names the file or server, says
// what is wrong and what to check; nothing has been changed.
class DatabaseError : public std::runtime_error {
public:
    enum class Kind {
        address,         // a server address that cannot be used as given (a password in it, ...)
        unreachable,     // no server answers there: host, port, socket folder
        refused,         // the server answered but refused: database, role, pg_hba.conf, password
        denied,          // the role may not do this (fidelity grant)
        missing,         // no such file (and creating was not asked for)
        not_a_database,  // not an SQLite file (a review file given by mistake, ...)
        foreign,         // an SQLite database of another program
        damaged,         // quick_check / integrity_check failed, or SQLite found corruption
        newer,           // written by a newer version of the workstation
        upgrade_failed,  // an older file could not be brought up to date (it was left as it was)
        busy,            // another program held the database longer than the busy timeout
        io,              // permissions, disk full, ...
    };
    DatabaseError(Kind kind, std::string path, const std::string& message);
    Kind kind() const { return kind_; }
    const std::string& path() const { return path_; }

private:
    Kind kind_;
    std::string path_;
};

// No program or review with that id.
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A program: a team of an agency, reviewed again and again over the years.
struct ProgramDetails {
    std::string agency;
    std::string team;
    std::string lme_mco;
    std::string county;
    std::optional<Date> start_date;
};

struct ProgramRow {
    std::int64_t id = 0;
    ProgramDetails details;
    int review_count = 0;
    std::optional<std::int64_t> latest_review_id;  // the latest visit
    std::optional<Date> latest_visit;
    // 2016: the implementation-plan meeting and the review it calls for,
    // due until a review is visited on or after the meeting.
    std::optional<ImplementationPlan> implementation_plan;
    std::optional<Due> implementation_plan_due;  // none once that review took place
};

struct ProgramFilter {
    std::string text;     // part of agency, team or county, any case
    std::string lme_mco;  // exact, any case; empty = all
    // Only programs whose implementation-plan review is due on or before
    // `due_from` + `due_within_days` (overdue ones included).
    std::optional<int> due_within_days;
    std::optional<Date> due_from;  // default: today
};

// One line of the review list; every figure was computed by fw::summarize
// when the review was last written.
struct ReviewRow {
    std::int64_t id = 0;
    std::int64_t program_id = 0;
    std::string agency;  // as the review records them
    std::string team;
    std::string lme_mco;
    ReviewType type = ReviewType::initial;
    Date visit_start;
    Stage stage = Stage::scoring;
    std::optional<int> total;        // final scores; none while incomplete
    std::optional<int> draft_total;  // consensus scores
    std::string tier;                // tier id; empty while incomplete
    std::optional<Date> next_review_earliest;
    std::optional<Date> next_review_latest;
    std::string next_review_condition;  // "if approved"
    std::optional<Due> due;             // fw::due_after: what this review calls for next
    std::string scale_id;
    std::string policy_id;
    std::string updated_at;  // UTC, ISO 8601
    // Counts the writes of this review: a caller tells whether an edit
    // changed anything, or whether someone else wrote meanwhile, by comparing it.
    std::int64_t revision = 0;
};

struct ReviewFilter {
    std::optional<std::int64_t> program_id;  // the program's history, latest visit first
    std::string text;                        // part of agency, team, LME-MCO or county
    std::string lme_mco;                     // exact, any case: the review's or the program's current one
    // Reviews whose next review (the window's latest date) or 2016
    // follow-up evaluation is due on or before `due_from` + `due_within_days`,
    // overdue ones included. Only the program's latest review counts: a later
    // review means the next one is under way or done.
    std::optional<int> due_within_days;
    std::optional<Date> due_from;  // default: today
    std::size_t limit = 0;         // 0 = no limit
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;     // UTC, "2026-03-02T14:05:33.120Z"
    std::string actor;  // the reviewer using the workstation (--as)
    std::string role;   // the server's login role that wrote the row, set by the server; empty in a file
    std::optional<std::int64_t> revision;  // the review's revision this edit produced
    std::optional<std::int64_t> review_id;
    std::optional<std::int64_t> program_id;
    std::string what;   // "score staffing.1", "stage", "contest services.4", ...
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    std::string reason;  // the amendment reason, the imported file, ...
};

// A review as loaded, and the revision it was at: what an edit was made
// against.
struct Loaded {
    Review review;
    std::int64_t revision = 0;
};

// An edit as update_review stored it: the review and revision after it,
// the review just before it (with whatever others saved since the editor's
// `base`: what an undo returns to), and whether it wrote anything at all.
struct Edited : Loaded {
    Review before;
    bool written = false;
};

// An edit made against an older revision changed what someone else changed
// since. The message names each thing, who changed it and when; nothing was
// written.
class EditConflict : public RuleError {
public:
    using RuleError::RuleError;
};

struct MergeResult {
    Review review;                             // as saved
    std::vector<std::string> added;            // reviewers whose work was added
    std::vector<std::string> already_present;  // reviewers of the other file already in the review: left alone
    std::vector<Disagreement> disagreements;   // fw::disagreements after the merge
};

// Schema steps, oldest first; each runs in one transaction and sets
// user_version to `version`.
struct Migration {
    int version = 0;
    std::string sql;
};
const std::vector<Migration>& migrations();             // SQLite
const std::vector<Migration>& postgresql_migrations();  // the same versions on a server

struct OpenOptions {
    bool create = true;  // false: the file must exist (read commands)
    // Nothing is written (list, export, diff): works where the database or
    // its folder cannot be written. A file only: on a server, the role's
    // rights decide what a connection may write.
    bool read_only = false;
    int busy_timeout_ms = 5000;
    // A file only: the full integrity check (SQLite's quick_check, which
    // reads every page: about 2 ms per MiB) runs on another thread instead of
    // before open returns; the header, application id and schema version are
    // still checked first. Every write waits for the check and is refused
    // when it found damage (nothing is written to a damaged file); see
    // Database::integrity. When the schema must be upgraded the check runs
    // first, as without this option. For the window, which shows itself
    // while the check runs.
    bool check_in_background = false;
    // With check_in_background: the check waits for
    // Database::start_integrity_check() (the window calls it once it has
    // shown itself, so that the check does not compete with the first
    // paint) or for the first write, whichever comes first.
    bool check_when_started = false;
    // Tests only: the schema steps to apply instead of migrations().
    const std::vector<Migration>* migrations = nullptr;
};

class Database {
public:
    // `location` is a file path or a server address (is_server_address);
    // a server address carries no password (~/.pgpass or PGPASSWORD do).
    // On a server: connects (DatabaseError unreachable/refused saying what to
    // check), sets up or upgrades the schema when the role may (an
    // administrator's), else refuses to use an older schema.
    //
    // For a file: opens or creates the database. An existing file is first checked
    // through a read-only connection (header, application_id, user_version,
    // quick_check) and refused, untouched, when damaged, foreign or newer. An
    // older schema is copied with the SQLite backup API to
    // "<path>.v<N>-backup-<UTC time>" and then upgraded. New files and
    // backups are created readable by their owner only (0600).
    // `actor` is who the audit rows name.
    static Database open(const std::string& path, std::string actor, const OpenOptions& options = {});

    // $XDG_DATA_HOME/fidelity-workstation/workstation.db, else
    // ~/.local/share/fidelity-workstation/workstation.db; on Windows
    // %LOCALAPPDATA%\fidelity-workstation\workstation.db. The folder is
    // created private to the user (0700, an owner-only ACL) when missing.
    static std::string default_path();

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    const std::string& path() const;  // the file, or the server's address
    const std::string& actor() const;
    int schema_version() const;
    Backend backend() const;
    // The server's login role; empty for a file.
    std::string role() const;

    // --- Programs -------------------------------------------------------
    // Throws RuleError when agency or team is empty or the pair is taken.
    std::int64_t add_program(const ProgramDetails& details);
    // Also updates the program's details in the reviews that the rulebook
    // lets follow the program (fw::edit_rights: a final report keeps the
    // names it was issued with). Audited.
    void update_program(std::int64_t id, const ProgramDetails& details);
    // Records (or, with nullopt, removes) the 2016 implementation-plan
    // meeting; the policy it names must have that rule (InputError). Audited.
    void set_implementation_plan(std::int64_t id, const std::optional<ImplementationPlan>& plan, Catalog& catalog);
    ProgramRow program(std::int64_t id) const;
    std::optional<std::int64_t> find_program(const std::string& agency, const std::string& team) const;
    std::vector<ProgramRow> programs(const ProgramFilter& filter = {}) const;

    // --- Reviews --------------------------------------------------------
    // Stores a new review of the program. The review's program details are
    // taken from the program (its unknown keys are kept). The review is
    // checked against its scale and policy (InputError naming `source`, or
    // "review"); the scale's file text is stored by fingerprint so that the
    // review stays readable when scales/ changes.
    std::int64_t create_review(std::int64_t program_id, const Review& review, Catalog& catalog,
                               const std::string& source = {});
    // Finds the program by agency and team (any case) or creates it, then
    // stores the review as it is (program details included).
    std::int64_t import_review(const Review& review, Catalog& catalog, const std::string& source = {});

    // Deletes a review the rulebook lets go (fw::why_not_delete: one still
    // being scored; else RuleError with the reason). Its audit rows stay, and
    // one more says who deleted it, when, and what it was. Throws NotFound.
    void delete_review(std::int64_t id);
    // Every reviewer named in a review, once each, sorted: the names the
    // window offers for a new review.
    std::vector<std::string> reviewer_names() const;
    // Every LME-MCO name a program carries, once each, sorted: what the
    // window offers beside the state's list (without reading every program).
    std::vector<std::string> lme_mco_names() const;

    // Exactly what was stored. Throws NotFound.
    Review load_review(std::int64_t id) const;
    Loaded load(std::int64_t id) const;
    ReviewRow review_row(std::int64_t id) const;
    std::vector<ReviewRow> reviews(const ReviewFilter& filter = {}) const;
    // The scale the review was scored with: the catalog's when its
    // fingerprint matches, else the copy stored with the review.
    const Scale& scale_of(std::int64_t review_id, Catalog& catalog) const;
    // The policy the review follows: a final review keeps the policy file it
    // was issued under (stored with it by fingerprint); a review before its
    // final report follows the policy file as it is now.
    const Policy& policy_of(std::int64_t review_id, Catalog& catalog) const;
    // When the installed policy file differs from the one stored with the
    // review, a sentence that says so and what it means; else empty.
    std::string policy_notice(std::int64_t review_id, Catalog& catalog) const;
    // The program's other reviews and the installed editions, for
    // fw::warnings.
    ReviewContext context_of(std::int64_t review_id, Catalog& catalog) const;
    std::vector<Warning> warnings_of(std::int64_t review_id, Catalog& catalog) const;

    // THE edit entry point. In one write transaction: loads the review, runs
    // `change` on it (use the fw lifecycle functions), asks the rulebook
    // whether the result is a change the review allows (fw::check_change),
    // writes the rows that changed and the audit rows, commits. If `change`
    // or the rulebook throws (RuleError, InputError), nothing is written.
    // Returns the review as saved; when it returns, the edit is durable.
    // The program's details are edited on the program (update_program), not
    // through one of its reviews.
    using Change = std::function<void(Review&, const Scale&, const Policy&)>;
    Review update_review(std::int64_t id, const Change& change, Catalog& catalog);
    // The same, for an edit made against `base` (what the editor was
    // showing): when the review was saved since, `change` runs on `base` and
    // on the review as it is now; what it changes must not have been changed
    // since by someone else (EditConflict names who and when), and is then
    // stored on top of their work. `change` may run twice.
    Edited update_review(std::int64_t id, const Loaded& base, const Change& change, Catalog& catalog);
    Review update_review(std::int64_t id, const std::function<void(Review&)>& change, Catalog& catalog);

    // Reviewer B's independent work from `other`, a file of the same review,
    // added beside A's (fw::merge_independent_work). One transaction, audited.
    MergeResult merge_independent(std::int64_t review_id, const Review& other, Catalog& catalog,
                                  const std::string& source = {});
    std::vector<Disagreement> disagreements(std::int64_t review_id, Catalog& catalog) const;

    // Oldest first: a review's rows; a program's (every row naming it: its
    // own edits and its reviews').
    std::vector<AuditEntry> audit(std::int64_t review_id) const;
    std::vector<AuditEntry> program_audit(std::int64_t program_id) const;

    // --- Maintenance ----------------------------------------------------
    // Computes every review's summary columns again when they were computed
    // by older rules (after an upgrade); nothing when they are current.
    // Returns how many reviews were refreshed.
    int refresh_summaries(Catalog& catalog);
    // Full PRAGMA integrity_check and foreign_key_check: empty when sound.
    std::vector<std::string> check_integrity() const;
    // True when another connection (process, window) stored a change since
    // the last call: the window then reloads what it shows. Cheap enough to
    // ask every second (SQLite: PRAGMA data_version; a server: LISTEN/NOTIFY).
    bool changed_elsewhere();
    // Where the integrity check stands (OpenOptions::check_in_background;
    // else it ran before open returned): never waits. `problem`, when
    // damaged, gets what was found and what to do.
    enum class Integrity { checking, sound, damaged };
    Integrity integrity(std::string* problem = nullptr) const;
    // Starts the check OpenOptions::check_when_started held back; nothing
    // when it runs or ran already, or there is none.
    void start_integrity_check();

    // --- Roles (a server only; a file throws RuleError) ------------------
    // Gives the existing login role `role` the rights of `access` (an LME-MCO
    // role names its LME-MCO), replacing what fidelity granted it before.
    // Needs an administrator's role. Audited.
    void grant(const std::string& role, Access access, const std::string& lme_mco = {});
    // Takes away every right fidelity granted `role`. Audited.
    void revoke(const std::string& role);

    // Every program, review (rows, scale and policy texts) and audit row of
    // this database into `target`, in one transaction of the target's.
    // Refuses (RuleError naming them) when a program is in both. Returns the
    // number of programs, reviews and audit rows copied.
    struct Copied {
        int programs = 0, reviews = 0, audit_rows = 0;
    };
    Copied copy_into(Database& target);

    // Runs `work` (several of the calls above) as one transaction: all of it
    // is stored or none. Nested calls join the outer transaction.
    void in_one_transaction(const std::function<void()>& work);

    struct Impl;

private:
    explicit Database(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The database file and its companions (-wal, -shm, -journal): what no
// output may replace while the database is in use.
KeepFiles files_of_database(const std::string& path);

// Attachments: a contest's supporting documents, stored inside the database.
// Reads a file to attach, refusing one larger than fw::kMaxAttachmentBytes
// (core/limits.hpp) with a message naming the file and the limit (InputError).
Attachment read_attachment(const std::string& path);
// The core's attachment limits (fw::attachment_problems): RuleError naming
// the attachment, its contest and the limit.
void check_attachment_sizes(const Review& review);

}  // namespace fw::storage
