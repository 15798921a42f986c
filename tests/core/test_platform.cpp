// The platform layer on the system it was built for (Linux, or Windows under
// Wine): UTF-8 paths with letters outside ASCII, files replaced whole,
// private folders, the user and the program's own place.
#include <doctest/doctest.h>

#ifdef _WIN32
#include <windows.h>
// After windows.h:
#include <aclapi.h>
#include <sddl.h>
#else
#include <sys/stat.h>
#endif

#include <algorithm>
#include <filesystem>
#include <random>
#include <vector>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/text_file.hpp"
#include "platform/platform.hpp"

namespace fs = std::filesystem;
namespace pf = fw::platform;

namespace {

// A fresh folder under the temporary folder, named like a reviewer's
// documents: "José Núñez/Évaluations".
struct AccentedDir {
    fs::path root, path;
    AccentedDir() {
        std::random_device rd;
        root = fs::temp_directory_path() / pf::to_path("fidelity-platform-" + std::to_string(rd()));
        path = root / pf::to_path("Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez") / pf::to_path("\xC3\x89valuations");
        fs::create_directories(path);
    }
    ~AccentedDir() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    std::string file(const std::string& name) const { return pf::to_utf8(path / pf::to_path(name)); }
};

}  // namespace

TEST_CASE("UTF-8 paths survive the trip to the system's path type and back") {
    for (std::string s : {"C:\\Users\\Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez\\Documents\\\xC3\x89valuations",
                          "/home/ana/\xE8\xA9\x95\xE4\xBE\xA1/review.json", "plain.json"})
        CHECK(pf::to_utf8(pf::to_path(s)) == s);
    // The file name is what the system sees: one component, the accented name.
    CHECK(pf::to_utf8(pf::to_path("dir/\xC3\x89t\xC3\xA9.json").filename()) == "\xC3\x89t\xC3\xA9.json");
}

TEST_CASE("a review file under an accented folder is written, replaced whole and read back") {
    AccentedDir d;
    std::string path = d.file("revue-\xC3\xA9t\xC3\xA9.json");
    fw::write_output(path, "first", fw::KeepFiles{});
    CHECK(fw::read_text_file(path) == "first");
    fw::write_output(path, "second version", fw::KeepFiles{});
    CHECK(fw::read_text_file(path) == "second version");

    long long size = -1;
    CHECK(pf::kind_of(path, &size) == pf::Kind::file);
    CHECK(size == 14);
    CHECK(pf::kind_of(pf::to_utf8(d.path)) == pf::Kind::folder);
    CHECK(pf::kind_of(d.file("nothing-here.json")) == pf::Kind::missing);

    size_t entries = 0;
    for (auto& e : fs::directory_iterator(d.path)) {
        ++entries;
        CHECK(pf::to_utf8(e.path().filename()) == "revue-\xC3\xA9t\xC3\xA9.json");  // no temporary file left
    }
    CHECK(entries == 1);

    CHECK_THROWS_AS(fw::read_text_file(d.file("missing.json")), fw::InputError);
    CHECK_THROWS(fw::write_output(d.file("no-such-folder/x.json"), "x", fw::KeepFiles{}));
    CHECK(pf::remove_file(path) == 0);
    CHECK(pf::kind_of(path) == pf::Kind::missing);
}

TEST_CASE("create_private refuses a file that exists, create_temp makes distinct files") {
    AccentedDir d;
    std::string path = d.file("workstation.db");
    int fd = pf::create_private(path);
    REQUIRE(fd >= 0);
    CHECK(pf::write_some(fd, "abc", 3) == 3);
    CHECK(pf::flush_to_disk(fd) == 0);
    CHECK(pf::close_file(fd) == 0);
    CHECK(pf::create_private(path) == -1);

    std::string a, b;
    int fa = pf::create_temp("fidelity-test", a), fb = pf::create_temp("fidelity-test", b);
    REQUIRE(fa >= 0);
    REQUIRE(fb >= 0);
    CHECK(a != b);
    pf::close_file(fa);
    pf::close_file(fb);
    CHECK(pf::remove_file(a) == 0);
    CHECK(pf::remove_file(b) == 0);
}

TEST_CASE("a private folder is made with its parents, and only its owner may use it") {
    AccentedDir d;
    std::string folder = pf::to_utf8(d.path / pf::to_path("a") / pf::to_path("fidelity-workstation"));
    pf::make_private_folder(folder);
    CHECK(pf::kind_of(folder) == pf::Kind::folder);
    pf::make_private_folder(folder);  // a second time is fine
#ifdef _WIN32
    PSECURITY_DESCRIPTOR sd = nullptr;
    PACL dacl = nullptr;
    std::wstring w = pf::to_path(folder).native();
    REQUIRE(GetNamedSecurityInfoW(w.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                                  nullptr, &sd) == ERROR_SUCCESS);
    REQUIRE(dacl != nullptr);
    // Entries allowing the user, SYSTEM and Administrators; nothing for
    // Everyone, Users or Authenticated Users.
    std::vector<std::string> sids;
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        void* ace = nullptr;
        REQUIRE(GetAce(dacl, i, &ace));
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        CHECK(allowed->Header.AceType == ACCESS_ALLOWED_ACE_TYPE);
        LPWSTR text = nullptr;
        REQUIRE(ConvertSidToStringSidW(reinterpret_cast<PSID>(&allowed->SidStart), &text));
        sids.push_back(pf::to_utf8(fs::path(text)));
        LocalFree(text);
    }
    LocalFree(sd);
    std::sort(sids.begin(), sids.end());
    for (const char* other : {"S-1-1-0", "S-1-5-11", "S-1-5-32-545"})  // Everyone, Authenticated Users, Users
        CHECK(std::find(sids.begin(), sids.end(), other) == sids.end());
    CHECK(std::any_of(sids.begin(), sids.end(), [](const std::string& s) { return s.rfind("S-1-5-21-", 0) == 0; }));
    if (GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version")) {
        // Wine keeps a folder's ACL as Unix permission bits: what it reads
        // back is the owner and group, not the list that was set.
        MESSAGE("under Wine: checked that only the user has access, not the exact list");
    } else {
        REQUIRE(sids.size() == 3);
        CHECK(sids[0] == "S-1-5-18");                // SYSTEM
        CHECK(sids[1].rfind("S-1-5-21-", 0) == 0);  // the user
        CHECK(sids[2] == "S-1-5-32-544");            // Administrators
    }
#else
    struct stat st {};
    REQUIRE(::stat(folder.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
#endif
}

TEST_CASE("the program knows its own file, its user and the user's data folder") {
    std::string exe = pf::executable_path();
    REQUIRE_FALSE(exe.empty());
    CHECK(pf::to_utf8(pf::to_path(exe).filename()).rfind("test_core", 0) == 0);
    CHECK(pf::kind_of(exe) == pf::Kind::file);
    CHECK_FALSE(pf::user_name().empty());
    CHECK_FALSE(pf::user_data_folder().empty());
    CHECK(pf::resident_memory_kib() > 0);
}

TEST_CASE("UTC calendar time converts both ways") {
    std::time_t t = 1795000000;  // 2026-11-18T11:06:40Z
    std::tm tm = pf::utc_time(t);
    CHECK(tm.tm_year == 126);
    CHECK(tm.tm_mon == 10);
    CHECK(tm.tm_mday == 18);
    CHECK(tm.tm_hour == 11);
    CHECK(pf::from_utc(&tm) == t);
}
