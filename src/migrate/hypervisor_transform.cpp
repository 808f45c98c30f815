#include "migrate/hypervisor_transform.hpp"

#include "core/cluster_fields.hpp"
#include "core/sha256.hpp"
#include "core/slug.hpp"
#include "migrate/text.hpp"
#include "whmcs/html_entities.hpp"

namespace keel::migrate {

namespace {

constexpr int kDefaultPvePort = 8006;
// ModulesGarden's accesshash value for "username is an API token id"; anything else there is a realm.
constexpr std::string_view kTokenMarker = "pveapitoken";

bool is_realm(std::string_view text) {
    if (text.empty() || lower_ascii(text) == kTokenMarker) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string who(const whmcs::HypervisorRow& row, std::string_view name) {
    return "WHMCS server " + std::to_string(row.id) + " (" + std::string(name) + ")";
}

HypervisorRefused refused(HypervisorRefusal reason, std::string detail) {
    return HypervisorRefused{reason, std::move(detail)};
}

// "root!keel" with accesshash "pam" is root@pam!keel: the modules append the realm themselves.
std::string user_with_realm(std::string_view username, std::string_view access_hash) {
    const auto realm = trim(access_hash);
    const auto bang = username.find('!');
    const auto user = username.substr(0, bang);
    if (user.find('@') != std::string_view::npos || !is_realm(realm)) {
        return std::string(username);
    }
    return std::string(user) + "@" + realm +
           std::string(username.substr(bang == std::string_view::npos ? username.size() : bang));
}

}  // namespace

std::string_view to_string(HypervisorRefusal refusal) {
    switch (refusal) {
        case HypervisorRefusal::kPasswordLogin: return "password_login";
        case HypervisorRefusal::kBadName: return "bad_name";
        case HypervisorRefusal::kBadAddress: return "bad_address";
        case HypervisorRefusal::kBadTokenId: return "bad_token_id";
    }
    return "bad_name";
}

std::string slug_of(std::string_view name) {
    const auto decoded = lower_ascii(whmcs::decode_html_entities(name));
    std::string slug;
    bool pending_dash = false;
    for (const char c : decoded) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
        if (!keep) {
            pending_dash = true;
            continue;
        }
        if (pending_dash && !slug.empty()) {
            slug.push_back('-');
        }
        pending_dash = false;
        slug.push_back(c);
    }
    return slug;
}

std::variant<ClusterPlan, HypervisorRefused> plan_cluster(const whmcs::HypervisorRow& row,
                                                          const std::map<std::int64_t, std::string>& names) {
    ClusterPlan plan;
    plan.whmcs_server_id = row.id;
    const auto mapped = names.find(row.id);
    plan.name = mapped != names.end() ? mapped->second : slug_of(row.name);
    if (!is_valid_slug(plan.name)) {
        return refused(HypervisorRefusal::kBadName,
                       who(row, to_valid_utf8(whmcs::decode_html_entities(row.name))) +
                           ": its name gives no cluster name (1-64 of a-z 0-9 . _ -); name it in the mapping's "
                           "[clusters] table");
    }
    auto host = trim(row.hostname);
    if (host.empty()) {
        host = trim(row.ip_address);
    }
    if (host.empty()) {
        return refused(HypervisorRefusal::kBadAddress, who(row, plan.name) + " has neither hostname nor IP address");
    }
    if (host.find(':') != std::string::npos && !host.starts_with("[")) {
        host = "[" + host + "]";  // an IPv6 address
    }
    const int port = row.port > 0 ? row.port : kDefaultPvePort;
    auto url = check_api_url("https://" + host + ":" + std::to_string(port));
    if (!url) {
        return refused(HypervisorRefusal::kBadAddress, who(row, plan.name) + ": " + url.error());
    }
    plan.api_url = *url;

    const auto username = trim(row.username);
    if (username.find('!') == std::string::npos) {
        return refused(HypervisorRefusal::kPasswordLogin,
                       who(row, plan.name) +
                           " logs in with a user and password; Keel uses API tokens only "
                           "(USER@REALM!TOKENID as the server's username, the secret as its password)");
    }
    auto token_id = check_token_id(user_with_realm(username, row.access_hash));
    if (!token_id) {
        return refused(HypervisorRefusal::kBadTokenId, who(row, plan.name) + ": username " + token_id.error());
    }
    plan.token_id = *token_id;
    plan.fingerprint = sha256_hex(plan.api_url + "\n" + plan.token_id + "\n" + row.encrypted_password);
    return plan;
}

}  // namespace keel::migrate
