#include "catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "detail_ids.hpp"
#include "error.hpp"
#include "platform/platform.hpp"

namespace fw {
namespace fs = std::filesystem;

Catalog::Catalog(std::string data_dir) : dir_(std::move(data_dir)) {}

std::string Catalog::default_data_dir() {
    if (const char* env = std::getenv("FIDELITY_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    // bin/../share/fidelity-workstation: the build tree, the .deb and the
    // Windows installation all have this layout.
    if (std::string exe = platform::executable_path(); !exe.empty()) {
        fs::path candidate = platform::to_path(exe).parent_path().parent_path() / "share" / "fidelity-workstation";
        if (fs::is_directory(candidate / "scales", ec)) return platform::to_utf8(candidate);
    }
    return "/usr/share/fidelity-workstation";
}

std::string Catalog::scales_dir() const { return platform::to_utf8(platform::to_path(dir_) / "scales"); }
std::string Catalog::policies_dir() const { return platform::to_utf8(platform::to_path(dir_) / "scales" / "policies"); }

const Scale& Catalog::scale(const std::string& id) {
    if (auto it = scales_.find(id); it != scales_.end()) return *it->second;
    if (!detail::is_safe_id(id)) throw NotInCatalog("\"" + id + "\" is not a scale id");
    fs::path p = platform::to_path(scales_dir()) / (id + ".toml");
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
        throw NotInCatalog("unknown scale \"" + id + "\" (there is no " + platform::to_utf8(p) + ")");
    auto s = std::make_unique<Scale>(load_scale(platform::to_utf8(p)));
    return *scales_.emplace(id, std::move(s)).first->second;
}

const Policy& Catalog::policy(const std::string& id) {
    if (auto it = policies_.find(id); it != policies_.end()) return *it->second;
    if (!detail::is_safe_id(id)) throw NotInCatalog("\"" + id + "\" is not a policy id");
    fs::path p = platform::to_path(policies_dir()) / (id + ".toml");
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
        throw NotInCatalog("unknown policy \"" + id + "\" (there is no " + platform::to_utf8(p) + ")");
    auto pol = std::make_unique<Policy>(load_policy(platform::to_utf8(p)));
    for (const auto& sid : pol->scales) {
        fs::path sp = platform::to_path(scales_dir()) / (sid + ".toml");
        if (fs::is_regular_file(sp, ec)) check_policy_covers(*pol, scale(sid));
    }
    return *policies_.emplace(id, std::move(pol)).first->second;
}

static std::vector<std::string> toml_stems(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(platform::to_path(dir), ec))
        if (e.is_regular_file() && e.path().extension() == ".toml") out.push_back(platform::to_utf8(e.path().stem()));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Catalog::scale_ids() const { return toml_stems(scales_dir()); }
std::vector<std::string> Catalog::policy_ids() const { return toml_stems(policies_dir()); }

std::vector<const Policy*> Catalog::editions() {
    std::vector<const Policy*> out;
    for (const auto& id : policy_ids()) {
        try {
            out.push_back(&policy(id));
        } catch (const std::exception&) {
        }
    }
    return out;
}

void check_policy_covers(const Policy& policy, const Scale& scale) {
    if (policy.tiers.empty()) return;
    int lo = policy.tiers.front().min_total, hi = policy.tiers.back().max_total;
    if (lo > scale.min_total() || hi < scale.max_total())
        throw InputError(policy.file, Problem{{}, "tiers cover totals " + std::to_string(lo) + "-" + std::to_string(hi) +
                                                      ", but scale " + scale.id + " gives totals from " +
                                                      std::to_string(scale.min_total()) + " to " +
                                                      std::to_string(scale.max_total())});
}

}  // namespace fw
