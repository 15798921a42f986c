#include "output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "error.hpp"
#include "platform/platform.hpp"

namespace fw {

namespace {

namespace fs = std::filesystem;

std::string reason(int error) { return platform::error_text(error); }

[[noreturn]] void refuse(const std::string& path, const std::string& why) { throw InputError(path, Problem{{}, why}); }

std::string folder_of(const std::string& path) {
    std::string f = platform::to_utf8(platform::to_path(path).parent_path());
    return f.empty() ? "." : f;
}

// Writes all the bytes (retrying short writes); 0 or an errno.
int write_all(int fd, const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        long n = platform::write_some(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += std::size_t(n);
    }
    return 0;
}

// Where an output really goes, after its symlinks.
struct Target {
    std::string given;
    std::string path;                        // the file written: `given` or what its symlinks lead to
    std::string folder, name;                // of `path`
    std::optional<platform::FileInfo> info;  // of the existing file; none = a new file
    platform::FileInfo folder_info;
};

Target resolve(const std::string& given, const KeepFiles& keep) {
    Target t;
    t.given = given;
    if (given.empty()) refuse(given, "an output needs a file name");
    // "dir/" (and "dir\\" on Windows).
    if (!platform::to_path(given).has_filename()) refuse(given, "is a folder; give a file's name");
    std::string p = given;
    for (int hops = 0;; ++hops) {
        auto link = platform::file_info(p, false);
        if (!link) {
            int error = errno;
            if (error != ENOENT && error != ENOTDIR)
                throw std::runtime_error(given + ": cannot look at it: " + reason(error));
            break;
        }
        if (!link->symlink) break;
        if (hops == 40) refuse(given, "leads through too many symbolic links");
        auto text = platform::read_link(p);
        if (!text) {
            int error = errno;
            throw std::runtime_error(given + ": cannot read the symbolic link: " + reason(error));
        }
        fs::path to = platform::to_path(*text);
        p = to.is_absolute() ? *text : platform::to_utf8(platform::to_path(folder_of(p)) / to);
    }
    t.path = p;
    t.folder = folder_of(p);
    t.name = platform::to_utf8(platform::to_path(p).filename());

    auto folder = platform::file_info(t.folder, true);
    if (!folder || folder->kind != platform::Kind::folder)
        refuse(given, "cannot be written: the folder " + t.folder + " does not exist");
    t.folder_info = *folder;
    t.info = platform::file_info(p, true);
    if (!t.info) {
        int error = errno;
        if (error != ENOENT) throw std::runtime_error(given + ": cannot look at it: " + reason(error));
        return t;
    }
    if (t.info->kind == platform::Kind::folder) refuse(given, "is a folder, not a file");
    if (t.info->kind != platform::Kind::file)
        refuse(given, "is not a regular file (a device, a pipe or a socket); an output is only written to a file");
    for (const auto& k : keep.entries())
        if (k.device == t.info->device && k.inode == t.info->inode)
            refuse(given, (p == given && k.path == given ? "is " : "is another name for ") + k.what + " (" + k.path +
                              "); it was not replaced");
    if (!t.info->writable) refuse(given, "is read-only; it was not replaced");
    if (t.info->in_use)
        refuse(given, "is open in another program, which does not let it be replaced; close it there and try again");
    return t;
}

bool same_target(const Target& a, const Target& b) {
    if (a.info && b.info) return *a.info == *b.info;
    return a.folder_info == b.folder_info && a.name == b.name;
}

// ".<name>.XXXXXX" beside the target, its name cut so that it stays within
// the file system's limit (a target's name may use all of it).
std::string temporary_pattern(const Target& t) {
    std::size_t room = platform::name_max(t.folder);
    room = room > 8 ? room - 8 : 0;
    std::string stem = t.name;
    if (stem.size() > room) {
        stem.resize(room);
        // Not in the middle of a UTF-8 character.
        while (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0xC0) == 0x80) stem.pop_back();
        if (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0x80)) stem.pop_back();
    }
    return platform::to_utf8(platform::to_path(t.folder) / platform::to_path("." + stem + ".XXXXXX"));
}

// Temporary files made so far; removed unless handed over.
struct Scratch {
    std::vector<std::string> files;
    ~Scratch() {
        for (const auto& f : files) {
            platform::remove_file(f);
            platform::forget_temporary(f);
        }
    }
};

std::string write_temporary(const Target& t, const std::string& bytes, Scratch& scratch) {
    std::string name = temporary_pattern(t);
    int h = platform::create_temporary(name, t.info ? t.info->mode : platform::default_file_mode());
    if (h < 0) {
        int error = errno;
        throw std::runtime_error(t.given + ": cannot create a file in " + t.folder + ": " + reason(error));
    }
    scratch.files.push_back(name);
    const char* step = "cannot write";
    int error = write_all(h, bytes.data(), bytes.size());
    if (!error) {
        step = "cannot flush to disk";
        if (platform::flush_to_disk(h) != 0) error = errno;
    }
    if (platform::close_file(h) != 0 && !error) {
        step = "cannot close";
        error = errno;
    }
    if (error) throw std::runtime_error(t.given + ": " + step + ": " + reason(error) + "; nothing was written");
    return name;
}

// Another name for an existing target, to put it back if a later output fails.
std::optional<std::string> keep_copy(const Target& t, Scratch& scratch) {
    std::string name = temporary_pattern(t);
    int h = platform::create_temporary(name, 0600);
    if (h < 0) return std::nullopt;
    platform::close_file(h);
    scratch.files.push_back(name);
    // The unique name is taken over by a link to the target.
    if (platform::remove_file(name) != 0 || platform::hard_link(t.path, name) != 0) return std::nullopt;
    return name;
}

}  // namespace

void KeepFiles::add(const std::string& path, const std::string& what) {
    if (auto info = platform::file_info(path, true)) entries_.push_back({info->device, info->inode, path, what});
}

void check_output(const std::string& path, const KeepFiles& keep) {
    if (path != "-") resolve(path, keep);
}

void write_output(const std::string& path, const std::string& bytes, const KeepFiles& keep) {
    write_outputs({Output{path, bytes}}, keep);
}

void write_outputs(const std::vector<Output>& outputs, const KeepFiles& keep) {
    const Output* to_stdout = nullptr;
    std::vector<Target> targets;
    std::vector<const Output*> files;
    for (const auto& o : outputs) {
        if (o.path == "-") {
            if (to_stdout) refuse("-", "standard output can take only one of the outputs");
            to_stdout = &o;
            continue;
        }
        Target t = resolve(o.path, keep);
        for (const auto& earlier : targets)
            if (same_target(earlier, t)) refuse(o.path, "is named for two outputs (" + earlier.given + ")");
        targets.push_back(std::move(t));
        files.push_back(&o);
    }

    Scratch scratch;
    std::vector<std::string> temporaries;
    for (std::size_t i = 0; i < targets.size(); ++i)
        temporaries.push_back(write_temporary(targets[i], files[i]->bytes, scratch));

    // Checked again just before: the names may have changed meanwhile.
    for (auto& t : targets) t = resolve(t.given, keep);
    std::vector<std::optional<std::string>> copies(targets.size());
    if (targets.size() > 1)
        for (std::size_t i = 0; i < targets.size(); ++i)
            if (targets[i].info) copies[i] = keep_copy(targets[i], scratch);

    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (platform::replace_file(temporaries[i], targets[i].path) != 0) {
            int error = errno;
            // Put back what was replaced already.
            for (std::size_t j = 0; j < i; ++j) {
                if (copies[j]) platform::replace_file(*copies[j], targets[j].path);
                else if (!targets[j].info) platform::remove_file(targets[j].path);
            }
            std::string undone = i == 0 ? "" : "; the other outputs were put back as they were";
            throw std::runtime_error(targets[i].given + ": cannot replace: " + reason(error) + undone);
        }
        platform::forget_temporary(temporaries[i]);
        std::erase(scratch.files, temporaries[i]);
    }
    for (const auto& t : targets) platform::flush_folder(t.folder);
    if (to_stdout) write_standard_output(to_stdout->bytes);
}

void write_standard_output(std::string_view bytes) {
    if (std::fflush(stdout) != 0)
        throw std::runtime_error(std::string("writing to standard output failed: ") + reason(errno));
    if (int error = write_all(platform::standard_output(), bytes.data(), bytes.size()))
        throw std::runtime_error("writing to standard output failed: " + reason(error));
}

}  // namespace fw
