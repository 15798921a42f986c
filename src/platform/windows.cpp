// The Windows side of platform.hpp. UTF-8 inside, UTF-16 at every call.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// After windows.h:
#include <fcntl.h>
#include <io.h>
#include <psapi.h>
#include <sddl.h>
#include <shellapi.h>
#include <shlobj.h>
#include <sys/stat.h>
#include <winioctl.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <random>
#include <stdexcept>
#include <vector>

#include "platform/platform.hpp"

namespace fw::platform {
namespace fs = std::filesystem;

namespace {

std::wstring wide(const std::string& s) {
    if (s.empty()) return {};
    int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), nullptr, 0);
    std::wstring out(size_t(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), out.data(), n);
    return out;
}

std::string narrow(const wchar_t* s, size_t len) {
    if (len == 0) return {};
    int n = WideCharToMultiByte(CP_UTF8, 0, s, int(len), nullptr, 0, nullptr, nullptr);
    std::string out(size_t(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, s, int(len), out.data(), n, nullptr, nullptr);
    return out;
}
std::string narrow(const std::wstring& s) { return narrow(s.data(), s.size()); }

// The few Win32 errors a user can meet here, as errno values, so that the
// callers' messages read the same on both systems.
int errno_of(DWORD e) {
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE: return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION: return EACCES;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS: return EEXIST;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return ENOSPC;
    case ERROR_NOT_SAME_DEVICE: return EXDEV;
    case ERROR_WRITE_PROTECT: return EROFS;
    case ERROR_FILENAME_EXCED_RANGE: return ENAMETOOLONG;
    case ERROR_DIRECTORY: return ENOTDIR;
    case ERROR_INVALID_NAME: return EINVAL;
    case ERROR_TOO_MANY_LINKS: return EMLINK;
    // Hard links on FAT and exFAT: what link() says on Linux there.
    case ERROR_INVALID_FUNCTION:
    case ERROR_NOT_SUPPORTED: return EPERM;
    default: return EIO;
    }
}

int open_wide(const std::string& path, int flags, int mode = _S_IREAD | _S_IWRITE) {
    return _wopen(wide(path).c_str(), flags | _O_BINARY | _O_NOINHERIT, mode);
}

std::string random_suffix() {
    static std::atomic<unsigned> counter{0};
    static const char* letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device rd;
    std::mt19937 gen(rd() ^ unsigned(GetCurrentProcessId()) ^ ++counter ^
                     unsigned(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::string s(6, 'x');
    for (auto& c : s) c = letters[gen() % 36];
    return s;
}

// Makes a new file named `pattern` with its last six characters replaced
// (mkstemp's contract); `pattern` becomes its name. Opened with
// FILE_SHARE_DELETE so that it can be removed while open: the Ctrl+C handler
// below does that while the writer may still hold it.
int create_unique(std::string& pattern) {
    if (pattern.size() < 6) {
        errno = EINVAL;
        return -1;
    }
    const std::string stem = pattern.substr(0, pattern.size() - 6);
    for (int attempt = 0; attempt < 100; ++attempt) {
        pattern = stem + random_suffix();
        std::wstring w = wide(pattern);
        HANDLE h = CreateFileW(w.c_str(), GENERIC_READ | GENERIC_WRITE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, CREATE_NEW,
                               FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h == INVALID_HANDLE_VALUE) {
            DWORD e = GetLastError();
            if (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS) continue;
            errno = errno_of(e);
            return -1;
        }
        int fd = _open_osfhandle(reinterpret_cast<intptr_t>(h), _O_BINARY);
        if (fd < 0) {
            CloseHandle(h);
            DeleteFileW(w.c_str());
            errno = EMFILE;
        }
        return fd;
    }
    errno = EEXIST;
    return -1;
}

}  // namespace

fs::path to_path(const std::string& utf8) { return fs::path(wide(utf8)); }
std::string to_utf8(const fs::path& path) { return narrow(path.native()); }

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    int n = 0;
    LPWSTR* w = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!w) return {argv, argv + argc};
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(narrow(w[i], wcslen(w[i])));
    LocalFree(w);
    return out;
}

void prepare_console() { SetConsoleOutputCP(CP_UTF8); }

// Writing to a closed pipe or past a quota fails with an error here; no
// signal ends the process.
void report_write_failures() {}

int open_for_reading(const std::string& path) {
    // _wopen refuses a folder with EACCES, which would read as a permission
    // problem: say what it is.
    DWORD attributes = GetFileAttributesW(wide(path).c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        errno = EISDIR;
        return -1;
    }
    return open_wide(path, _O_RDONLY);
}

int create_private(const std::string& path) {
    // The file inherits the ACL of its folder, which make_private_folder
    // made owner-only for the default data folder.
    return open_wide(path, _O_WRONLY | _O_CREAT | _O_EXCL);
}

int create_temp(const std::string& prefix, std::string& temp_path) {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) {
        errno = ENOENT;
        return -1;
    }
    temp_path = to_utf8(dir / to_path(prefix + "-XXXXXX"));
    return create_unique(temp_path);
}

// ---------------------------------------------- temporary files and Ctrl+C

namespace {

// Windows has no SIGINT/SIGTERM/SIGHUP/SIGQUIT; their counterparts are the
// console's Ctrl+C, Ctrl+Break and close events, delivered to a handler on a
// thread of their own, where taking a lock and allocating are allowed.
std::mutex temporaries_lock;
std::vector<std::wstring> temporaries;

BOOL WINAPI remove_temporaries(DWORD) {
    std::lock_guard<std::mutex> lock(temporaries_lock);
    // Open files are only marked: they go when the process ends and closes them.
    for (const auto& t : temporaries) DeleteFileW(t.c_str());
    // Not handled: the next handler, by default the one that ends the process,
    // runs. Windows cannot tell whether the program handles these events
    // itself (as POSIX can); neither fidelity.exe nor the window does.
    return FALSE;
}

}  // namespace

int create_temporary(std::string& pattern, unsigned) {
    // No modes here: the file takes its folder's ACL, which is also what the
    // replaced file had unless it was given one of its own.
    static std::once_flag once;
    std::call_once(once, [] { SetConsoleCtrlHandler(remove_temporaries, TRUE); });
    int fd = create_unique(pattern);
    if (fd >= 0) {
        std::lock_guard<std::mutex> lock(temporaries_lock);
        temporaries.push_back(wide(pattern));
    }
    return fd;
}

void forget_temporary(const std::string& path) {
    std::wstring w = wide(path);
    std::lock_guard<std::mutex> lock(temporaries_lock);
    if (auto it = std::find(temporaries.begin(), temporaries.end(), w); it != temporaries.end()) temporaries.erase(it);
}

long read_some(int fd, void* buf, std::size_t n) { return _read(fd, buf, unsigned(std::min<std::size_t>(n, 1u << 30))); }
long write_some(int fd, const void* buf, std::size_t n) {
    return _write(fd, buf, unsigned(std::min<std::size_t>(n, 1u << 30)));
}
int close_file(int fd) { return _close(fd); }

bool is_folder(int fd) {
    struct _stat64 st {};
    return _fstat64(fd, &st) == 0 && (st.st_mode & _S_IFDIR);
}

unsigned default_file_mode() { return 0666; }

int flush_to_disk(int fd) {
    HANDLE h = reinterpret_cast<HANDLE>(_get_osfhandle(fd));
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    if (!FlushFileBuffers(h)) {
        errno = errno_of(GetLastError());
        return -1;
    }
    return 0;
}

int replace_file(const std::string& from, const std::string& to) {
    if (MoveFileExW(wide(from).c_str(), wide(to).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) return 0;
    errno = errno_of(GetLastError());
    return -1;
}

int hard_link(const std::string& existing, const std::string& new_name) {
    if (CreateHardLinkW(wide(new_name).c_str(), wide(existing).c_str(), nullptr)) return 0;
    errno = errno_of(GetLastError());
    return -1;
}

void flush_folder(const std::string&) {}

int remove_file(const std::string& path) {
    if (DeleteFileW(wide(path).c_str())) return 0;
    errno = errno_of(GetLastError());
    return -1;
}

int standard_output() {
    // Bytes as they are, as into a file: in text mode the C runtime turns
    // every LF into CR LF, which breaks a PDF or workbook sent to a pipe.
    _setmode(1, _O_BINARY);
    return 1;
}

Kind kind_of(const std::string& path, long long* size) {
    WIN32_FILE_ATTRIBUTE_DATA a{};
    if (!GetFileAttributesExW(wide(path).c_str(), GetFileExInfoStandard, &a)) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == ERROR_INVALID_NAME) return Kind::missing;
        errno = errno_of(e);
        return Kind::error;
    }
    if (a.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) return Kind::folder;
    if (size) *size = (static_cast<long long>(a.nFileSizeHigh) << 32) | a.nFileSizeLow;
    return a.dwFileAttributes & FILE_ATTRIBUTE_DEVICE ? Kind::other : Kind::file;
}

namespace {
// A handle for looking at `path` (its attributes only: no conflict with a
// program that holds the file open, folders too); `follow` false opens a
// symbolic link itself.
HANDLE open_to_look(const std::string& path, bool follow) {
    return CreateFileW(wide(path).c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT),
                       nullptr);
}
}  // namespace

std::optional<FileInfo> file_info(const std::string& path, bool follow) {
    HANDLE h = open_to_look(path, follow);
    if (h == INVALID_HANDLE_VALUE) {
        errno = errno_of(GetLastError());
        return std::nullopt;
    }
    FileInfo f;
    BY_HANDLE_FILE_INFORMATION about{};
    // NUL, CON, COM1 (FILE_TYPE_CHAR) and named pipes are Windows' devices
    // and FIFOs: other, with no identity. Only a file on a disk has one.
    if (GetFileType(h) == FILE_TYPE_DISK) {
        if (!GetFileInformationByHandle(h, &about)) {
            errno = errno_of(GetLastError());
            CloseHandle(h);
            return std::nullopt;
        }
        f.kind = about.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ? Kind::folder : Kind::file;
        f.device = about.dwVolumeSerialNumber;
        f.inode = (std::uint64_t(about.nFileIndexHigh) << 32) | about.nFileIndexLow;
        // MoveFileExW refuses to replace a read-only file, as the writer
        // refuses one on POSIX.
        f.writable = !(about.dwFileAttributes & FILE_ATTRIBUTE_READONLY);
        f.mode = f.writable ? 0666 : 0444;
        // Only a symbolic link counts as one: junctions lead to folders, and
        // other reparse points (OneDrive, deduplication) are files to use as
        // they are.
        FILE_ATTRIBUTE_TAG_INFO tag{};
        f.symlink = !follow && (about.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
                    GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
                    tag.ReparseTag == IO_REPARSE_TAG_SYMLINK;
        // Replacing removes the old name. Asking for that right (without
        // using it) tells whether a program holds the file without
        // FILE_SHARE_DELETE: known before anything is written, rather than
        // when the writer has replaced other outputs already and has a second
        // name of this one (its copy to put back) that cannot be removed
        // either.
        if (follow && f.kind == Kind::file) {
            HANDLE d = CreateFileW(wide(path).c_str(), DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                   nullptr, OPEN_EXISTING, 0, nullptr);
            if (d != INVALID_HANDLE_VALUE) CloseHandle(d);
            else f.in_use = GetLastError() == ERROR_SHARING_VIOLATION;
        }
    }
    CloseHandle(h);
    return f;
}

std::optional<std::string> read_link(const std::string& path) {
    HANDLE h = open_to_look(path, false);
    if (h == INVALID_HANDLE_VALUE) {
        errno = errno_of(GetLastError());
        return std::nullopt;
    }
    std::vector<unsigned char> buf(MAXIMUM_REPARSE_DATA_BUFFER_SIZE);
    DWORD size = 0;
    BOOL ok = DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, nullptr, 0, buf.data(), DWORD(buf.size()), &size, nullptr);
    DWORD e = GetLastError();
    CloseHandle(h);
    if (!ok) {
        errno = e == ERROR_NOT_A_REPARSE_POINT ? EINVAL : errno_of(e);  // readlink's EINVAL: not a link
        return std::nullopt;
    }
    // The head of a symbolic link's REPARSE_DATA_BUFFER (ntifs.h, which the
    // user-mode headers lack); the names follow it in UTF-16.
    struct SymlinkHead {
        ULONG tag;
        USHORT data_length, reserved, substitute_offset, substitute_length, print_offset, print_length;
        ULONG flags;
    } head{};
    std::memcpy(&head, buf.data(), std::min<std::size_t>(size, sizeof head));
    std::size_t room = size > sizeof head ? size - sizeof head : 0;
    if (size < sizeof head || head.tag != IO_REPARSE_TAG_SYMLINK ||
        std::size_t(head.print_offset) + head.print_length > room ||
        std::size_t(head.substitute_offset) + head.substitute_length > room) {
        errno = EINVAL;
        return std::nullopt;
    }
    auto name = [&](USHORT offset, USHORT length) {
        std::wstring out(length / sizeof(wchar_t), L'\0');
        std::memcpy(out.data(), buf.data() + sizeof head + offset, out.size() * sizeof(wchar_t));
        return out;
    };
    // The print name is the text as it was given ("..\x.pdf", "C:\x.pdf");
    // the substitute name may be an NT path ("\??\C:\x.pdf", "\??\UNC\server\share").
    std::wstring text = name(head.print_offset, head.print_length);
    if (text.empty()) {
        text = name(head.substitute_offset, head.substitute_length);
        if (text.rfind(L"\\??\\UNC\\", 0) == 0) text = L"\\\\" + text.substr(8);
        else if (text.rfind(L"\\??\\", 0) == 0) text = text.substr(4);
    }
    return narrow(text);
}

std::size_t name_max(const std::string&) {
    // NTFS, ReFS, FAT32 and exFAT all allow 255 UTF-16 units, and a UTF-8 name
    // has at least as many bytes as units: 255 bytes surely fit, on a network
    // share kept on Linux as well. (Asking the volume, GetVolumeInformationW,
    // would say the same; under Wine it also prints a warning for Z:.)
    return 255;
}

bool can_write(const std::string& path) {
    // Asked of the file system rather than read from the read-only
    // attribute: Windows ignores that attribute on folders (Explorer sets it
    // on customised ones such as Documents), and the ACL may refuse what the
    // attributes allow. Opening writes nothing.
    HANDLE h = CreateFileW(wide(path).c_str(), FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (h == INVALID_HANDLE_VALUE) return GetLastError() == ERROR_SHARING_VIOLATION;  // allowed, only busy
    CloseHandle(h);
    return true;
}

std::string error_text(int errnum) {
    char buf[256];
    if (strerror_s(buf, sizeof buf, errnum) != 0) return "error " + std::to_string(errnum);
    return buf;
}

std::string path_for_narrow_api(const std::string& path) {
    bool ascii = true;
    for (unsigned char c : path) ascii = ascii && c < 0x80;
    if (ascii) return path;
    std::wstring w = wide(path);
    DWORD n = GetShortPathNameW(w.c_str(), nullptr, 0);
    if (n == 0) return path;
    std::wstring s(n, L'\0');
    n = GetShortPathNameW(w.c_str(), s.data(), n);
    s.resize(n);
    // A short name is ASCII; a volume without short names gives the long
    // one back, which the ANSI code page may still spell.
    BOOL lossy = FALSE;
    int len = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, s.data(), int(s.size()), nullptr, 0, nullptr, &lossy);
    if (len <= 0 || lossy) return path;
    std::string out(size_t(len), '\0');
    WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, s.data(), int(s.size()), out.data(), len, nullptr, nullptr);
    return out;
}

std::string user_name() {
    wchar_t buf[257];
    DWORD n = 257;
    if (GetUserNameW(buf, &n) && n > 1) return narrow(buf, n - 1);
    return "";
}

std::string user_data_folder() {
    PWSTR p = nullptr;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_LocalAppData, KF_FLAG_CREATE, nullptr, &p))) {
        std::string out = narrow(p, wcslen(p));
        CoTaskMemFree(p);
        if (!out.empty()) return out;
    }
    if (const wchar_t* env = _wgetenv(L"LOCALAPPDATA"); env && *env) return narrow(env, wcslen(env));
    throw std::runtime_error("cannot find the local application data folder (%LOCALAPPDATA%)");
}

namespace {
// The user running this program, as an SID string ("S-1-5-21-...").
std::wstring current_user_sid() {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return {};
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buf(size);
    std::wstring out;
    if (size && GetTokenInformation(token, TokenUser, buf.data(), size, &size)) {
        LPWSTR text = nullptr;
        if (ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buf.data())->User.Sid, &text)) {
            out = text;
            LocalFree(text);
        }
    }
    CloseHandle(token);
    return out;
}

// The folder's security: full control for the user, SYSTEM and
// Administrators (backups, IT), nobody else, nothing inherited from above;
// files made in it inherit it. Given at creation, so the folder is never
// open to others, not even for a moment. LocalFree the result.
PSECURITY_DESCRIPTOR owner_only(const std::string& folder) {
    std::wstring user = current_user_sid();
    if (user.empty()) throw std::runtime_error(folder + ": cannot make the folder private: no user SID");
    std::wstring sddl = L"D:P(A;OICI;FA;;;" + user + L")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &sd, nullptr))
        throw std::runtime_error(folder + ": cannot make the folder private: " + error_text(errno_of(GetLastError())));
    return sd;
}
}  // namespace

void make_private_folder(const std::string& path) {
    fs::path p = to_path(path);
    std::error_code ec;
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    SECURITY_ATTRIBUTES sa{sizeof sa, owner_only(path), FALSE};
    BOOL made = CreateDirectoryW(p.c_str(), &sa);
    DWORD e = GetLastError();
    LocalFree(sa.lpSecurityDescriptor);
    // One made before keeps the ACL the user or IT gave it.
    if (!made && e != ERROR_ALREADY_EXISTS)
        throw std::runtime_error(path + ": cannot create the folder: " + error_text(errno_of(e)));
}

std::string executable_path() {
    std::wstring buf(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = GetModuleFileNameW(nullptr, buf.data(), DWORD(buf.size()));
        if (n == 0) return "";
        if (n < buf.size()) return narrow(buf.data(), n);
        buf.resize(buf.size() * 2);
    }
}

long resident_memory_kib() {
    PROCESS_MEMORY_COUNTERS pmc{};
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc)) return 0;
    return long(pmc.WorkingSetSize / 1024);
}

std::tm utc_time(std::time_t t) {
    std::tm out{};
    gmtime_s(&out, &t);
    return out;
}

std::tm local_time(std::time_t t) {
    std::tm out{};
    localtime_s(&out, &t);
    return out;
}

std::time_t from_utc(std::tm* tm) { return _mkgmtime(tm); }

}  // namespace fw::platform
