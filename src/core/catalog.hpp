#pragma once
// Finds scales and policies by id in the data folder (scales/<id>.toml,
// scales/policies/<id>.toml), loads each once, and checks that a policy's
// tiers cover the totals of the scales it names.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "policy.hpp"
#include "scale.hpp"

namespace fw {

class NotInCatalog : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Catalog {
public:
    // `data_dir` holds scales/ (and scales/policies/).
    explicit Catalog(std::string data_dir);

    // The data folder of this installation: $FIDELITY_DATA_DIR if set, else
    // <program dir>/../share/fidelity-workstation (the same in a build tree
    // and an installed copy).
    static std::string default_data_dir();

    const std::string& data_dir() const { return dir_; }
    std::string scales_dir() const;
    std::string policies_dir() const;

    // Throw NotInCatalog when there is no such file, InputError when the file
    // is wrong (naming its line).
    const Scale& scale(const std::string& id);
    const Policy& policy(const std::string& id);

    std::vector<std::string> scale_ids() const;
    std::vector<std::string> policy_ids() const;
    // Every installed policy that loads: the editions, to tell which one was
    // in force at a visit. A broken file is left out here (it is reported
    // when a review names it).
    std::vector<const Policy*> editions();

private:
    std::string dir_;
    std::map<std::string, std::unique_ptr<Scale>> scales_;
    std::map<std::string, std::unique_ptr<Policy>> policies_;
};

// The policy's tiers must cover every total the scale can give.
void check_policy_covers(const Policy& policy, const Scale& scale);

}  // namespace fw
