#pragma once
// What the storage files share behind Database: the connection (either
// backend, sql.hpp), the review's load and write, the scales and policies
// stored with reviews. Split along what it does: database.cpp (open,
// audit), reviews.cpp (a review's rows and edits), programs.cpp, lists.cpp,
// copy.cpp; the backends in sqlite.cpp and postgres.cpp.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/changes.hpp"
#include "storage/database.hpp"
#include "storage/image.hpp"
#include "storage/sql.hpp"

namespace fw::storage {

namespace detail {

std::string trimmed(const std::string& s);
std::optional<std::string> opt_date_text(const std::optional<Date>& d);
std::optional<Date> date_column(const Query& q, int column);
std::optional<int> int_column(const Query& q, int column);
// A LIKE pattern matching `text` anywhere, with its own % and _ taken
// literally; compared as lower(column) LIKE lower(pattern) ESCAPE '\', so
// that both backends match ASCII letters in any case.
std::string like_pattern(const std::string& text);
// "(a LIKE ?1 ESCAPE '\\' OR b LIKE ?1 ...)" with the connection's LIKE.
std::string contains_any(const Connection& c, std::initializer_list<const char*> columns, const char* pattern);
// The id a file gives a new review, as an SQL expression: one past any
// number the reviews or the audit have named. A file would otherwise give
// the newest review's number again once it is deleted, and with it the
// deleted review's audit rows (they stay, schema 3). A server's sequence
// never gives a number twice: there the id is left to it.
extern const char* const kNextReviewIdSql;

}  // namespace detail

struct Database::Impl {
    Impl(std::unique_ptr<detail::Connection> connection, std::string actor)
        : conn(std::move(connection)), c(*conn), actor(std::move(actor)) {}

    std::unique_ptr<detail::Connection> conn;
    detail::Connection& c;
    std::string actor;
    int version = 0;
    // Scales and policies stored with reviews, parsed once, by fingerprint.
    std::map<std::string, std::unique_ptr<Scale>> stored_scales;
    std::map<std::string, std::unique_ptr<Policy>> stored_policies;

    // The bytes of the attachments of the review last read or written here,
    // with that review's revision then: while nobody else has written the
    // review, an edit does not read its files from the database again.
    struct KnownFiles {
        std::int64_t review = 0;
        std::int64_t revision = -1;
        std::map<std::pair<std::string, std::int64_t>, Bytes> bytes;  // (item, position)
    };
    KnownFiles known_files;
    void remember_files(std::int64_t review, std::int64_t revision, const Review& r);

    struct Stored {
        Review review;
        std::int64_t program_id = 0;
        std::string fingerprint;         // of the scale
        std::string policy_fingerprint;  // empty for a review stored before version 2
        std::int64_t revision = 0;
    };

    // The review as this connection last wrote it (its rows as written, and
    // the summary they had): the next edit of the same revision starts from
    // it instead of reading every table again. Any write anywhere counts a
    // new revision, so a revision still the same means the rows are these.
    struct LastWritten {
        std::int64_t id = 0;
        Stored stored;
        detail::ReviewImage image;
        Summary summary;
    };
    std::optional<LastWritten> last_written;
    // Inside a write transaction, with the review's row locked: is the
    // review still as last_written has it?
    bool still_as_written(std::int64_t id);

    // Runs f; a backend's own exception becomes a DatabaseError.
    template <class F>
    auto guarded(F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const DatabaseError&) {
            throw;
        } catch (const NotFound&) {
            throw;
        } catch (const std::runtime_error&) {
            // RuleError, InputError, EditConflict, ... and the backend's:
            c.rethrow_translated();
            throw;  // not reached: rethrow_translated always throws
        }
    }

    // A review's rows (reviews.cpp). `for_update`: inside a write, locks
    // the review until commit.
    Stored load(std::int64_t id, bool for_update = false);
    void write_children(std::int64_t id, const detail::ReviewImage& before, const detail::ReviewImage& after);
    void write_summary(std::int64_t id, const Summary& s, const std::string& policy_fingerprint, const std::string& at);
    std::int64_t insert_review(std::int64_t program_id, const Review& r, const std::string& fingerprint,
                               const std::string& policy_fingerprint, const Summary& s, const std::string& at);
    std::string store_scale(const Scale& scale, const std::string& at);
    const Scale& scale_for(const std::string& fingerprint, const std::string& scale_id, Catalog& catalog);
    std::string store_policy(const Policy& policy, const std::string& at);
    // The policy the rulebook applies to a stored review (see Database::policy_of).
    const Policy& policy_for(const Stored& stored, Catalog& catalog);
    // `base`: what the change was made against (see Database::update_review).
    Edited update(std::int64_t id, const Change& change, Catalog& catalog, std::vector<detail::AuditChange>& notes,
                  const Loaded* base = nullptr);
    ReviewContext context(std::int64_t program_id, std::int64_t except_review, Catalog& catalog);

    void add_audit(const std::string& at, std::optional<std::int64_t> review, std::optional<std::int64_t> program,
                   const detail::AuditChange& change, std::optional<std::int64_t> revision = std::nullopt);
    std::vector<AuditEntry> audit(const char* column, std::int64_t id);

    // Programs (programs.cpp).
    std::optional<std::int64_t> find_program(const std::string& agency, const std::string& team);
    ProgramRow program(std::int64_t id);
    std::int64_t add_program(const ProgramDetails& d, const std::string& at);
    void store_implementation_plan(std::int64_t id, const std::optional<ImplementationPlan>& plan, Catalog& catalog);

    // Lists (lists.cpp).
    std::vector<ReviewRow> rows(const std::string& where, const std::function<void(detail::Query&)>& bind,
                                const std::string& order, std::size_t limit);
    int rules_version();
};

}  // namespace fw::storage
