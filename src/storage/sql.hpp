#pragma once
// The connection behind a Database, the same for every backend: cached
// statements with ?N placeholders, typed values (blobs included), nested
// transactions. Each backend (sqlite.cpp, postgres.cpp) implements it; the
// storage logic above it (reviews.cpp, programs.cpp, lists.cpp, ...) is
// written once.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/image.hpp"

namespace fw::storage::detail {

// One prepared statement of a backend. Columns and parameters count from
// 1 for bind and from 0 for column, as in SQLite.
class Statement {
public:
    virtual ~Statement() = default;
    virtual void reset() noexcept = 0;  // forgets bindings and results
    virtual void bind(int i, const Value& v) = 0;
    virtual bool step() = 0;
    virtual Value column(int i) const = 0;
    virtual bool is_null(int i) const = 0;  // without copying the value
    // The reads a list makes 20 times a row, without building a Value: a
    // backend may answer them from its own buffers. An integer's text is its
    // digits; a text's integer its number (0 when it is none).
    virtual std::string text(int i) const;
    virtual std::int64_t integer(int i) const;
};

class Connection {
public:
    explicit Connection(std::string name) : path(std::move(name)) {}
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // What messages name: the database file, or the server's address.
    std::string path;
    int depth = 0;  // open transactions (outermost BEGIN, then savepoints)

    virtual Backend backend() const = 0;
    // Cached by its text.
    Statement& statement(const std::string& sql);
    // A statement without parameters or rows (SAVEPOINT, DDL).
    virtual void execute(const std::string& sql) = 0;
    // BEGIN for a write (the backend's way of not failing half-way through
    // a read-modify-write) or for a read (one snapshot of every table).
    virtual void begin(bool write) = 0;
    // Appended to the SELECT that loads a review for an edit: the row lock
    // that makes the revision check hold until commit. Empty where the
    // write transaction already excludes other writers (SQLite).
    virtual const char* lock_for_update() const = 0;
    // The pattern match that ignores the case of ASCII letters: SQLite's
    // LIKE, a server's ILIKE (under COLLATE "C", ASCII only too).
    virtual const char* like() const = 0;
    // Rethrows the exception being handled, translated into DatabaseError
    // when it is the backend's own; call only inside a catch block.
    [[noreturn]] virtual void rethrow_translated() const = 0;
    // The schema version of the open database.
    virtual int schema_version() = 0;
    // A full check of the stored data: empty when sound.
    virtual std::vector<std::string> check_integrity() = 0;
    // Where the file's background integrity check stands; a server, and a
    // file checked at open, are sound.
    virtual Database::Integrity integrity(std::string*) { return Database::Integrity::sound; }
    virtual void start_integrity_check() {}
    // True when nothing can be written through this connection.
    virtual bool read_only() = 0;
    // True when another connection committed a change since the last call.
    virtual bool changed_elsewhere() = 0;
    // The database role writing (servers); empty for a file.
    virtual std::string role() { return {}; }
    // Roles (servers only; a file refuses with RuleError).
    virtual void grant(const std::string& role, Access access, const std::string& lme_mco);
    virtual void revoke(const std::string& role);

protected:
    virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
    // Backends call this before closing: statements go before their connection.
    void forget_statements() { statements_.clear(); }

private:
    std::map<std::string, std::unique_ptr<Statement>> statements_;
};

// One use of a cached statement; resets it when done so that no read stays
// open (an unfinished statement would pin a WAL snapshot).
class Query {
public:
    Query(Connection& c, const std::string& sql);
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(int i, const Value& v);
    Query& bind(int i, std::int64_t v) { return bind(i, Value(v)); }
    Query& bind(int i, const std::string& v) { return bind(i, Value(v)); }
    Query& bind(int i, const std::optional<std::string>& v) { return bind(i, v ? Value(*v) : Value()); }
    Query& bind_null(int i) { return bind(i, Value()); }
    bool step() { return s_.step(); }
    void exec();
    Value value(int column) const { return s_.column(column); }
    bool is_null(int column) const { return s_.is_null(column); }
    std::string text(int column) const;  // an integer as its digits
    std::int64_t integer(int column) const;
    std::optional<std::string> opt_text(int column) const;

private:
    Statement& s_;
};

// The outermost one begins a transaction (Connection::begin), inner ones are
// savepoints. Rolls back unless committed.
class Transaction {
public:
    Transaction(Connection& c, bool write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& c_;
    bool outermost_;
    bool done_ = false;
};

// The backends (sqlite.cpp, postgres.cpp).
std::unique_ptr<Connection> open_sqlite(const std::string& path, const OpenOptions& options);
std::unique_ptr<Connection> open_postgresql(const std::string& address, const OpenOptions& options);

// "2026-03-02T14:05:33.120Z"
std::string now_utc();

// Creates an empty file readable by its owner only; an existing file is left alone.
void create_private_file(const std::string& path);

}  // namespace fw::storage::detail
