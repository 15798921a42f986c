#include "text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.hpp"

namespace fw {

std::string read_text_file(const std::string& path, size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path, Problem{{}, std::string("cannot open: ") + std::strerror(errno)});
    struct stat st {};
    if (::fstat(fd, &st) != 0) st = {};
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw InputError(path, Problem{{}, "is a folder, not a file"});
    }
    std::string out;
    // Grown by doubling, a 200 MB file would hold up to twice its size.
    if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(std::min(std::size_t(st.st_size), max_bytes) + 1);
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

}  // namespace fw
