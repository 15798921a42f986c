#pragma once
// The operating-system steps of the output writer (output_file.cpp), kept
// apart so that a port replaces this one small file: on Windows, identity is
// the volume serial and file index, replacing is MoveFileExW with
// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH and flushing is
// FlushFileBuffers. Errors are returned as errno values (0 = done), so the
// writer words every message in one place.
#include <cstdint>
#include <optional>
#include <string>

namespace fw::os {

enum class FileKind { regular, folder, symlink, other };

struct FileInfo {
    FileKind kind = FileKind::other;
    std::uint64_t device = 0, inode = 0;
    unsigned mode = 0;  // permission bits
    bool writable = true;
    bool operator==(const FileInfo& o) const { return device == o.device && inode == o.inode; }
};

// What a name is. `follow`: through symlinks (stat) or not (lstat).
// nullopt when there is nothing by that name; `error` tells why.
std::optional<FileInfo> file_info(const std::string& path, bool follow, int& error);

// A symlink's text.
std::optional<std::string> read_link(const std::string& path, int& error);

// The longest file name the folder's file system allows.
std::size_t name_max(const std::string& folder);

// Makes a new file (never an existing one) from `pattern`, whose last six
// characters are replaced; `pattern` becomes its name. Its permissions are
// `mode` (the umask does not apply). Returns a handle, or -1 with `error`.
// The name is also remembered, so that a signal ending the process removes
// it (see forget_temporary).
int create_temporary(std::string& pattern, unsigned mode, int& error);
void forget_temporary(const std::string& path);

// Writes all the bytes (retrying short writes); 0 or an errno.
int write_all(int handle, const char* data, std::size_t size);
// Data on the disk before the call returns.
int flush_to_disk(int handle);
int close_file(int handle);

// Puts `from` in the place of `to` in one step (the old `to`, if any, gone).
int replace(const std::string& from, const std::string& to);
// Another name for the same file (to restore a replaced target).
int hard_link(const std::string& existing, const std::string& new_name);
int remove_file(const std::string& path);
// Makes a folder's entries (a rename, a new file) survive a crash.
void sync_folder(const std::string& folder);

// The process's standard output.
int standard_output();

// The permissions a new file gets under the process's umask.
unsigned default_file_mode();

}  // namespace fw::os
