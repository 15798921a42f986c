// `fidelity report` and `fidelity verify` as users run them: exit status,
// messages, and nothing written on failure.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using nlohmann::json;
using test::bin;
using test::run;

namespace {

json example_json() { return json::parse(rt::slurp(rt::kExample)); }

}  // namespace

TEST_CASE("fidelity report: PDF, workbook and action plan in one run") {
    rt::TempDir dir;
    auto r = run({bin("fidelity"), "report", rt::kExample, "--pdf", dir.at("r.pdf"), "--xlsx", dir.at("r.xlsx"),
                  "--action-plan", dir.at("plan.xlsx")});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
    CHECK(dir.count() == 3);
    CHECK(rt::pdf_text(dir.at("r.pdf")).find("Final Fidelity Review Report") != std::string::npos);
    auto a = run({bin("fidelity"), "report", rt::kExample, "--action-plan", dir.at("plan.pdf")});
    CHECK(a.status == 0);
    CHECK(rt::pdf_text(dir.at("plan.pdf")).find("Fidelity Action Plan") != std::string::npos);
}

TEST_CASE("fidelity report: a final report needs the final report date") {
    rt::TempDir dir;
    json j = example_json();
    j["review"].erase("final_report_date");
    j.erase("contests");
    std::string file = dir.file("draft.json", j.dump(2));
    auto r = run({bin("fidelity"), "report", file, "--stage", "final", "--pdf", dir.at("out.pdf")});
    CHECK(r.status == 2);
    CHECK(r.err.find(file) != std::string::npos);
    CHECK(r.err.find("no final report date") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.at("out.pdf")));
    // Without --stage it is a draft.
    auto d = run({bin("fidelity"), "report", file, "--pdf", dir.at("out.pdf")});
    CHECK_MESSAGE(d.status == 0, d.err);
    CHECK(rt::pdf_text(dir.at("out.pdf")).find("Draft Fidelity Review Report") != std::string::npos);
}

TEST_CASE("fidelity report: nothing is written when any output cannot be") {
    rt::TempDir dir;
    auto r = run({bin("fidelity"), "report", rt::kExample, "--pdf", dir.at("ok.pdf"), "--xlsx", dir.at("no/such/folder/x.xlsx")});
    CHECK(r.status == 2);
    CHECK(r.err.find("no/such/folder") != std::string::npos);
    CHECK(r.err.find("does not exist") != std::string::npos);
    CHECK(dir.count() == 0);
    auto bad = run({bin("fidelity"), "report", rt::kExample, "--action-plan", dir.at("plan.docx")});
    CHECK(bad.status == 2);
    CHECK(bad.err.find(".pdf or .xlsx") != std::string::npos);
    auto none = run({bin("fidelity"), "report", rt::kExample});
    CHECK(none.status == 2);
    CHECK(none.err.find("--pdf") != std::string::npos);
    json j = example_json();
    j["ratings"].erase(j["ratings"].begin() + 4);
    std::string incomplete = dir.file("incomplete.json", j.dump());
    auto inc = run({bin("fidelity"), "report", incomplete, "--pdf", dir.at("x.pdf")});
    CHECK(inc.status == 2);
    CHECK(inc.err.find("organization.2") != std::string::npos);
    CHECK(dir.count() == 1);  // the incomplete review file only
}

TEST_CASE("fidelity report --history: earlier reviews of the same program only") {
    rt::TempDir dir;
    json earlier = example_json();
    earlier["review"]["visit_start"] = "2025-03-03";
    earlier["review"]["visit_end"] = "2025-03-04";
    earlier["review"]["draft_report_date"] = "2025-03-21";
    earlier["review"]["final_report_date"] = "2025-04-11";
    earlier.erase("contests");
    std::string e = dir.file("2025.json", earlier.dump());
    auto ok = run({bin("fidelity"), "report", rt::kExample, "--history", e, "--pdf", dir.at("h.pdf"), "--xlsx", dir.at("h.xlsx")});
    CHECK_MESSAGE(ok.status == 0, ok.err);
    CHECK(rt::pdf_text(dir.at("h.pdf")).find("Total score across reviews") != std::string::npos);

    auto same = run({bin("fidelity"), "report", rt::kExample, "--history", rt::kExample, "--pdf", dir.at("s.pdf")});
    CHECK(same.status == 2);
    CHECK(same.err.find("is not an earlier review") != std::string::npos);

    earlier["program"]["team"] = "Another Team";
    std::string other = dir.file("other.json", earlier.dump());
    auto bad = run({bin("fidelity"), "report", rt::kExample, "--history", other, "--pdf", dir.at("o.pdf")});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("Another Team") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.at("o.pdf")));
}

TEST_CASE("fidelity verify: matches, or says what does not") {
    rt::TempDir dir;
    REQUIRE(run({bin("fidelity"), "report", rt::kExample, "--pdf", dir.at("final.pdf")}).status == 0);
    auto same = run({bin("fidelity"), "verify", dir.at("final.pdf"), rt::kExample});
    CHECK(same.status == 0);
    CHECK(same.out.find("matches") != std::string::npos);

    // The same review written differently (indentation, key order) still matches.
    std::string compact = dir.file("compact.json", example_json().dump());
    CHECK(run({bin("fidelity"), "verify", dir.at("final.pdf"), compact}).status == 0);

    json j = example_json();
    j["ratings"][17]["score"] = 4;  // services.7
    std::string changed = dir.file("changed.json", j.dump());
    auto diff = run({bin("fidelity"), "verify", dir.at("final.pdf"), changed});
    CHECK(diff.status == 2);
    CHECK(diff.err.find("does not match") != std::string::npos);
    CHECK(diff.err.find("services.7") != std::string::npos);
    CHECK(diff.err.find("3 in the report and 4 in the review file") != std::string::npos);

    auto notpdf = run({bin("fidelity"), "verify", rt::kExample, rt::kExample});
    CHECK(notpdf.status == 2);
    CHECK(notpdf.err.find("PDF") != std::string::npos);
}
