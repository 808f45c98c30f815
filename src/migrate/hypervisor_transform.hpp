#pragma once
// A WHMCS tblservers row of a Proxmox module → the Keel cluster it becomes (issue #11), or why it cannot be one.
// Pure: decrypting the secret and the live check happen in the run.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "whmcs/source_rows.hpp"

namespace keel::migrate {

// What Keel registers for the row (the secret is WHMCS's password, decrypted by the run).
struct ClusterPlan {
    std::int64_t whmcs_server_id = 0;
    std::string name;         // a slug: the mapping's name for this server id, else the slug of tblservers.name
    std::string api_url;      // https://host:port (hostname, else ipaddress; port, else 8006)
    std::string token_id;     // USER@REALM!TOKENID
    std::string fingerprint;  // digest of url, token id and the *encrypted* password: unchanged rows are left alone
};

enum class HypervisorRefusal {
    kPasswordLogin,  // a user + password (ticket login): Keel talks to Proxmox with API tokens only
    kBadName,        // no usable cluster name
    kBadAddress,     // no host, or not a usable https URL
    kBadTokenId,     // looks like a token id but is not USER@REALM!TOKENID
};
std::string_view to_string(HypervisorRefusal refusal);

struct HypervisorRefused {
    HypervisorRefusal reason;
    std::string detail;  // never holds the password
};

// `names`: the mapping's [clusters] table (tblservers id → cluster name).
std::variant<ClusterPlan, HypervisorRefused> plan_cluster(const whmcs::HypervisorRow& row,
                                                          const std::map<std::int64_t, std::string>& names);

// The slug of a WHMCS name: HTML-decoded, lower-case, runs of other characters → '-', trimmed of '-'.
std::string slug_of(std::string_view name);

}  // namespace keel::migrate
