#pragma once
// The one rule for control characters in text shown to people (terminal
// output, messages; the workbook and the PDF follow it too): the text is
// kept as it is, except
// - C0 controls (U+0000-U+001F), DEL (U+007F) and C1 controls
//   (U+0080-U+009F) are shown as \uXXXX (JSON's escape, upper-case hex), so
//   that a NUL cuts nothing and an escape sequence reaches no terminal;
// - in multi-line text (evidence, notes, rationale), a line feed (and a
//   carriage return before it) and a tab stay as they are;
// - a byte that is not UTF-8 becomes U+FFFD, as in the review file.
// The review file itself is JSON: its writer escapes controls the same way
// (\u0000), and reading it back gives the text unchanged.
#include <string>
#include <string_view>

namespace fw {

std::string printable(std::string_view text, bool multiline = false);

}  // namespace fw
