#include "text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "error.hpp"

namespace fw {

std::string read_text_file(const std::string& path, size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path, Problem{{}, std::string("cannot open: ") + std::strerror(errno)});
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw InputError(path, Problem{{}, "is a folder, not a file"});
    }
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            throw InputError(path, Problem{{}, std::string("cannot read: ") + std::strerror(e)});
        }
        if (n == 0) break;
        if (out.size() + size_t(n) > max_bytes) {
            ::close(fd);
            throw InputError(path, Problem{{}, "file is larger than " + std::to_string(max_bytes >> 20) +
                                                   " MiB; this is not a file the workstation wrote"});
        }
        out.append(buf, size_t(n));
    }
    ::close(fd);
    return out;
}

namespace {
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

void write_file_atomically(const std::string& path, const std::string& bytes) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error(path + ": cannot create a temporary file: " + std::strerror(errno));
    auto fail = [&](const char* what) {
        int e = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw std::runtime_error(path + ": " + what + ": " + std::strerror(e));
    };
    // mkstemp makes the file 0600: give it the mode a new file would get
    // under the user's umask, read from /proc because umask() is not
    // thread-safe to query.
    ::fchmod(fd, 0666 & ~current_umask());
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        done += size_t(n);
    }
    if (::fsync(fd) != 0) fail("cannot flush to disk");
    if (::close(fd) != 0) {
        ::unlink(tmpl.c_str());
        throw std::runtime_error(path + ": cannot close: " + std::strerror(errno));
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        int e = errno;
        ::unlink(tmpl.c_str());
        throw std::runtime_error(path + ": cannot replace: " + std::strerror(e));
    }
    // Make the rename itself durable.
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace fw
