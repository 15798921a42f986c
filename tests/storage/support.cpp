#include "support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <pqxx/pqxx>

#include <map>

#include "core/review_file.hpp"

extern char** environ;

namespace st {

fw::Catalog& catalog() {
    static fw::Catalog c(FIDELITY_BUILD_DATA_DIR);
    return c;
}

std::string example_path() { return std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json"; }

fw::Review example() { return fw::read_review_file(example_path(), catalog()); }

fw::Review scoring_example() {
    fw::Review r = example();
    r.review.draft_report_date.reset();
    r.review.final_report_date.reset();
    r.contests.clear();
    r.amendments.clear();
    r.action_plan.clear();
    return r;
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/fidelity-storage-test-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

Run run(const std::vector<std::string>& argv) {
    TempDir tmp;
    std::string out = tmp.file("out"), err = tmp.file("err");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    Run r;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_bytes(out);
    r.err = read_bytes(err);
    return r;
}

namespace {

struct Server {
    std::string host, port;
};

const Server* server() {
    static const Server* s = [] () -> const Server* {
        const char* state = std::getenv("FIDELITY_TEST_PG");
        if (!state || !*state) return nullptr;
        std::ifstream in(state);
        if (!in) throw std::runtime_error(std::string("FIDELITY_TEST_PG: cannot read ") + state);
        auto* out = new Server;
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind("host=", 0) == 0) out->host = line.substr(5);
            if (line.rfind("port=", 0) == 0) out->port = line.substr(5);
        }
        return out;
    }();
    return s;
}

}  // namespace

bool on_server() { return server() != nullptr; }

std::string server_address(const std::string& db, const std::string& role) {
    return "postgresql://" + role + "@/" + db + "?host=" + server()->host + "&port=" + server()->port;
}

void server_sql(const std::string& db, const std::string& sql) {
    pqxx::connection c(server_address(db));
    pqxx::nontransaction w(c);
    w.exec(sql);
}

std::string database_of(const std::string& address) {
    auto from = address.find("@/") + 2;
    return address.substr(from, address.find('?') - from);
}

std::string db_location(const TempDir& dir, const std::string& name) {
    if (!on_server()) return dir.file(name);
    static std::map<std::string, std::string> made;
    auto& address = made[dir.path + "/" + name];
    if (address.empty()) {
        static int n = 0;
        std::string db = "fwtest_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
        server_sql("postgres", "CREATE DATABASE " + db);
        address = server_address(db);
    }
    return address;
}

std::string fidelity_bin() { return std::string(FIDELITY_BIN_DIR) + "/fidelity"; }

}  // namespace st
