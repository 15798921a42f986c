#pragma once
// The connection behind a Database: cached statements, nested transactions
// and the translation of SQLite errors into messages for people.
#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <memory>
#include <string>

#include "storage/database.hpp"
#include "storage/image.hpp"

namespace fw::storage::detail {

struct Connection {
    Connection(const std::string& path, int flags, int busy_timeout_ms)
        : path(path), busy_timeout_ms(busy_timeout_ms), db(path, flags, busy_timeout_ms) {}

    std::string path;
    int busy_timeout_ms;
    SQLite::Database db;
    // Declared after `db`: statements are finalized before the connection closes.
    std::map<std::string, std::unique_ptr<SQLite::Statement>> statements;
    int depth = 0;  // open transactions (outermost BEGIN, then savepoints)

    SQLite::Statement& statement(const std::string& sql);
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
    Query& bind(int i, std::int64_t v);
    Query& bind(int i, const std::string& v);
    Query& bind(int i, const std::optional<std::string>& v);
    Query& bind_null(int i);
    bool step();
    void exec();
    Value value(int column) const;
    SQLite::Column column(int i) const { return s_.getColumn(i); }

private:
    SQLite::Statement& s_;
};

// BEGIN IMMEDIATE for writes (so a read-modify-write never has to upgrade
// its lock and fail), BEGIN for reads; a savepoint inside another
// transaction. Rolls back unless committed.
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

// A person-readable DatabaseError for an SQLite failure.
DatabaseError translate(const SQLite::Exception& e, const std::string& path, int busy_timeout_ms);

// "2026-03-02T14:05:33.120Z"
std::string now_utc();

// Creates an empty file readable by its owner only; an existing file is left alone.
void create_private_file(const std::string& path);

}  // namespace fw::storage::detail
