// Reading a file to attach to a contest: the size limit says so before the
// whole file is read into memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace fw::storage {

namespace {

std::string media_type_of(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<const char*, const char*> known[] = {
        {".pdf", "application/pdf"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".tif", "image/tiff"},
        {".tiff", "image/tiff"},
        {".txt", "text/plain"},
        {".csv", "text/csv"},
        {".doc", "application/msword"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xls", "application/vnd.ms-excel"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".odt", "application/vnd.oasis.opendocument.text"},
        {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    };
    for (const auto& [e, type] : known)
        if (ext == e) return type;
    return "application/octet-stream";
}

std::string too_large(std::size_t bytes) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "is %.1f MiB; an attachment may be at most %zu MiB", double(bytes) / double(1u << 20),
                  kMaxAttachmentBytes >> 20);
    return buf;
}

}  // namespace

Attachment read_attachment(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path, Problem{{}, std::string("cannot open: ") + std::strerror(errno)});
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw InputError(path, Problem{{}, "is not a file that can be attached"});
    }
    if (std::size_t(st.st_size) > kMaxAttachmentBytes) {
        ::close(fd);
        throw InputError(path, Problem{{}, too_large(std::size_t(st.st_size))});
    }
    Attachment a;
    a.name = std::filesystem::path(path).filename().string();
    a.media_type = media_type_of(path);
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            throw InputError(path, Problem{{}, std::string("cannot read: ") + std::strerror(e)});
        }
        if (n == 0) break;
        a.data.append(buf, std::size_t(n));
        if (a.data.size() > kMaxAttachmentBytes) {  // it grew while being read
            ::close(fd);
            throw InputError(path, Problem{{}, too_large(a.data.size())});
        }
    }
    ::close(fd);
    return a;
}

}  // namespace fw::storage
