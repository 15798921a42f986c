// import, export, list, diff, copy, grant, revoke: the commands that use the
// workstation database (a file, or a PostgreSQL server's address).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/summary_json.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "core/output_file.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"
#include "storage/database.hpp"

namespace fw::cli {
namespace {

using storage::Database;
using storage::DatabaseError;

struct DbOptions {
    std::string db;     // --db; empty = Database::default_path()
    std::string actor;  // --as; empty = the login name
};

void add_db_options(CLI::App* app, DbOptions& o) {
    app->add_option("--db", o.db,
                    "Workstation database: a file, or a PostgreSQL server as postgresql://ROLE@HOST[:PORT]/DATABASE "
                    "(password in ~/.pgpass or PGPASSWORD; default: the per-user file in the XDG data folder, "
                    "%LOCALAPPDATA% on Windows)");
    app->add_option("--as", o.actor, "Reviewer named in the audit trail (default: $USER)");
}

std::string login_name() {
    std::string name = platform::user_name();
    return name.empty() ? "unknown" : name;
}

// `create`: a missing database is made (import); otherwise the command only
// reads: where a database file or its folder cannot be written, it is opened
// read-only (and the lists' figures are not brought up to date there).
Database open_db(const DbOptions& o, bool create, Catalog& catalog) {
    // The default path is worked out only here: it creates a folder, which
    // commands that never touch the database must not do.
    std::string path = o.db.empty() ? Database::default_path() : o.db;
    storage::OpenOptions opts;
    opts.create = create;
    std::string folder = platform::to_utf8(platform::to_path(path).parent_path());
    // (A server's roles decide what a connection may write.)
    opts.read_only = !create && !storage::is_server_address(path) &&
                     (!platform::can_write(path) || !platform::can_write(folder.empty() ? "." : folder));
    Database db = Database::open(path, o.actor.empty() ? login_name() : o.actor, opts);
    // After an upgrade the lists' figures are computed again by today's rules.
    if (!opts.read_only) db.refresh_summaries(catalog);
    return db;
}

// grant and revoke: roles are a server's.
Database open_server(Command& c, const DbOptions& o, Catalog& catalog) {
    c.subject = o.db;
    if (!storage::is_server_address(o.db))
        throw RuleError("roles belong to a shared PostgreSQL database (--db postgresql://...); a database file has none");
    return open_db(o, false, catalog);
}

// Database problems are reported here: a damaged, foreign, newer or missing
// database is the input being wrong (2); busy or I/O trouble is not (1).
std::function<int(Context&)> with_database_errors(std::function<int(Context&)> run) {
    return [run = std::move(run)](Context& ctx) {
        try {
            return run(ctx);
        } catch (const DatabaseError& e) {
            std::cerr << e.what() << "\n";
            using K = DatabaseError::Kind;
            // A server that is down or refuses is the --db value to check: 2.
            return e.kind() == K::busy || e.kind() == K::io ? kFailed : kBadInput;
        } catch (const storage::NotFound& e) {
            std::cerr << "fidelity: " << e.what() << "\n";
            return kBadInput;
        }
    };
}

std::string disagreement_line(const Disagreement& d) {
    std::string s = printable(d.item) + ": ";
    for (size_t i = 0; i < d.scores.size(); ++i)
        s += (i ? ", " : "") + printable(d.scores[i].first) + " " + std::to_string(d.scores[i].second);
    return s + " (apart by " + std::to_string(d.spread) + ")";
}

Json disagreements_json(const std::vector<Disagreement>& ds) {
    Json a = Json::array();
    for (const auto& d : ds) {
        Json scores = Json::object();
        for (const auto& [who, s] : d.scores) scores[who] = s;
        a.push_back(Json{{"item", d.item}, {"scores", scores}, {"spread", d.spread}});
    }
    return a;
}

void print_disagreements(const std::vector<Disagreement>& ds, bool json) {
    if (json) {
        std::cout << disagreements_json(ds).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
        return;
    }
    if (ds.empty()) std::cout << "No disagreements.\n";
    for (const auto& d : ds) std::cout << disagreement_line(d) << "\n";
}

Json due_json(const std::optional<Due>& d) {
    if (!d) return nullptr;
    Json j = Json{{"kind", to_string(d->kind)}, {"by", d->by.iso()}};
    if (d->earliest) j["earliest"] = d->earliest->iso();
    if (!d->condition.empty()) j["condition"] = d->condition;
    return j;
}

Json row_json(const storage::ReviewRow& r) {
    Json j = Json::object();
    j["id"] = r.id;
    j["program_id"] = r.program_id;
    j["agency"] = r.agency;
    j["team"] = r.team;
    j["lme_mco"] = r.lme_mco;
    j["visit_start"] = r.visit_start.iso();
    j["stage"] = to_string(r.stage);
    j["total"] = r.total ? Json(*r.total) : Json(nullptr);
    j["tier"] = r.tier.empty() ? Json(nullptr) : Json(r.tier);
    std::optional<NextReviewWindow> window;
    if (r.next_review_earliest && r.next_review_latest)
        window = NextReviewWindow{*r.next_review_earliest, *r.next_review_latest, r.next_review_condition};
    j["next_review"] = next_review_json(window);
    j["due"] = due_json(r.due);
    return j;
}

// A program awaiting the review its implementation-plan meeting called for
// (2016): a line of the due list without a review.
Json program_due_json(const storage::ProgramRow& p) {
    Json j = Json::object();
    j["id"] = nullptr;
    j["program_id"] = p.id;
    j["agency"] = p.details.agency;
    j["team"] = p.details.team;
    j["lme_mco"] = p.details.lme_mco;
    j["visit_start"] = nullptr;
    j["stage"] = nullptr;
    j["total"] = nullptr;
    j["tier"] = nullptr;
    j["next_review"] = nullptr;
    j["due"] = due_json(p.implementation_plan_due);
    return j;
}

void print_warnings(const std::string& what, const std::vector<Warning>& ws) {
    for (const auto& w : ws) std::cerr << printable(what) << ": warning: " << printable(w.message) << " (" << w.code << ")\n";
}

}  // namespace

void add_storage_commands(CLI::App& app, Commands& commands) {
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto into = std::make_shared<std::int64_t>(0);
        auto json = std::make_shared<bool>(false);
        c->app = app.add_subcommand("import", "Store a review file in the database and print its id; with --into, "
                                              "merge a second reviewer's file into a stored review");
        c->app->add_option("FILE", c->subject, "Review file (JSON)")->required();
        add_db_options(c->app, *o);
        auto* into_opt = c->app->add_option("--into", *into,
                                            "Merge the file's independent scores and notes into review ID and print "
                                            "the disagreements");
        c->app->add_flag("--json", *json, "With --into: the disagreements as JSON");
        c->run = with_database_errors([c, o, into, into_opt, json](Context& ctx) {
            Catalog& catalog = ctx.catalog();
            Review r = read_review_file(c->subject, catalog);
            Database db = open_db(*o, true, catalog);
            if (into_opt->count() == 0) {
                auto id = db.import_review(r, catalog, c->subject);
                std::cout << id << "\n";
                flush_standard_output("review " + std::to_string(id) +
                                      " was stored, but writing its id to standard output failed");
                print_warnings(c->subject, db.warnings_of(id, catalog));
                return kDone;
            }
            auto res = db.merge_independent(*into, r, catalog, c->subject);
            for (const auto& who : res.added) std::cerr << "merged the work of " << printable(who) << "\n";
            for (const auto& who : res.already_present)
                std::cerr << "left as it was: " << printable(who) << " (already in review " << *into << ")\n";
            print_disagreements(res.disagreements, *json);
            flush_standard_output("the work was merged into review " + std::to_string(*into) +
                                  ", but writing the disagreements to standard output failed");
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto id = std::make_shared<std::int64_t>(0);
        auto out = std::make_shared<std::string>();
        c->app = app.add_subcommand("export", "Write a stored review back as a review file");
        c->app->add_option("ID", *id, "Review id (see 'fidelity list')")->required();
        add_db_options(c->app, *o);
        c->app->add_option("-o,--output", *out, "Output file (written whole or not at all); default or '-': stdout");
        c->run = with_database_errors([c, o, id, out](Context& ctx) {
            Database db = open_db(*o, false, ctx.catalog());
            c->subject = db.path();
            KeepFiles keep = storage::files_of_database(db.path());
            if (!out->empty()) check_output(*out, keep);
            std::string text = write_review(db.load_review(*id));
            write_output(out->empty() ? "-" : *out, text, keep);
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto json = std::make_shared<bool>(false);
        auto filter = std::make_shared<storage::ReviewFilter>();
        auto due = std::make_shared<int>(0);
        auto on = std::make_shared<std::string>();
        auto program = std::make_shared<std::int64_t>(0);
        c->app = app.add_subcommand("list", "List the stored reviews, latest visit first");
        add_db_options(c->app, *o);
        c->app->add_flag("--json", *json, "One JSON array, as the review-file spec describes");
        auto* due_opt = c->app->add_option("--due-within", *due,
                                           "Only programs whose next review is due within DAYS (overdue included)")
                            ->check(CLI::Range(0, 36500).description("0 to 36500"));
        c->app->add_option("--on", *on, "Count --due-within from this date (YYYY-MM-DD; default: today)");
        auto* program_opt = c->app->add_option("--program", *program, "Only this program's reviews");
        c->app->add_option("--search", filter->text, "Only reviews whose agency, team, LME-MCO or county contains TEXT");
        c->app->add_option("--lme-mco", filter->lme_mco, "Only reviews of programs of this LME-MCO");
        c->run = with_database_errors([c, o, json, filter, due, due_opt, on, program, program_opt](Context& ctx) {
            storage::ReviewFilter f = *filter;
            if (due_opt->count()) f.due_within_days = *due;
            if (!on->empty()) {
                auto d = Date::parse(*on);
                if (!d) throw InputError("--on", Problem{{}, "\"" + *on + "\" is not a date YYYY-MM-DD"});
                f.due_from = *d;
            }
            if (program_opt->count()) f.program_id = *program;
            Database db = open_db(*o, false, ctx.catalog());
            c->subject = db.path();
            auto rows = db.reviews(f);
            // Programs awaiting the review an implementation-plan meeting
            // called for are due too, though they have no review to list.
            std::vector<storage::ProgramRow> programs;
            if (f.due_within_days && !f.program_id) {
                storage::ProgramFilter pf;
                pf.text = f.text;
                pf.lme_mco = f.lme_mco;
                pf.due_within_days = f.due_within_days;
                pf.due_from = f.due_from;
                programs = db.programs(pf);
            }
            if (*json) {
                Json a = Json::array();
                for (const auto& r : rows) a.push_back(row_json(r));
                for (const auto& p : programs) a.push_back(program_due_json(p));
                std::cout << a.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
                return kDone;
            }
            if (rows.empty() && programs.empty()) {
                std::cout << "No reviews.\n";
                return kDone;
            }
            std::printf("%-6s %-10s %-14s %5s %-9s %-34s %s\n", "ID", "VISIT", "STAGE", "TOTAL", "TIER", "DUE", "PROGRAM");
            auto due_text = [](const std::optional<Due>& d) -> std::string {
                if (!d) return "-";
                std::string s = d->earliest && *d->earliest != d->by ? d->earliest->iso() + ".." + d->by.iso()
                                                                     : "by " + d->by.iso();
                if (d->kind != DueKind::next_review) s += " (" + to_string(d->kind) + ")";
                else if (!d->condition.empty()) s += " (" + d->condition + ")";
                return s;
            };
            for (const auto& r : rows) {
                std::string total = r.total ? std::to_string(*r.total) : "-";
                std::string program_text = printable(r.team) + " (" + printable(r.agency) + ")";
                std::printf("%-6lld %-10s %-14s %5s %-9s %-34s %s\n", static_cast<long long>(r.id),
                            r.visit_start.iso().c_str(), to_string(r.stage).c_str(), total.c_str(),
                            r.tier.empty() ? "-" : printable(r.tier).c_str(), printable(due_text(r.due)).c_str(),
                            program_text.c_str());
            }
            for (const auto& p : programs) {
                std::string program_text = printable(p.details.team) + " (" + printable(p.details.agency) + ")";
                std::printf("%-6s %-10s %-14s %5s %-9s %-34s %s\n", "-", "-", "-", "-", "-",
                            printable(due_text(p.implementation_plan_due)).c_str(), program_text.c_str());
            }
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto id = std::make_shared<std::int64_t>(0);
        auto json = std::make_shared<bool>(false);
        c->app = app.add_subcommand("diff", "List the items where the reviewers' independent scores differ");
        c->app->add_option("ID", *id, "Review id")->required();
        add_db_options(c->app, *o);
        c->app->add_flag("--json", *json, "A JSON array of {\"item\", \"scores\", \"spread\"}");
        c->run = with_database_errors([c, o, id, json](Context& ctx) {
            Database db = open_db(*o, false, ctx.catalog());
            c->subject = db.path();
            print_disagreements(db.disagreements(*id, ctx.catalog()), *json);
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto from = std::make_shared<DbOptions>();
        auto to = std::make_shared<std::string>();
        c->app = app.add_subcommand("copy", "Copy every program, review and audit row of one database into another "
                                            "(a file to a server, a server to a file, ...)");
        c->app->add_option("--from", from->db, "The database to copy from (a file or a server address)")->required();
        c->app->add_option("--to", *to, "The database to copy into (created when it is a missing file)")->required();
        c->app->add_option("--as", from->actor, "Who the copy's audit rows name as the actor (default: $USER)");
        c->run = with_database_errors([c, from, to](Context& ctx) {
            Catalog& catalog = ctx.catalog();
            Database source = open_db(*from, false, catalog);
            DbOptions target_options{*to, from->actor};
            Database target = open_db(target_options, true, catalog);
            c->subject = *to;
            auto n = source.copy_into(target);
            std::cout << "copied " << n.programs << " program" << (n.programs == 1 ? "" : "s") << ", " << n.reviews
                      << " review" << (n.reviews == 1 ? "" : "s") << " and " << n.audit_rows << " audit row"
                      << (n.audit_rows == 1 ? "" : "s") << " into " << printable(target.path()) << "\n";
            flush_standard_output("the copy into " + target.path() + " was made, but writing so to standard output failed");
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto role = std::make_shared<std::string>();
        auto access = std::make_shared<std::string>();
        auto lme = std::make_shared<std::string>();
        c->app = app.add_subcommand("grant", "Give an existing PostgreSQL login role its rights on a shared database "
                                             "(enforced by the server)");
        c->app->add_option("ROLE", *role, "The login role (CREATE ROLE name LOGIN)")->required();
        c->app->add_option("--role", *access, "admin, reviewer or lme-mco")
            ->required()
            ->check(CLI::IsMember({"admin", "reviewer", "lme-mco"}));
        c->app->add_option("--lme-mco", *lme, "With --role lme-mco: the LME-MCO whose programs' final reviews it reads");
        c->app->add_option("--db", o->db, "The server's address (postgresql://...)")->required();
        c->app->add_option("--as", o->actor, "Who the audit row names as the actor (default: $USER)");
        c->run = with_database_errors([c, o, role, access, lme](Context& ctx) {
            storage::Access a = *access == "admin"      ? storage::Access::admin
                                : *access == "reviewer" ? storage::Access::reviewer
                                                        : storage::Access::lme_mco;
            if (a == storage::Access::lme_mco && lme->empty())
                throw RuleError("--role lme-mco needs --lme-mco NAME (the LME-MCO whose programs it reads)");
            if (a != storage::Access::lme_mco && !lme->empty())
                throw RuleError("--lme-mco goes with --role lme-mco only");
            Database db = open_server(*c, *o, ctx.catalog());
            db.grant(*role, a, *lme);
            std::cout << printable(*role) << ": " << *access << (lme->empty() ? std::string() : " of " + printable(*lme)) << "\n";
            flush_standard_output("the rights were granted, but writing so to standard output failed");
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
    {
        auto cmd = std::make_unique<Command>();
        auto* c = cmd.get();
        auto o = std::make_shared<DbOptions>();
        auto role = std::make_shared<std::string>();
        c->app = app.add_subcommand("revoke", "Take away every right 'fidelity grant' gave a PostgreSQL login role");
        c->app->add_option("ROLE", *role, "The login role")->required();
        c->app->add_option("--db", o->db, "The server's address (postgresql://...)")->required();
        c->app->add_option("--as", o->actor, "Who the audit row names as the actor (default: $USER)");
        c->run = with_database_errors([c, o, role](Context& ctx) {
            Database db = open_server(*c, *o, ctx.catalog());
            db.revoke(*role);
            std::cout << printable(*role) << ": no rights\n";
            flush_standard_output("the rights were revoked, but writing so to standard output failed");
            return kDone;
        });
        commands.push_back(std::move(cmd));
    }
}

}  // namespace fw::cli
