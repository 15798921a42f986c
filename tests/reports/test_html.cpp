// The HTML report read back as a browser's accessibility tree would see it:
// language, title, heading levels in order, tables with header cells and
// scope, charts with a text alternative, nothing loaded from elsewhere.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "reports/basis.hpp"
#include "support.hpp"

using namespace fw::reports;
using nlohmann::json;

using namespace std::string_literals;  // "...\0..."s: the literal's own length, NULs included

namespace {

const char* kOutline = R"PY(
import sys, json
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.out = {"lang": None, "title": "", "headings": [], "th": [], "svg": [], "external": [], "open": []}
        self.stack, self.text_of = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html": self.out["lang"] = a.get("lang")
        if tag in ("title", "h1", "h2", "h3", "h4", "desc"): self.text_of = [tag, ""]
        if tag == "th": self.out["th"].append(a.get("scope"))
        if tag == "svg": self.out["svg"].append({"role": a.get("role"), "labelledby": a.get("aria-labelledby")})
        if tag in ("script", "link", "img", "iframe") or any(k in ("src", "href") for k in a): self.out["external"].append(tag)
        if tag not in ("br", "meta", "line", "rect", "polyline"): self.stack.append(tag)
    def handle_endtag(self, tag):
        if self.text_of and self.text_of[0] == tag:
            t, s = self.text_of
            if t == "title" and "svg" not in self.stack[:-1]: self.out["title"] = s
            elif t == "desc": self.out["svg"][-1]["desc"] = s
            elif t.startswith("h"): self.out["headings"].append([int(t[1]), s])
            self.text_of = None
        if tag in ("br", "meta", "line", "rect", "polyline"): return
        if not self.stack or self.stack[-1] != tag: self.out["open"].append(tag)
        else: self.stack.pop()
    def handle_data(self, d):
        if self.text_of: self.text_of[1] += d
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.out["unclosed"] = p.stack
print(json.dumps(p.out))
)PY";

json outline(const std::string& html) {
    auto r = test::run({"/usr/bin/python3", "-c", kOutline, html});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("HTML report: one self-contained, well-formed, accessible file with the report's content") {
    rt::TempDir dir;
    std::string html = dir.at("r.html");
    auto run = test::run({test::bin("fidelity"), "report", rt::kExample, "--html", html});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    json o = outline(html);
    CHECK(o["lang"] == "en-US");
    CHECK(o["title"] == "Final fidelity review report: Concord IPS Team");
    CHECK(o["external"].empty());
    CHECK(o["open"].empty());
    CHECK(o["unclosed"].empty());
    // One h1, and no heading more than one level below the one before it.
    int h1 = 0, last = 0;
    for (const auto& h : o["headings"]) {
        int level = h[0];
        h1 += level == 1;
        CHECK_MESSAGE(level <= last + 1, h[1].get<std::string>());
        last = level;
    }
    CHECK(h1 == 1);
    for (const auto& th : o["th"]) CHECK((th == "col" || th == "row" || th == "rowgroup"));
    CHECK(o["th"].size() > 30);
    REQUIRE(o["svg"].size() == 1);
    CHECK(o["svg"][0]["role"] == "img");
    CHECK(o["svg"][0]["desc"].get<std::string>().find("Caseload size 5") != std::string::npos);

    std::string text = rt::slurp(html);
    fw::Review r = rt::example();
    fw::Summary s = fw::summarize(r, rt::scale(), rt::policy());
    for (const auto& item : rt::scale().items) CHECK(text.find(item.name) != std::string::npos);
    CHECK(text.find(std::to_string(*s.total) + " of 125") != std::string::npos);
    CHECK(text.find(s.tier->name) != std::string::npos);
    CHECK(text.find(short_date(s.next_review->earliest)) != std::string::npos);
    CHECK(text.find("as written for the draft report") != std::string::npos);
    CHECK(text.find(review_fingerprint(r)) != std::string::npos);
}

TEST_CASE("HTML report: text is escaped, control characters shown as \\uXXXX as in every output") {
    rt::TempDir dir;
    fw::Review r = rt::example();
    r.rating("staffing.1")->evidence = "<script>alert(1)</script> & \"x\" cut\0here"s;
    std::string html = make_html(r, rt::scale(), rt::policy(), rt::options());
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; cut\\u0000here") != std::string::npos);
    CHECK(html.find('\0') == std::string::npos);
}
