#include "text_file.hpp"

#include <cerrno>
#include <filesystem>
#include <stdexcept>

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

void write_file_atomically(const std::string& path, const std::string& bytes) {
    namespace fs = std::filesystem;
    fs::path target = platform::to_path(path);
    std::string dir = target.parent_path().empty() ? "." : platform::to_utf8(target.parent_path());
    std::string tmpl;
    int fd = platform::create_temp_beside(path, tmpl);
    if (fd < 0) throw std::runtime_error(path + ": cannot create a temporary file: " + platform::error_text(errno));
    auto fail = [&](const char* what) {
        int e = errno;
        platform::close_file(fd);
        platform::remove_file(tmpl);
        throw std::runtime_error(path + ": " + what + ": " + platform::error_text(e));
    };
    // The temporary file is private: give it the permissions a new file
    // would get.
    platform::apply_default_permissions(fd);
    size_t done = 0;
    while (done < bytes.size()) {
        long n = platform::write_some(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        done += size_t(n);
    }
    if (platform::flush_to_disk(fd) != 0) fail("cannot flush to disk");
    if (platform::close_file(fd) != 0) {
        int e = errno;
        platform::remove_file(tmpl);
        throw std::runtime_error(path + ": cannot close: " + platform::error_text(e));
    }
    if (platform::replace_file(tmpl, path) != 0) {
        int e = errno;
        platform::remove_file(tmpl);
        throw std::runtime_error(path + ": cannot replace: " + platform::error_text(e));
    }
    // Make the rename itself durable.
    platform::flush_folder(dir);
}

}  // namespace fw
