// The PostgreSQL backend (libpqxx): one portfolio on a shared server. The
// server enforces who may read and write what (roles and row-level
// security, set up by the migrations and `fidelity grant`); this file
// speaks the protocol, translates the server's errors into what to check,
// and sets up or upgrades the schema when the role may.
#include <libpq-fe.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/error.hpp"
#include "storage/sql.hpp"

namespace fw::storage::detail {

using K = DatabaseError::Kind;

namespace {

// Every object of the workstation lives in this schema, owned by the
// administrators' group role; the other two group roles are what `fidelity
// grant` hands out.
constexpr const char* kSchema = "fidelity";
constexpr const char* kAdmins = "fidelity_admin";
constexpr const char* kReviewers = "fidelity_reviewer";
constexpr const char* kLmeMcos = "fidelity_lme_mco";
// pg_advisory_xact_lock key: one migration at a time.
constexpr long long kMigrationLock = 0x46576462;

// PostgreSQL text cannot hold U+0000, which a review file's strings may.
// It is stored as U+FFFE (a noncharacter, absent from real text) and '0';
// U+FFFE itself as U+FFFE and '1'. Everything else is stored as it is.
const std::string kMark = "\xEF\xBF\xBE";

std::string to_server_text(const std::string& s) {
    if (s.find('\0') == std::string::npos && s.find(kMark) == std::string::npos) return s;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\0') out += kMark + "0";
        else if (s.compare(i, kMark.size(), kMark) == 0) {
            out += kMark + "1";
            i += kMark.size() - 1;
        } else out += s[i];
    }
    return out;
}

std::string from_server_text(const char* p, size_t n) {
    std::string s(p, n);
    if (s.find(kMark) == std::string::npos) return s;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, kMark.size(), kMark) == 0 && i + kMark.size() < s.size()) {
            char c = s[i + kMark.size()];
            out += c == '0' ? std::string(1, '\0') : kMark;
            i += kMark.size();
        } else out += s[i];
    }
    return out;
}

std::string hex_of(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string bytes_of(const char* p, size_t n) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    if (n < 2 || p[0] != '\\' || p[1] != 'x') throw std::runtime_error("the server sent a blob in an unknown format");
    std::string out((n - 2) / 2, '\0');
    for (size_t i = 0; i < out.size(); ++i) out[i] = char(nibble(p[2 + 2 * i]) << 4 | nibble(p[3 + 2 * i]));
    return out;
}

// The storage code writes SQLite's ?N; the server wants $N, numbered from 1
// without gaps (a filter may use ?2 and ?4 only).
struct Placeholders {
    std::string sql;
    std::map<int, int> index;  // ?N -> $k
};

Placeholders translate_placeholders(const std::string& in) {
    Placeholders out;
    bool quoted = false;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '\'') quoted = !quoted;
        if (!quoted && c == '?' && i + 1 < in.size() && std::isdigit(static_cast<unsigned char>(in[i + 1]))) {
            size_t j = i + 1;
            while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j]))) ++j;
            int n = std::stoi(in.substr(i + 1, j - i - 1));
            auto [it, added] = out.index.emplace(n, int(out.index.size()) + 1);
            out.sql += "$" + std::to_string(it->second);
            i = j - 1;
            continue;
        }
        out.sql += c;
    }
    return out;
}

class PgConnection;

class PgStatement : public Statement {
public:
    PgStatement(PgConnection& c, std::string name, Placeholders p)
        : c_(c), name_(std::move(name)), index_(std::move(p.index)), params_(index_.size()) {}
    void reset() noexcept override {
        for (auto& p : params_) p.reset();
        result_ = pqxx::result();
        executed_ = false;
        row_ = -1;
    }
    void bind(int i, const Value& v) override {
        auto it = index_.find(i);
        if (it == index_.end()) return;  // not used by this statement's text
        auto& p = params_[size_t(it->second - 1)];
        if (auto* n = std::get_if<std::int64_t>(&v)) p = std::to_string(*n);
        else if (auto* s = std::get_if<std::string>(&v)) p = to_server_text(*s);
        else if (auto* b = std::get_if<Blob>(&v)) p = hex_of(b->bytes.str());
        else p.reset();
    }
    bool step() override;
    bool is_null(int i) const override { return result_[pqxx::result::size_type(row_)][i].is_null(); }
    Value column(int i) const override {
        const pqxx::field f = result_[pqxx::result::size_type(row_)][i];
        if (f.is_null()) return std::monostate{};
        switch (result_.column_type(pqxx::row::size_type(i))) {
        case 16: return std::int64_t(f.c_str()[0] == 't' ? 1 : 0);  // bool
        case 20:
        case 21:
        case 23: return std::int64_t(std::stoll(f.c_str()));    // int8, int2, int4
        case 17: return Blob{Bytes(bytes_of(f.c_str(), f.size()))};  // bytea
        default: return from_server_text(f.c_str(), f.size());
        }
    }

private:
    PgConnection& c_;
    std::string name_;
    std::map<int, int> index_;
    std::vector<std::optional<std::string>> params_;
    pqxx::result result_;
    bool executed_ = false;
    long row_ = -1;
};

class ChangeNotices : public pqxx::notification_receiver {
public:
    ChangeNotices(pqxx::connection& c) : pqxx::notification_receiver(c, "fidelity_changes"), own_pid_(c.backendpid()) {}
    void operator()(const std::string&, int backend_pid) override {
        if (backend_pid != own_pid_) seen = true;
    }
    bool seen = false;

private:
    int own_pid_;
};

class PgConnection : public Connection {
public:
    PgConnection(const std::string& address) : Connection(address), conn(address) {}
    ~PgConnection() override {
        forget_statements();
        notices.reset();
    }

    pqxx::connection conn;
    std::unique_ptr<ChangeNotices> notices;
    int statements = 0;

    pqxx::result run(const std::string& sql) {
        pqxx::nontransaction w(conn);
        return w.exec(sql);
    }
    std::string quoted(const std::string& name) { return conn.quote_name(name); }

    Backend backend() const override { return Backend::postgresql; }
    void execute(const std::string& sql) override { run(sql); }
    // Writers of one review queue on its row (lock_for_update), so READ
    // COMMITTED is enough for writes; a read sees one snapshot of every table.
    void begin(bool write) override {
        run(write ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL REPEATABLE READ");
    }
    const char* lock_for_update() const override { return " FOR UPDATE"; }
    const char* like() const override { return "ILIKE"; }
    [[noreturn]] void rethrow_translated() const override;
    int schema_version() override {
        if (run("SELECT to_regclass('fidelity.migrations') IS NULL")[0][0].as<bool>()) return 0;
        return run("SELECT coalesce(max(version), 0) FROM fidelity.migrations")[0][0].as<int>();
    }
    // The server keeps its own constraints and checksums; nothing to add.
    std::vector<std::string> check_integrity() override { return {}; }
    bool read_only() override {
        return !run("SELECT has_table_privilege('fidelity.reviews', 'UPDATE')")[0][0].as<bool>();
    }
    bool changed_elsewhere() override {
        // A round trip first: notices the server queued for this connection
        // arrive with its answer, not only when the socket is next read.
        run("SELECT 1");
        conn.get_notifs();
        bool seen = notices && notices->seen;
        if (notices) notices->seen = false;
        return seen;
    }
    std::string role() override { return run("SELECT session_user")[0][0].c_str(); }
    void grant(const std::string& role, Access access, const std::string& lme_mco) override;
    void revoke(const std::string& role) override;

    void migrate(const std::vector<Migration>& steps, int target);

protected:
    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        Placeholders p = translate_placeholders(sql);
        std::string name = "fw" + std::to_string(++statements);
        conn.prepare(name, p.sql);
        return std::make_unique<PgStatement>(*this, name, std::move(p));
    }
};

bool PgStatement::step() {
    if (!executed_) {
        std::vector<const char*> values;
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        pqxx::nontransaction w(c_.conn);
        result_ = w.exec_prepared(name_, pqxx::prepare::make_dynamic_params(values));
        executed_ = true;
    }
    ++row_;
    return row_ < long(result_.size());
}

std::string server_of(const std::string& address) {
    PQconninfoOption* opts = PQconninfoParse(address.c_str(), nullptr);
    std::string host, port, db, user;
    if (opts) {
        for (auto* o = opts; o->keyword; ++o) {
            if (!o->val) continue;
            std::string k = o->keyword;
            if (k == "host") host = o->val;
            else if (k == "port") port = o->val;
            else if (k == "dbname") db = o->val;
            else if (k == "user") user = o->val;
        }
        PQconninfoFree(opts);
    }
    std::string s = host.empty() ? "the local server" : (host[0] == '/' ? "the socket folder " + host : "host " + host);
    s += port.empty() ? ", port 5432" : ", port " + port;
    if (!db.empty()) s += ", database " + db;
    if (!user.empty()) s += ", role " + user;
    return s;
}

// Why a connection failed, and what to check, from libpq's message.
DatabaseError connect_error(const std::string& address, const std::string& why) {
    auto has = [&](const char* s) { return why.find(s) != std::string::npos; };
    std::string where = server_of(address);
    std::string said = why;
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    for (auto& c : said)
        if (c == '\n' || c == '\t') c = ' ';
    if (has("password authentication failed") || has("no password supplied") || has("pg_hba.conf") ||
        has("does not exist") || has("not permitted to log in") || has("permission denied") ||
        has("too many connections") || has("SSL"))
        return DatabaseError(K::refused, address,
                             "the server refused the connection (" + said + "). Check the database name and the role (" +
                                 where + "), that the server's pg_hba.conf lets this role in from here, and the "
                                 "password in ~/.pgpass or PGPASSWORD");
    return DatabaseError(K::unreachable, address,
                         "cannot reach the server (" + said + "). Check that it is running and that the host, port "
                             "and socket folder are right (" + where + ")");
}

// libpqxx 6.4 leaves sqlstate() empty for the error classes it has: the
// class, else the state, tells what happened.
bool denied(const pqxx::sql_error& e) {
    return dynamic_cast<const pqxx::insufficient_privilege*>(&e) || e.sqlstate() == "42501";
}

[[noreturn]] void PgConnection::rethrow_translated() const {
    try {
        throw;
    } catch (const pqxx::broken_connection& e) {
        throw DatabaseError(K::unreachable, path,
                            std::string("the connection to the server was lost (") + e.what() +
                                "); what was not saved before is not stored. Check that the server is running, then "
                                "open the database again");
    } catch (const pqxx::transaction_rollback&) {
        throw DatabaseError(K::busy, path,
                            "another user was changing the same review at the same moment; nothing was changed. Try "
                            "again");
    } catch (const pqxx::sql_error& e) {
        std::string said = e.what();
        while (!said.empty() && said.back() == '\n') said.pop_back();
        if (denied(e))
            throw DatabaseError(K::denied, path,
                                "this database role may not do that (" + said +
                                    "); nothing was changed. An administrator gives roles their rights with "
                                    "'fidelity grant ROLE --role reviewer|lme-mco|admin'");
        if (e.sqlstate() == "55P03" || said.find("lock timeout") != std::string::npos)
            throw DatabaseError(K::busy, path,
                                "another user was changing the same review and did not finish in time; nothing was "
                                "changed. Try again");
        throw DatabaseError(K::io, path, "database error: " + said);
    }
}

// Refused before connecting: a password on a command line is seen by every
// user of the computer (ps) and kept in shell histories.
void check_address(const std::string& address) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(address.c_str(), &err);
    if (!opts) {
        std::string why = err ? err : "not a PostgreSQL address";
        if (err) PQfreemem(err);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        throw DatabaseError(K::address, address,
                            "is not a usable server address (" + why +
                                "); write it as postgresql://ROLE@HOST:PORT/DATABASE");
    }
    bool password = false;
    for (auto* o = opts; o->keyword; ++o)
        if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) password = true;
    PQconninfoFree(opts);
    if (password)
        throw DatabaseError(K::address, "the server address",
                            "contains a password, which is never given on the command line (anyone on this computer "
                            "can read it there). Remove it from the address and put it in ~/.pgpass (one line: "
                            "host:port:database:role:password, mode 0600) or in PGPASSWORD");
}

void PgConnection::migrate(const std::vector<Migration>& steps, int target) {
    int current = schema_version();
    if (current > target)
        throw DatabaseError(K::newer, path,
                            "was set up by a newer version of the Fidelity Workstation (database version " +
                                std::to_string(current) + "; this program reads versions up to " +
                                std::to_string(target) + "). Nothing was changed: use the newer program");
    if (current == target) return;
    std::string me = role();
    try {
        run("BEGIN");
        run("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
        current = schema_version();  // another administrator may have done it meanwhile
        if (current == 0) {
            // The group roles are the cluster's; create those missing (this
            // needs CREATEROLE, which the role that sets up a server has).
            // Another database of the cluster may be set up at the same
            // moment: its CREATE ROLE then wins (duplicate_object, or
            // unique_violation when both inserted before either committed).
            for (const char* group : {kAdmins, kReviewers, kLmeMcos})
                run(std::string("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '") + group +
                    "') THEN CREATE ROLE " + group + " NOLOGIN; END IF; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            run(std::string("GRANT ") + kAdmins + " TO " + quoted(me));
            run(std::string("CREATE SCHEMA IF NOT EXISTS ") + kSchema + " AUTHORIZATION " + kAdmins);
        }
        // Everything is owned by the administrators' group, so that any of
        // them can run the next migration.
        run(std::string("SET LOCAL ROLE ") + kAdmins);
        run(std::string("SET LOCAL search_path = ") + kSchema);
        if (current == 0)
            run("CREATE TABLE IF NOT EXISTS migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
                "DEFAULT now(), applied_by text NOT NULL DEFAULT session_user)");
        for (const auto& step : steps) {
            if (step.version <= current) continue;
            run(step.sql);
            run("INSERT INTO migrations (version) VALUES (" + std::to_string(step.version) + ")");
        }
        run("COMMIT");
    } catch (const pqxx::sql_error& e) {
        try {
            run("ROLLBACK");
        } catch (...) {
        }
        if (denied(e))
            throw DatabaseError(K::upgrade_failed, path,
                                "needs " + std::string(current == 0 ? "setting up" : "an upgrade") +
                                    " (database version " + std::to_string(current) + ", this program uses " +
                                    std::to_string(target) + "), which only an administrator's role can do; the role " +
                                    me + " cannot (" + e.what() +
                                    "). Nothing was changed. An administrator runs any fidelity command once on "
                                    "this database (see docs/admin/server.md)");
        throw DatabaseError(K::upgrade_failed, path,
                            "could not be brought to database version " + std::to_string(target) + " (" + e.what() +
                                "); it was left at version " + std::to_string(current));
    }
}

void PgConnection::grant(const std::string& role, Access access, const std::string& lme_mco) {
    auto r = pqxx::nontransaction(conn).exec_params("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1", role);
    if (r.empty())
        throw RuleError("there is no role \"" + role + "\" on the server; create the login role first (CREATE ROLE " +
                        quoted(role) + " LOGIN), then grant it");
    if (role == kAdmins || role == kReviewers || role == kLmeMcos)
        throw RuleError("\"" + role + "\" is one of the workstation's group roles; grant rights to a person's login role");
    if (!r[0][0].as<bool>())
        throw RuleError("the role \"" + role + "\" cannot log in; fidelity grant gives rights to login roles (the "
                        "LME-MCO role's rows are chosen by the login that connects)");
    if (r[0][1].as<bool>() && access != Access::admin)
        throw RuleError("the role \"" + role + "\" is a superuser, which the server lets read and change everything "
                        "whatever it is granted; use a role without SUPERUSER");
    if (access == Access::lme_mco && lme_mco.empty()) throw RuleError("an LME-MCO role needs --lme-mco NAME");
    revoke(role);
    std::string who = quoted(role);
    switch (access) {
    case Access::admin:
        run(std::string("GRANT ") + kAdmins + ", " + kReviewers + ", " + kLmeMcos + " TO " + who + " WITH ADMIN OPTION");
        break;
    case Access::reviewer: run(std::string("GRANT ") + kReviewers + " TO " + who); break;
    case Access::lme_mco:
        run(std::string("GRANT ") + kLmeMcos + " TO " + who);
        pqxx::nontransaction(conn).exec_params("INSERT INTO fidelity.lme_mco_roles (role, lme_mco) VALUES ($1, $2)", role,
                                               lme_mco);
        break;
    }
}

void PgConnection::revoke(const std::string& role) {
    auto r = pqxx::nontransaction(conn).exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role);
    if (r.empty()) throw RuleError("there is no role \"" + role + "\" on the server");
    // REVOKE of a membership the role does not have is only a warning.
    run(std::string("REVOKE ") + kAdmins + ", " + kReviewers + ", " + kLmeMcos + " FROM " + quoted(role));
    pqxx::nontransaction(conn).exec_params("DELETE FROM fidelity.lme_mco_roles WHERE role = $1", role);
}

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& address, const OpenOptions& options) {
    check_address(address);
    std::unique_ptr<PgConnection> c;
    try {
        c = std::make_unique<PgConnection>(address);
    } catch (const pqxx::broken_connection& e) {
        throw connect_error(address, e.what());
    } catch (const pqxx::sql_error& e) {
        throw connect_error(address, e.what());
    }
    try {
        // Through libpqxx, which sets them again if it has to reconnect.
        c->conn.set_client_encoding("UTF8");
        c->conn.set_variable("search_path", kSchema);
        c->conn.set_variable("application_name", "'fidelity-workstation'");
        // A writer waits this long for another's transaction on the same review.
        c->conn.set_variable("lock_timeout", std::to_string(options.busy_timeout_ms));
        const auto& steps = options.migrations ? *options.migrations : postgresql_migrations();
        c->migrate(steps, steps.empty() ? 0 : steps.back().version);
        c->notices = std::make_unique<ChangeNotices>(c->conn);
    } catch (const DatabaseError&) {
        throw;
    } catch (const std::runtime_error&) {
        c->rethrow_translated();
    }
    return c;
}

}  // namespace fw::storage::detail
