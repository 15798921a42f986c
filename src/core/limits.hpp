#pragma once
// What one review may hold: the same limits for every reader (validate,
// score, report, import, the window) and every writer (export, the window's
// attach and export), so that whatever is written can be read back.
// README "Limits" and docs/admin/limits.md say the same.
#include <cstddef>
#include <string>
#include <vector>

#include "error.hpp"
#include "review.hpp"

namespace fw {

// One attached file: contest documentation is scans and PDFs, not videos.
inline constexpr std::size_t kMaxAttachmentBytes = std::size_t(20) << 20;
// All the attachments of one review together. In base64 they take 4/3 of
// this in the review file, which leaves room for the rest of the review
// within kMaxReviewFileBytes.
inline constexpr std::size_t kMaxReviewAttachmentBytes = std::size_t(128) << 20;
// A review file, attachments included.
inline constexpr std::size_t kMaxReviewFileBytes = std::size_t(256) << 20;

// "20.0 MiB"
std::string mib_text(std::size_t bytes);

// Every attachment and the review's total within the limits; each problem
// names its place in the review file.
std::vector<Problem> attachment_problems(const Review& review);

}  // namespace fw
