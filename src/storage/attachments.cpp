// Reading a file to attach to a contest: the size limit says so before the
// whole file is read into memory.
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"
#include "storage/database.hpp"

namespace fw::storage {

namespace {

std::string media_type_of(const std::filesystem::path& p) {
    std::string ext = platform::to_utf8(p.extension());
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

void check_attachment_sizes(const Review& r) {
    if (auto problems = attachment_problems(r); !problems.empty()) throw RuleError(problems.front().message);
}

Attachment read_attachment(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = platform::to_path(path);
    auto status = std::filesystem::status(p, ec);
    if (ec || !std::filesystem::exists(status))
        throw InputError(path, Problem{{}, "cannot open: " + (ec ? ec.message() : std::string("no such file"))});
    if (!std::filesystem::is_regular_file(status)) throw InputError(path, Problem{{}, "is not a file that can be attached"});
    auto size = std::filesystem::file_size(p, ec);
    if (!ec && size > kMaxAttachmentBytes) throw InputError(path, Problem{{}, too_large(std::size_t(size))});
    Attachment a;
    a.name = platform::to_utf8(p.filename());
    a.media_type = media_type_of(p);
    // The core's reader refuses a file that grows past the limit while read.
    a.data = read_text_file(path, kMaxAttachmentBytes);
    return a;
}

}  // namespace fw::storage
