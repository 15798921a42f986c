#pragma once
// Helpers for the report tests: the shipped catalog and example review, a
// temporary folder, and the readers that look at outputs the way people do
// (pdftotext, pdffonts, openpyxl).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/catalog.hpp"
#include "core/review_file.hpp"
#include "core/rules.hpp"
#include "reports/reports.hpp"
#include "support/process.hpp"

namespace rt {

namespace fs = std::filesystem;

inline const std::string kExample = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";

inline fw::Catalog& catalog() {
    static fw::Catalog c(FIDELITY_BUILD_DATA_DIR);
    return c;
}
inline const fw::Scale& scale() { return catalog().scale("ips-se-25"); }
inline const fw::Policy& policy(const std::string& id = "nc-2020") { return catalog().policy(id); }
inline fw::Review example() { return fw::read_review_file(kExample, catalog()); }
inline fw::Date day(const char* iso) { return *fw::Date::parse(iso); }

inline fw::reports::ReportOptions options(fw::reports::ReportOptions::Stage stage = fw::reports::ReportOptions::Stage::final) {
    fw::reports::ReportOptions o;
    o.stage = stage;
    o.data_dir = FIDELITY_BUILD_DATA_DIR;
    o.generated_on = day("2026-04-20");
    return o;
}

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/fidelity-reports-test-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string at(const std::string& name) const { return (path / name).string(); }
    std::string file(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return at(name);
    }
    size_t count() const { return size_t(std::distance(fs::directory_iterator(path), fs::directory_iterator{})); }
};

inline std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The text a reader copies out of the PDF (UTF-8), pages separated by \f.
inline std::string pdf_text(const std::string& pdf) {
    auto r = test::run({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf, "-"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
}

inline std::string without_space(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\f' && c != '\t' && c != '\r') out += c;
    return out;
}

// Whether `phrase` is in `text` once line breaks and spaces are set aside:
// wrapped lines and table cells come out of pdftotext broken differently.
inline bool has(const std::string& text, const std::string& phrase) {
    return without_space(text).find(without_space(phrase)) != std::string::npos;
}

// openpyxl, as a reader that does not recalculate formulas, runs `script`
// with the workbook as sys.argv[1]; the script prints what the test checks.
inline std::string openpyxl(const std::string& xlsx, const std::string& script) {
    auto r = test::run({"/usr/bin/python3", "-c", "import sys, json, openpyxl\n" + script, xlsx});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
}

}  // namespace rt
