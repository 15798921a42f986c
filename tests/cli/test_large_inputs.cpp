// Issue 10: a large review costs memory in proportion to its size, and
// running out of memory ends with a message, not an abort.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/process.hpp"

namespace fs = std::filesystem;
using test::bin;
using test::run;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed memory aside and reserves terabytes of
// address space: neither peak memory nor an address-space limit means
// anything in that build.
constexpr bool kMeasurable = false;
#else
constexpr bool kMeasurable = true;
#endif

struct BigReview {
    fs::path dir;
    std::string path;
    std::size_t size = 0;
    // The example with five attachments of 20 MiB (100 MiB, the most a
    // review may hold is 128): a file of about 140 MB.
    // Written piece by piece: were the test to hold the file, the program
    // it starts would count the test's memory as its own (posix_spawn shares
    // it until exec).
    BigReview() {
        char tmpl[] = "/tmp/fidelity-big-XXXXXX";
        dir = mkdtemp(tmpl);
        path = (dir / "big.json").string();
        std::ifstream in(kSample);
        auto j = nlohmann::ordered_json::parse(in);
        auto a = nlohmann::ordered_json::array();
        for (int i = 0; i < 5; ++i)
            a.push_back({{"name", "scan" + std::to_string(i) + ".pdf"},
                         {"media_type", "application/pdf"},
                         {"data_base64", "@"}});
        j["contests"][0]["attachments"] = a;
        std::string text = j.dump(1);
        std::ofstream out(path, std::ios::binary);
        const std::string chunk(4 << 20, 'A');
        const std::size_t base64 = (std::size_t(20) << 20) / 3 * 4;  // 20 MiB of zero bytes
        std::size_t at = 0;
        for (std::size_t next; (next = text.find("\"@\"", at)) != std::string::npos; at = next + 3) {
            out << text.substr(at, next - at) << '"';
            for (std::size_t done = 0; done < base64; done += chunk.size())
                out.write(chunk.data(), std::streamsize(std::min(chunk.size(), base64 - done)));
            out << '"';
        }
        out << text.substr(at);
        out.close();
        size = fs::file_size(path);
    }
    ~BigReview() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("large review: memory at most three times the file's size") {
    if (!kMeasurable) return;
    BigReview big;
    for (const char* command : {"validate", "score"}) {
        auto r = run({bin("fidelity"), command, big.path});
        CAPTURE(command);
        CHECK_MESSAGE(r.status == 0, r.err);
        // 5.9 GB were used for a 200 MB review.
        CHECK_MESSAGE(double(r.max_rss_kb) * 1024 < 3.0 * double(big.size),
                      "peak " << r.max_rss_kb / 1024 << " MiB for a file of " << big.size / (1 << 20) << " MiB");
    }
}

TEST_CASE("large review: out of memory is exit 1 with a message, never an abort") {
    if (!kMeasurable) return;
    // Many small values (100,000 objects of ten members, about 28 MB): the
    // document is several times the file, and freeing it needs memory too.
    char tmpl[] = "/tmp/fidelity-oom-XXXXXX";
    fs::path dir = mkdtemp(tmpl);
    std::string path = (dir / "notes.json").string();
    {
        std::ifstream in(kSample);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        std::ofstream out(path, std::ios::binary);
        out << "{\"notes\": [";
        for (int i = 0; i < 100000; ++i) {
            out << (i ? ",{" : "{");
            for (int k = 0; k < 10; ++k) out << (k ? "," : "") << "\"k" << k << "\":\"vvvvvvvvvvvvvvvvvvvv\"";
            out << "}";
        }
        out << "]," << text.substr(text.find('{') + 1);
    }
    int ended_short = 0, done = 0;
    // Address-space limits from too little to enough, in 50 MB steps.
    for (std::size_t mb = 100; mb <= 400; mb += 50) {
        auto r = run({"/usr/bin/prlimit", "--as=" + std::to_string(mb << 20), bin("fidelity"), "validate", path});
        CAPTURE(mb);
        CHECK_MESSAGE((r.status == 0 || r.status == 1), r.err);
        if (r.status == 1) {
            CHECK_MESSAGE(r.err.find("out of memory") != std::string::npos, r.err);
            ++ended_short;
        }
        done += r.status == 0;
    }
    CHECK(ended_short > 0);
    CHECK(done > 0);
    fs::remove_all(dir);
}
