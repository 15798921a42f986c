#pragma once
// The one output writer: every file that the command line and the window
// write (reports, workbooks, review files) goes through here.
//
// - A target is refused (InputError, nothing touched) when it is a file the
//   caller must keep (the database in use, the command's own inputs; compared
//   by identity, so a hard link or a symlink to one is refused too), when it
//   is not a regular file (a folder, a device, a FIFO), when it is read-only,
//   or when its folder does not exist.
// - A symlink to a regular file is followed: the file it points to is
//   replaced and the symlink stays.
// - The bytes go to a temporary file beside the target, flushed to disk, then
//   renamed over it: the old file stays whole on any failure, and no
//   temporary file is left behind (also when SIGINT/SIGTERM/SIGHUP/SIGQUIT
//   end the process, unless the program handles those itself).
// - Several outputs are written all or none.
// - "-" is standard output.
// Failures to write (disk full, permissions) throw std::runtime_error.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fw {

// Files an output must never replace.
class KeepFiles {
public:
    // `what` says what the file is, for the message ("the database in use").
    // A name with nothing behind it is ignored.
    void add(const std::string& path, const std::string& what);

    struct Entry {
        std::uint64_t device = 0, inode = 0;
        std::string path, what;
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

struct Output {
    std::string path;  // "-": standard output
    std::string bytes;
};

// Refuses a target before anything is made, so that a wrong name costs
// nothing. write_outputs checks again when it writes.
void check_output(const std::string& path, const KeepFiles& keep);

// Writes every output, or none of them.
void write_outputs(const std::vector<Output>& outputs, const KeepFiles& keep);
void write_output(const std::string& path, const std::string& bytes, const KeepFiles& keep);

// Writes to standard output now (after what stdio holds); throws
// std::runtime_error naming the reason when it cannot.
void write_standard_output(std::string_view bytes);

}  // namespace fw
