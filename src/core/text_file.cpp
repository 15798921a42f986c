#include "text_file.hpp"

#include <algorithm>
#include <cerrno>

#include "error.hpp"
#include "platform/platform.hpp"

namespace fw {

std::string read_text_file(const std::string& path, size_t max_bytes) {
    int fd = platform::open_for_reading(path);
    if (fd < 0) throw InputError(path, Problem{{}, std::string("cannot open: ") + platform::error_text(errno)});
    if (platform::is_folder(fd)) {
        platform::close_file(fd);
        throw InputError(path, Problem{{}, "is a folder, not a file"});
    }
    std::string out;
    // Grown by doubling, a 200 MB file would hold up to twice its size.
    long long size = 0;
    if (platform::kind_of(path, &size) == platform::Kind::file && size > 0)
        out.reserve(std::min(std::size_t(size), max_bytes) + 1);
    char buf[65536];
    for (;;) {
        long n = platform::read_some(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            platform::close_file(fd);
            throw InputError(path, Problem{{}, std::string("cannot read: ") + platform::error_text(e)});
        }
        if (n == 0) break;
        if (out.size() + size_t(n) > max_bytes) {
            platform::close_file(fd);
            throw InputError(path, Problem{{}, "file is larger than " + std::to_string(max_bytes >> 20) +
                                                   " MiB; this is not a file the workstation wrote"});
        }
        out.append(buf, size_t(n));
    }
    platform::close_file(fd);
    return out;
}

}  // namespace fw
