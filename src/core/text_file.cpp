#include "text_file.hpp"

#include <algorithm>
#include <cerrno>

#include "error.hpp"
#include "platform/platform.hpp"

namespace fw {

InputFile::InputFile(const std::string& path, std::size_t max_bytes)
    : fd_(platform::open_for_reading(path)), path_(path), max_bytes_(max_bytes) {
    if (fd_ < 0) {
        int e = errno;
        // Windows refuses to open a folder; POSIX opens it, and is_folder says.
        if (e == EISDIR) throw InputError(path, Problem{{}, "is a folder, not a file"});
        throw InputError(path, Problem{{}, std::string("cannot open: ") + platform::error_text(e)});
    }
    if (platform::is_folder(fd_)) {
        platform::close_file(fd_);
        throw InputError(path, Problem{{}, "is a folder, not a file"});
    }
}

InputFile::~InputFile() { platform::close_file(fd_); }

std::size_t InputFile::read(char* buf, std::size_t n) {
    for (;;) {
        long got = platform::read_some(fd_, buf, n);
        if (got < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            throw InputError(path_, Problem{{}, std::string("cannot read: ") + platform::error_text(e)});
        }
        total_ += std::size_t(got);
        if (total_ > max_bytes_)
            throw InputError(path_, Problem{{},
                                            "file is larger than " + std::to_string(max_bytes_ >> 20) +
                                                " MiB; this is not a file the workstation wrote"});
        return std::size_t(got);
    }
}

std::string read_text_file(const std::string& path, size_t max_bytes) {
    InputFile in(path, max_bytes);
    std::string out;
    // Grown by doubling, a 200 MB file would hold up to twice its size.
    long long size = 0;
    if (platform::kind_of(path, &size) == platform::Kind::file && size > 0)
        out.reserve(std::min(std::size_t(size), max_bytes) + 1);
    char buf[65536];
    while (std::size_t n = in.read(buf, sizeof buf)) out.append(buf, n);
    return out;
}

}  // namespace fw
