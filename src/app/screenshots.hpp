#pragma once
#include <string>

namespace fw::app {
class MainFrame;
// Takes the user guide's screenshots (PNG, the window at 1366x768, and
// two at 1024x600) into
// `folder`, then closes the window. Run under Xvfb by docs/screenshots.sh.
void take_screenshots(MainFrame* frame, const std::string& folder);
}  // namespace fw::app
