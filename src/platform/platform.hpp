#pragma once
// What differs between Linux and Windows, in one place. Everything above
// this layer keeps paths and text as UTF-8 std::string; the Windows side
// converts to UTF-16 at the API (a review under
// C:\Users\José Núñez\Documents\Évaluations must open).
// posix.cpp and windows.cpp implement it; CMake picks one.
#include <cstddef>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace fw::platform {

// ------------------------------------------------------------ paths, text

// UTF-8 to a path and back. std::filesystem::path(std::string) reads the
// Windows ANSI code page, so every conversion goes through these.
std::filesystem::path to_path(const std::string& utf8);
std::string to_utf8(const std::filesystem::path& path);

// The program's arguments as UTF-8 (Windows passes them in the ANSI code
// page to main(); the UTF-16 command line has them whole).
std::vector<std::string> utf8_arguments(int argc, char** argv);

// Lets a console show UTF-8 output (Windows consoles default to an OEM code
// page); output to files and pipes is unchanged.
void prepare_console();

// ------------------------------------------------------------- files
// Files are C runtime descriptors on both systems (binary mode on Windows,
// not inherited by child processes). Functions returning int give -1 and set
// errno on failure, like the POSIX calls they replace.

int open_for_reading(const std::string& path);
// A new file that must not exist yet; only the owner may read it.
int create_private(const std::string& path);
// A new uniquely named file beside `target` (a dot-file ending ".tmp-XXXXXX");
// its name is stored in `temp_path`.
int create_temp_beside(const std::string& target, std::string& temp_path);
// A new uniquely named file in the system's temporary folder.
int create_temp(const std::string& prefix, std::string& temp_path);
long read_some(int fd, void* buf, std::size_t n);
long write_some(int fd, const void* buf, std::size_t n);
int close_file(int fd);
bool is_folder(int fd);
// Gives a file made by create_temp_beside the permissions a new file gets
// (the umask on POSIX; on Windows it already inherits the folder's ACL).
void apply_default_permissions(int fd);
// fsync / FlushFileBuffers: the data is on disk when it returns 0.
int flush_to_disk(int fd);
// Renames `from` over `to` atomically (rename / MoveFileExW with
// REPLACE_EXISTING | WRITE_THROUGH).
int replace_file(const std::string& from, const std::string& to);
// Makes a rename inside `folder` durable (fsync of the folder on POSIX;
// MOVEFILE_WRITE_THROUGH already did it on Windows).
void flush_folder(const std::string& folder);
int remove_file(const std::string& path);

enum class Kind { missing, file, folder, other, error };
// What is at `path`; its size in bytes for a file. `error` sets errno.
Kind kind_of(const std::string& path, long long* size = nullptr);

// Whether new files can be made in `folder` (access(W_OK); on Windows the
// folder's read-only attribute).
bool folder_writable(const std::string& folder);

// strerror, thread-safe.
std::string error_text(int errnum);

// A path the narrow (ANSI) file API of a C library can open: the path
// itself on POSIX; on Windows, when it has characters outside ASCII, its 8.3
// short form in the ANSI code page (PoDoFo and FreeType open fonts with
// fopen, libxlsxwriter its scratch files with _open).
std::string path_for_narrow_api(const std::string& path);

// ------------------------------------------------------ user and places

// The login name ($USER, else the password database / GetUserNameW).
std::string user_name();
// Where per-user data lives: $XDG_DATA_HOME or ~/.local/share; on Windows
// %LOCALAPPDATA%. Throws std::runtime_error when there is none.
std::string user_data_folder();
// Creates `path` and any missing parents; the last level is private to the
// user (mode 0700 on POSIX, an owner-only ACL on Windows). Throws
// std::runtime_error naming the folder.
void make_private_folder(const std::string& path);
// The running program's own file, or "" if it cannot be found.
std::string executable_path();
// The memory the process uses (resident set / working set), in KiB; 0 when unknown.
long resident_memory_kib();

// ------------------------------------------------------------- time

std::tm utc_time(std::time_t t);    // gmtime_r / gmtime_s
std::tm local_time(std::time_t t);  // localtime_r / localtime_s
std::time_t from_utc(std::tm* tm);  // timegm / _mkgmtime

}  // namespace fw::platform
