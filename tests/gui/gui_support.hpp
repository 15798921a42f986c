#pragma once
// Shared by the window's tests: the temporary folder, settings for a frame,
// pumping the event loop, and driving modal dialogs from a timer.
#include <wx/app.h>
#include <wx/dialog.h>
#include <wx/timer.h>
#include <wx/toplevel.h>
#include <wx/utils.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <string>

#include "app/main_frame.hpp"
#include "app/program_list.hpp"
#include "core/date.hpp"

namespace gui {

extern std::filesystem::path g_tmp;

inline void pump(int rounds = 10) {
    for (int i = 0; i < rounds; ++i) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
}

inline fw::app::AppSettings settings() {
    fw::app::AppSettings s;
    s.data_dir = FIDELITY_BUILD_DATA_DIR;
    s.actor = "Ana Ruiz";
    s.example_review = std::string(FIDELITY_SOURCE_DIR) + "/docs/examples/concord-2026-final.json";
    s.example_db = (g_tmp / "sample.db").string();
    s.user_guide = std::string(FIDELITY_BUILD_DATA_DIR) + "/doc/user-guide.html";
    return s;
}

inline fw::Date day(const char* iso) { return *fw::Date::parse(iso); }

// Programs and the reviews listed under them.
inline int shown(fw::app::MainFrame* frame) { return int(frame->List()->Lines().size()); }

// Acts on modal dialogs as they come up, one action each time a dialog is
// shown (a dialog shown again after a refusal gets the next action).
class DialogDriver {
public:
    explicit DialogDriver(std::deque<std::function<void(wxDialog*)>> actions) : actions_(std::move(actions)) {
        timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); });
        timer_.Start(150);
    }
    ~DialogDriver() { timer_.Stop(); }
    size_t left() const { return actions_.size(); }

private:
    void tick() {
        if (busy_ || actions_.empty()) return;
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal() && d->IsShown()) {
                busy_ = true;
                auto act = std::move(actions_.front());
                actions_.pop_front();
                act(d);
                busy_ = false;
                return;
            }
    }
    std::deque<std::function<void(wxDialog*)>> actions_;
    wxTimer timer_;
    bool busy_ = false;
};

// The first child of `parent` (any depth) of type T.
template <class T>
T* find_child(wxWindow* parent) {
    for (wxWindow* c : parent->GetChildren()) {
        if (auto* t = dynamic_cast<T*>(c)) return t;
        if (T* t = find_child<T>(c)) return t;
    }
    return nullptr;
}

}  // namespace gui
