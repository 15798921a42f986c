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

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
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

int create_unique(const fs::path& dir, const std::string& stem, std::string& temp_path) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp_path = to_utf8(dir / to_path(stem + random_suffix()));
        int fd = open_wide(temp_path, _O_WRONLY | _O_CREAT | _O_EXCL);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
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

int create_temp_beside(const std::string& target, std::string& temp_path) {
    fs::path t = to_path(target);
    fs::path dir = t.parent_path().empty() ? fs::path(L".") : t.parent_path();
    return create_unique(dir, "." + to_utf8(t.filename()) + ".tmp-", temp_path);
}

int create_temp(const std::string& prefix, std::string& temp_path) {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) {
        errno = ENOENT;
        return -1;
    }
    return create_unique(dir, prefix + "-", temp_path);
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

void apply_default_permissions(int) {}

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

void flush_folder(const std::string&) {}

int remove_file(const std::string& path) {
    if (DeleteFileW(wide(path).c_str())) return 0;
    errno = errno_of(GetLastError());
    return -1;
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

bool folder_writable(const std::string& folder) {
    DWORD a = GetFileAttributesW(wide(folder).c_str());
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY) && !(a & FILE_ATTRIBUTE_READONLY);
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
