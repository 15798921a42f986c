// Issue 10: reading review files of any shape in linear time, keeping
// unknown keys in order, and the attachment limits every reader and writer
// applies.
#include <doctest/doctest.h>

#include <chrono>

#include "core/error.hpp"
#include "core/json_reader.hpp"
#include "core/limits.hpp"
#include "core/review_file.hpp"
#include "support.hpp"

using namespace fw;

namespace {

const std::string kSample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

// The example with `n` unknown keys at the top and `n` in the first rating.
std::string with_unknown_keys(std::size_t n) {
    std::string text = test::slurp(kSample);
    std::string keys;
    for (std::size_t i = 0; i < n; ++i) keys += "\"x" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
    std::string top = text;
    top.insert(top.find('{') + 1, "\n" + keys);
    auto rating = top.find("\"ratings\"");
    rating = top.find('{', rating);
    top.insert(rating + 1, keys);
    return top;
}

double seconds_to_read(const std::string& text) {
    auto t0 = std::chrono::steady_clock::now();
    Review r = read_review_text(text, "many.json", test::ips());
    CHECK(r.ratings.size() == 25);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string first_problem(const std::string& text) {
    try {
        parse_review(text, "r.json");
    } catch (const InputError& e) {
        return e.lines().front();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("review reading: ten times the keys costs about ten times the work, not a hundred") {
    // Keys were looked up one by one in the object built so far: 100,000 of
    // them took 20-56 s. The bound is generous (30x for 10x the keys, plus
    // 2 s) and still far below the hundredfold that quadratic reading costs.
    std::string small = with_unknown_keys(20000), large = with_unknown_keys(200000);
    double t_small = seconds_to_read(small);
    double t_large = seconds_to_read(large);
    CHECK_MESSAGE(t_large < 30 * t_small + 2.0, "20,000 keys: " << t_small << " s; 200,000 keys: " << t_large << " s");
}

TEST_CASE("review reading: unknown keys come back in their order, duplicates named by pointer") {
    std::string text = with_unknown_keys(1000);
    Review r = parse_review(text, "r.json");
    REQUIRE(r.extra.size() == 1000);
    REQUIRE(r.ratings[0].extra.size() == 1000);
    std::size_t i = 0;
    for (const auto& [key, value] : r.extra.items()) {
        CHECK(key == "x" + std::to_string(i));
        CHECK(value == i);
        ++i;
    }
    std::string back = write_review(r);
    Json j = read_json(back, "back.json");
    CHECK(j.begin().key() == "format");  // known keys first
    CHECK(parse_review(back, "back.json").extra == r.extra);

    // A duplicate among many, in a nested object: its pointer.
    std::string dup = text;
    dup.insert(dup.rfind("\"x999\": 999") + 12, "\"x5\": 1, ");  // in the first rating
    CHECK(first_problem(dup).find("/ratings/0/x5: the key 'x5' appears twice") != std::string::npos);
    CHECK(first_problem(R"({"a": [1, {"b": 1, "c": [2, 3, {"d": 1, "d": 2}]}]})").find("/a/1/c/2/d: the key 'd'") !=
          std::string::npos);
    CHECK(first_problem(R"({"a": [1, 2, 1e99999]})").find("r.json: /a/2: not valid JSON: a number out of range") == 0);
    CHECK(first_problem("{\n  \"a\": [1,\n  }").find("r.json:3:3: not valid JSON") == 0);
}

TEST_CASE("review limits: an attachment over 20 MiB is refused by the reader, not only by import") {
    Json j = read_json(test::slurp(kSample), "r.json");
    Json attachment = Json::object();
    attachment["name"] = "scan.pdf";
    attachment["media_type"] = "application/pdf";
    // 21 MiB of zero bytes in base64.
    attachment["data_base64"] = std::string((std::size_t(21) << 20) / 3 * 4, 'A');
    j["contests"][0]["attachments"] = Json::array({attachment});
    try {
        read_review_text(j.dump(), "big.json", test::ips());
        FAIL("a 21 MiB attachment was accepted");
    } catch (const InputError& e) {
        CHECK(e.lines().front().find("big.json: /contests/0/attachments/0: the attachment \"scan.pdf\"") == 0);
        CHECK(e.lines().front().find("at most 20.0 MiB") != std::string::npos);
    }
}

TEST_CASE("review limits: all of a review's attachments together, export refuses what import would") {
    Review r = read_review_text(test::slurp(kSample), "r.json", test::ips());
    r.contests[0].attachments.clear();
    for (int i = 0; i < 6; ++i)
        r.contests[0].attachments.push_back({"scan.pdf", "application/pdf", std::string(kMaxAttachmentBytes, 'x')});
    CHECK(attachment_problems(r).empty());  // 120 MiB
    std::string text = write_review(r);
    CHECK(text.size() < kMaxReviewFileBytes);
    r.contests[0].attachments.push_back({"one-more.pdf", "application/pdf", std::string(9u << 20, 'y')});
    auto problems = attachment_problems(r);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].place.pointer == "/contests");
    CHECK(problems[0].message.find("129.0 MiB") != std::string::npos);
    CHECK_THROWS_WITH_AS(write_review(r), doctest::Contains("at most 128.0 MiB"), RuleError);
}
