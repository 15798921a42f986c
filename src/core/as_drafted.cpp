#include "as_drafted.hpp"

namespace fw {

Review as_drafted(const Review& r) {
    Review d = r;
    // Newest first, so an item amended twice ends at its first "from".
    for (auto it = r.amendments.rbegin(); it != r.amendments.rend(); ++it)
        if (it->from != it->to)
            if (Rating* rt = d.rating(it->item)) rt->score = it->from;
    d.amendments.clear();
    d.contests.clear();
    d.review.final_report_date.reset();
    return d;
}

}  // namespace fw
