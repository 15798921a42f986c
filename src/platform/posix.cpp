// The POSIX side of platform.hpp (Linux).
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "platform/platform.hpp"

namespace fw::platform {
namespace fs = std::filesystem;

fs::path to_path(const std::string& utf8) { return fs::path(utf8); }
std::string to_utf8(const fs::path& path) { return path.string(); }

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }
void prepare_console() {}

int open_for_reading(const std::string& path) { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC); }

int create_private(const std::string& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
}

int create_temp_beside(const std::string& target, std::string& temp_path) {
    fs::path t(target);
    fs::path dir = t.parent_path().empty() ? fs::path(".") : t.parent_path();
    temp_path = (dir / ("." + t.filename().string() + ".tmp-XXXXXX")).string();
    return ::mkstemp(temp_path.data());
}

int create_temp(const std::string& prefix, std::string& temp_path) {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    temp_path = (dir / (prefix + "-XXXXXX")).string();
    return ::mkstemp(temp_path.data());
}

long read_some(int fd, void* buf, std::size_t n) { return long(::read(fd, buf, n)); }
long write_some(int fd, const void* buf, std::size_t n) { return long(::write(fd, buf, n)); }
int close_file(int fd) { return ::close(fd); }

bool is_folder(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

namespace {
// umask() cannot be read without setting it, which is not thread-safe:
// Linux shows it in /proc/self/status.
mode_t current_umask() {
    int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char buf[4096];
        ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n > 0) {
            buf[n] = 0;
            if (const char* u = std::strstr(buf, "Umask:")) return mode_t(std::strtoul(u + 6, nullptr, 8));
        }
    }
    return 022;
}
}  // namespace

void apply_default_permissions(int fd) { ::fchmod(fd, 0666 & ~current_umask()); }

int flush_to_disk(int fd) { return ::fsync(fd); }

int replace_file(const std::string& from, const std::string& to) { return ::rename(from.c_str(), to.c_str()); }

void flush_folder(const std::string& folder) {
    int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

int remove_file(const std::string& path) { return ::unlink(path.c_str()); }

Kind kind_of(const std::string& path, long long* size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? Kind::missing : Kind::error;
    if (size) *size = st.st_size;
    if (S_ISDIR(st.st_mode)) return Kind::folder;
    return S_ISREG(st.st_mode) ? Kind::file : Kind::other;
}

bool folder_writable(const std::string& folder) { return ::access(folder.c_str(), W_OK) == 0; }

std::string error_text(int errnum) {
    char buf[256];
    // The GNU strerror_r returns the text (maybe not in buf).
    return ::strerror_r(errnum, buf, sizeof buf);
}

std::string path_for_narrow_api(const std::string& path) { return path; }

std::string user_name() {
    if (const char* u = std::getenv("USER"); u && *u) return u;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
    return "";
}

std::string user_data_folder() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return xdg;  // a relative one is ignored
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* pw = ::getpwuid(::getuid());
        home = pw ? pw->pw_dir : nullptr;
    }
    if (!home || !*home) throw std::runtime_error("cannot find the home folder");
    return std::string(home) + "/.local/share";
}

void make_private_folder(const std::string& path) {
    // One level at a time, each 0700 (the XDG spec's mode for folders it
    // makes): the reviews name people.
    for (size_t pos = 1; pos != std::string::npos;) {
        pos = path.find('/', pos + 1);
        std::string part = path.substr(0, pos);
        if (part.empty()) continue;
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::runtime_error(part + ": cannot create the folder: " + error_text(errno));
    }
}

std::string executable_path() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.string();
}

long resident_memory_kib() {
    std::ifstream st("/proc/self/status");
    for (std::string line; std::getline(st, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

std::tm utc_time(std::time_t t) {
    std::tm out{};
    ::gmtime_r(&t, &out);
    return out;
}

std::tm local_time(std::time_t t) {
    std::tm out{};
    ::localtime_r(&t, &out);
    return out;
}

std::time_t from_utc(std::tm* tm) { return ::timegm(tm); }

}  // namespace fw::platform
