// POSIX implementation of file_ops.hpp.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "file_ops.hpp"

namespace fw::os {

std::optional<FileInfo> file_info(const std::string& path, bool follow, int& error) {
    struct stat st {};
    if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) {
        error = errno;
        return std::nullopt;
    }
    error = 0;
    FileInfo f;
    f.kind = S_ISREG(st.st_mode)   ? FileKind::regular
             : S_ISDIR(st.st_mode) ? FileKind::folder
             : S_ISLNK(st.st_mode) ? FileKind::symlink
                                   : FileKind::other;
    f.device = std::uint64_t(st.st_dev);
    f.inode = std::uint64_t(st.st_ino);
    f.mode = unsigned(st.st_mode & 07777);
    // Root may write anything: a file without any write permission was made
    // read-only on purpose, so that counts too.
    f.writable = (st.st_mode & 0222) != 0 && (f.kind != FileKind::regular || ::access(path.c_str(), W_OK) == 0);
    return f;
}

std::optional<std::string> read_link(const std::string& path, int& error) {
    std::string buf(PATH_MAX, '\0');
    ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) {
        error = errno;
        return std::nullopt;
    }
    buf.resize(std::size_t(n));
    return buf;
}

std::size_t name_max(const std::string& folder) {
    long n = ::pathconf(folder.c_str(), _PC_NAME_MAX);
    return n > 0 ? std::size_t(n) : 255;
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

int create_temporary(std::string& pattern, unsigned mode, int& error) {
    install_handlers();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return -1;
    }
    remember(pattern);
    // mkostemp makes it 0600.
    if (::fchmod(fd, mode_t(mode)) != 0) {
        error = errno;
        ::close(fd);
        ::unlink(pattern.c_str());
        forget_temporary(pattern);
        return -1;
    }
    error = 0;
    return fd;
}

int write_all(int handle, const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(handle, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += std::size_t(n);
    }
    return 0;
}

int flush_to_disk(int handle) { return ::fsync(handle) == 0 ? 0 : errno; }
int close_file(int handle) { return ::close(handle) == 0 ? 0 : errno; }
int replace(const std::string& from, const std::string& to) {
    return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}
int hard_link(const std::string& existing, const std::string& new_name) {
    return ::link(existing.c_str(), new_name.c_str()) == 0 ? 0 : errno;
}
int remove_file(const std::string& path) { return ::unlink(path.c_str()) == 0 ? 0 : errno; }

void sync_folder(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

int standard_output() { return STDOUT_FILENO; }

unsigned default_file_mode() {
    // Read from /proc: umask() sets as it reads, which is not thread-safe.
    int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    unsigned mask = 022;
    if (fd >= 0) {
        char buf[4096];
        ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n > 0) {
            buf[n] = 0;
            if (const char* u = std::strstr(buf, "Umask:")) mask = unsigned(std::strtoul(u + 6, nullptr, 8));
        }
    }
    return 0666 & ~mask;
}

}  // namespace fw::os
