#include <doctest/doctest.h>

#include "core/printable.hpp"

using fw::printable;

TEST_CASE("printable: controls as \\uXXXX, line breaks kept only in multi-line text, bad UTF-8 replaced") {
    using namespace std::string_literals;
    CHECK(printable("plain Núñez 名前") == "plain Núñez 名前");
    CHECK(printable("a\0b"s) == "a\\u0000b");
    CHECK(printable("\x1b[31mred\x7f") == "\\u001B[31mred\\u007F");
    CHECK(printable("c1 \xc2\x85 \xc2\x9f \xc2\xa0") == "c1 \\u0085 \\u009F \xc2\xa0");
    CHECK(printable("one\ntwo\tthree\r\n") == "one\\u000Atwo\\u0009three\\u000D\\u000A");
    CHECK(printable("one\ntwo\tthree\r\nfour\rfive\0"s, true) == "one\ntwo\tthree\r\nfour\\u000Dfive\\u0000");
    CHECK(printable("bad \xff \xc3( \xe2\x82 end") == "bad \xEF\xBF\xBD \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD end");
    CHECK(printable("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate is not UTF-8
}
