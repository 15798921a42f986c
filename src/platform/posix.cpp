// The POSIX side of platform.hpp (Linux).
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "platform/platform.hpp"

namespace fw::platform {
namespace fs = std::filesystem;

fs::path to_path(const std::string& utf8) { return fs::path(utf8); }
std::string to_utf8(const fs::path& path) { return path.string(); }

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }
void prepare_console() {}

void report_write_failures() {
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
}

int open_for_reading(const std::string& path) { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC); }

int create_private(const std::string& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
}

int create_temp(const std::string& prefix, std::string& temp_path) {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    temp_path = (dir / (prefix + "-XXXXXX")).string();
    return ::mkstemp(temp_path.data());
}

// ------------------------------------------------ temporary files and signals

namespace {

// Names of the temporary files that exist now, for the signal handler: fixed
// buffers, because a handler may not allocate.
constexpr int kSlots = 16;
char slot_name[kSlots][PATH_MAX];
std::atomic<bool> slot_used[kSlots];
struct sigaction previous[NSIG];
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void remove_temporaries_and_die(int sig) {
    for (int i = 0; i < kSlots; ++i)
        if (slot_used[i].load()) ::unlink(slot_name[i]);
    ::sigaction(sig, &previous[sig], nullptr);
    ::raise(sig);
}

void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : kSignals) {
            struct sigaction now {};
            if (::sigaction(sig, nullptr, &now) != 0) continue;
            // A program that handles or ignores the signal itself keeps it.
            if (now.sa_handler != SIG_DFL || (now.sa_flags & SA_SIGINFO)) continue;
            struct sigaction sa {};
            sa.sa_handler = remove_temporaries_and_die;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, &previous[sig]);
        }
    });
}

void remember(const std::string& path) {
    if (path.size() >= PATH_MAX) return;
    for (int i = 0; i < kSlots; ++i) {
        bool expected = false;
        if (slot_used[i].load() || !slot_used[i].compare_exchange_strong(expected, true)) continue;
        // Marked used before the name is complete: the handler may unlink a
        // half-written name, which names nothing of ours and fails harmlessly.
        std::memcpy(slot_name[i], path.c_str(), path.size() + 1);
        return;
    }
}

}  // namespace

void forget_temporary(const std::string& path) {
    for (int i = 0; i < kSlots; ++i)
        if (slot_used[i].load() && path == slot_name[i]) {
            slot_name[i][0] = '\0';
            slot_used[i].store(false);
            return;
        }
}

int create_temporary(std::string& pattern, unsigned mode) {
    install_handlers();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) return -1;
    remember(pattern);
    // mkostemp makes it 0600.
    if (::fchmod(fd, mode_t(mode)) != 0) {
        int e = errno;
        ::close(fd);
        ::unlink(pattern.c_str());
        forget_temporary(pattern);
        errno = e;
        return -1;
    }
    return fd;
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

unsigned default_file_mode() { return 0666 & ~unsigned(current_umask()); }

int flush_to_disk(int fd) { return ::fsync(fd); }

int replace_file(const std::string& from, const std::string& to) { return ::rename(from.c_str(), to.c_str()); }

int hard_link(const std::string& existing, const std::string& new_name) {
    return ::link(existing.c_str(), new_name.c_str());
}

void flush_folder(const std::string& folder) {
    int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

int remove_file(const std::string& path) { return ::unlink(path.c_str()); }

int standard_output() { return STDOUT_FILENO; }

Kind kind_of(const std::string& path, long long* size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? Kind::missing : Kind::error;
    if (size) *size = st.st_size;
    if (S_ISDIR(st.st_mode)) return Kind::folder;
    return S_ISREG(st.st_mode) ? Kind::file : Kind::other;
}

std::optional<FileInfo> file_info(const std::string& path, bool follow) {
    struct stat st {};
    if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return std::nullopt;
    FileInfo f;
    f.kind = S_ISREG(st.st_mode) ? Kind::file : S_ISDIR(st.st_mode) ? Kind::folder : Kind::other;
    f.symlink = S_ISLNK(st.st_mode);
    f.device = std::uint64_t(st.st_dev);
    f.inode = std::uint64_t(st.st_ino);
    f.mode = unsigned(st.st_mode & 07777);
    // Root may write anything: a file without any write permission was made
    // read-only on purpose, so that counts too.
    f.writable = (st.st_mode & 0222) != 0 && (f.kind != Kind::file || ::access(path.c_str(), W_OK) == 0);
    return f;
}

std::optional<std::string> read_link(const std::string& path) {
    std::string buf(PATH_MAX, '\0');
    ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) return std::nullopt;
    buf.resize(std::size_t(n));
    return buf;
}

std::size_t name_max(const std::string& folder) {
    long n = ::pathconf(folder.c_str(), _PC_NAME_MAX);
    return n > 0 ? std::size_t(n) : 255;
}

bool can_write(const std::string& path) { return ::access(path.c_str(), W_OK) == 0; }

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
