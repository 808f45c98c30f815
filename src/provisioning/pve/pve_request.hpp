#pragma once
// The HTTP requests of the PVE API calls, built without I/O so each can be checked by a table: method, target
// (path prefix + /api2/json + percent-encoded segments + query) and the x-www-form-urlencoded body.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

enum class PveMethod { kGet, kPost, kPut, kDelete };
std::string_view to_string(PveMethod method);

struct PveRequest {
    PveMethod method = PveMethod::kGet;
    std::string target;     // what goes on the request line
    std::string form_body;  // empty: no body
    friend bool operator==(const PveRequest&, const PveRequest&) = default;
};

// Builds the calls for one cluster; `path_prefix` comes from the URL (PveEndpoint), usually "".
class PveRequests {
public:
    explicit PveRequests(std::string path_prefix) : prefix_(std::move(path_prefix)) {}

    PveRequest version() const;
    PveRequest cluster_resources(std::string_view type) const;  // "node" or "vm"
    PveRequest clone(std::string_view node, std::int64_t template_vmid, const CloneRequest& request) const;
    PveRequest configure(std::string_view node, std::int64_t vmid, const VmConfigUpdate& config) const;
    PveRequest resize_disk(std::string_view node, std::int64_t vmid, int size_gb) const;
    PveRequest power(std::string_view node, std::int64_t vmid, PowerAction action) const;
    PveRequest destroy(std::string_view node, std::int64_t vmid) const;
    PveRequest vm_current(std::string_view node, std::int64_t vmid) const;
    PveRequest vm_config(std::string_view node, std::int64_t vmid) const;
    // On the node named inside the UPID; a malformed UPID is refused before any request.
    Result<PveRequest> task_status(std::string_view upid) const;

private:
    std::string prefix_;
};

// "PVEAPIToken=USER@REALM!TOKENID=SECRET"
std::string pve_token_authorization(std::string_view token_id, std::string_view secret);

// PVE's `sshkeys` has format 'urlencoded': it takes the keys percent-encoded (and uri_unescape's them after the
// form decoding), so they are encoded twice on the wire.
std::string pve_encoded_sshkeys(std::string_view keys);

}  // namespace keel::provisioning
