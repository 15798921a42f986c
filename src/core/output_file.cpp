#include "output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "error.hpp"
#include "file_ops.hpp"

namespace fw {

namespace {

namespace fs = std::filesystem;

std::string reason(int error) { return std::strerror(error); }

[[noreturn]] void refuse(const std::string& path, const std::string& why) { throw InputError(path, Problem{{}, why}); }

std::string folder_of(const std::string& path) {
    std::string f = fs::path(path).parent_path().string();
    return f.empty() ? "." : f;
}

// Where an output really goes, after its symlinks.
struct Target {
    std::string given;
    std::string path;                  // the file written: `given` or what its symlinks lead to
    std::string folder, name;          // of `path`
    std::optional<os::FileInfo> info;  // of the existing file; none = a new file
    os::FileInfo folder_info;
};

Target resolve(const std::string& given, const KeepFiles& keep) {
    Target t;
    t.given = given;
    if (given.empty()) refuse(given, "an output needs a file name");
    if (given.back() == '/') refuse(given, "is a folder; give a file's name");
    std::string p = given;
    for (int hops = 0;; ++hops) {
        int error = 0;
        auto link = os::file_info(p, false, error);
        if (!link) {
            if (error != ENOENT && error != ENOTDIR)
                throw std::runtime_error(given + ": cannot look at it: " + reason(error));
            break;
        }
        if (link->kind != os::FileKind::symlink) break;
        if (hops == 40) refuse(given, "leads through too many symbolic links");
        auto text = os::read_link(p, error);
        if (!text) throw std::runtime_error(given + ": cannot read the symbolic link: " + reason(error));
        p = fs::path(*text).is_absolute() ? *text : (fs::path(folder_of(p)) / *text).string();
    }
    t.path = p;
    t.folder = folder_of(p);
    t.name = fs::path(p).filename().string();

    int error = 0;
    auto folder = os::file_info(t.folder, true, error);
    if (!folder || folder->kind != os::FileKind::folder)
        refuse(given, "cannot be written: the folder " + t.folder + " does not exist");
    t.folder_info = *folder;
    t.info = os::file_info(p, true, error);
    if (!t.info) {
        if (error != ENOENT) throw std::runtime_error(given + ": cannot look at it: " + reason(error));
        return t;
    }
    if (t.info->kind == os::FileKind::folder) refuse(given, "is a folder, not a file");
    if (t.info->kind != os::FileKind::regular)
        refuse(given, "is not a regular file (a device, a pipe or a socket); an output is only written to a file");
    for (const auto& k : keep.entries())
        if (k.device == t.info->device && k.inode == t.info->inode)
            refuse(given, (p == given && k.path == given ? "is " : "is another name for ") + k.what + " (" + k.path +
                              "); it was not replaced");
    if (!t.info->writable) refuse(given, "is read-only; it was not replaced");
    return t;
}

bool same_target(const Target& a, const Target& b) {
    if (a.info && b.info) return *a.info == *b.info;
    return a.folder_info == b.folder_info && a.name == b.name;
}

// ".<name>.XXXXXX" beside the target, its name cut so that it stays within
// the file system's limit (a target's name may use all of it).
std::string temporary_pattern(const Target& t) {
    std::size_t room = os::name_max(t.folder);
    room = room > 8 ? room - 8 : 0;
    std::string stem = t.name;
    if (stem.size() > room) {
        stem.resize(room);
        // Not in the middle of a UTF-8 character.
        while (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0xC0) == 0x80) stem.pop_back();
        if (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0x80)) stem.pop_back();
    }
    return (fs::path(t.folder) / ("." + stem + ".XXXXXX")).string();
}

// Temporary files made so far; removed unless handed over.
struct Scratch {
    std::vector<std::string> files;
    ~Scratch() {
        for (const auto& f : files) {
            os::remove_file(f);
            os::forget_temporary(f);
        }
    }
};

std::string write_temporary(const Target& t, const std::string& bytes, Scratch& scratch) {
    std::string name = temporary_pattern(t);
    int error = 0;
    int h = os::create_temporary(name, t.info ? t.info->mode : os::default_file_mode(), error);
    if (h < 0) throw std::runtime_error(t.given + ": cannot create a file in " + t.folder + ": " + reason(error));
    scratch.files.push_back(name);
    const char* step = "cannot write";
    error = os::write_all(h, bytes.data(), bytes.size());
    if (!error) {
        step = "cannot flush to disk";
        error = os::flush_to_disk(h);
    }
    int closed = os::close_file(h);
    if (!error && closed) {
        step = "cannot close";
        error = closed;
    }
    if (error) throw std::runtime_error(t.given + ": " + step + ": " + reason(error) + "; nothing was written");
    return name;
}

// Another name for an existing target, to put it back if a later output fails.
std::optional<std::string> keep_copy(const Target& t, Scratch& scratch) {
    std::string name = temporary_pattern(t);
    int error = 0;
    int h = os::create_temporary(name, 0600, error);
    if (h < 0) return std::nullopt;
    os::close_file(h);
    scratch.files.push_back(name);
    // The unique name is taken over by a link to the target.
    if (os::remove_file(name) != 0 || os::hard_link(t.path, name) != 0) return std::nullopt;
    return name;
}

}  // namespace

void KeepFiles::add(const std::string& path, const std::string& what) {
    int error = 0;
    if (auto info = os::file_info(path, true, error)) entries_.push_back({info->device, info->inode, path, what});
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
        if (int error = os::replace(temporaries[i], targets[i].path)) {
            // Put back what was replaced already.
            for (std::size_t j = 0; j < i; ++j) {
                if (copies[j]) os::replace(*copies[j], targets[j].path);
                else if (!targets[j].info) os::remove_file(targets[j].path);
            }
            std::string undone = i == 0 ? "" : "; the other outputs were put back as they were";
            throw std::runtime_error(targets[i].given + ": cannot replace: " + reason(error) + undone);
        }
        os::forget_temporary(temporaries[i]);
        std::erase(scratch.files, temporaries[i]);
    }
    for (const auto& t : targets) os::sync_folder(t.folder);
    if (to_stdout) write_standard_output(to_stdout->bytes);
}

void write_standard_output(std::string_view bytes) {
    if (std::fflush(stdout) != 0)
        throw std::runtime_error(std::string("writing to standard output failed: ") + reason(errno));
    if (int error = os::write_all(os::standard_output(), bytes.data(), bytes.size()))
        throw std::runtime_error("writing to standard output failed: " + reason(error));
}

}  // namespace fw
