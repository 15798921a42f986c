#include "limits.hpp"

#include <cstdio>

namespace fw {

std::string mib_text(std::size_t bytes) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1u << 20));
    return buf;
}

std::vector<Problem> attachment_problems(const Review& r) {
    std::vector<Problem> out;
    std::size_t total = 0;
    for (std::size_t i = 0; i < r.contests.size(); ++i) {
        const Contest& c = r.contests[i];
        for (std::size_t k = 0; k < c.attachments.size(); ++k) {
            const Attachment& a = c.attachments[k];
            total += a.data.size();
            if (a.data.size() > kMaxAttachmentBytes)
                out.push_back(
                    {Place::at_pointer("/contests/" + std::to_string(i) + "/attachments/" + std::to_string(k)),
                     "the attachment \"" + a.name + "\" of the contest of " + c.item + " is " +
                         mib_text(a.data.size()) + "; an attachment may be at most " + mib_text(kMaxAttachmentBytes)});
        }
    }
    if (total > kMaxReviewAttachmentBytes)
        out.push_back({Place::at_pointer("/contests"), "the review's attachments come to " + mib_text(total) +
                                                           "; one review's attachments may come to at most " +
                                                           mib_text(kMaxReviewAttachmentBytes)});
    return out;
}

}  // namespace fw
