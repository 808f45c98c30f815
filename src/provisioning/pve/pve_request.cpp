#include "provisioning/pve/pve_request.hpp"

#include <initializer_list>
#include <utility>
#include <vector>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "provisioning/upid.hpp"

namespace keel::provisioning {

namespace urls = boost::urls;

namespace {

// Everything but ALPHA DIGIT - . _ ~ percent-encoded: safe in a path segment, a query and a form alike.
std::string encoded(std::string_view text) {
    return urls::encode(text, urls::unreserved_chars);
}

using Field = std::pair<std::string_view, std::string>;

// application/x-www-form-urlencoded (also the query string): key=value&…, both sides encoded.
std::string form(const std::vector<Field>& fields) {
    std::string body;
    for (const auto& [key, value] : fields) {
        if (!body.empty()) {
            body += '&';
        }
        body += encoded(key);
        body += '=';
        body += encoded(value);
    }
    return body;
}

std::string path(std::string_view prefix, std::initializer_list<std::string_view> segments) {
    std::string target(prefix);
    target += "/api2/json";
    for (auto segment : segments) {
        target += '/';
        target += encoded(segment);
    }
    return target;
}

std::string qemu_path(std::string_view prefix, std::string_view node, std::int64_t vmid, std::string_view tail) {
    const auto id = std::to_string(vmid);
    if (tail.empty()) {
        return path(prefix, {"nodes", node, "qemu", id});
    }
    return path(prefix, {"nodes", node, "qemu", id, tail});
}

}  // namespace

std::string_view to_string(PveMethod method) {
    switch (method) {
        case PveMethod::kGet: return "GET";
        case PveMethod::kPost: return "POST";
        case PveMethod::kPut: return "PUT";
        case PveMethod::kDelete: return "DELETE";
    }
    return "GET";
}

PveRequest PveRequests::version() const {
    return {PveMethod::kGet, path(prefix_, {"version"}), ""};
}

PveRequest PveRequests::cluster_resources(std::string_view type) const {
    return {PveMethod::kGet, path(prefix_, {"cluster", "resources"}) + "?" + form({{"type", std::string(type)}}), ""};
}

PveRequest PveRequests::clone(std::string_view node, std::int64_t template_vmid, const CloneRequest& request) const {
    std::vector<Field> fields{{"newid", std::to_string(request.newid)}};
    if (!request.name.empty()) {
        fields.emplace_back("name", request.name);
    }
    fields.emplace_back("full", request.full ? "1" : "0");
    if (!request.target.empty()) {
        fields.emplace_back("target", request.target);
    }
    if (!request.storage.empty()) {
        fields.emplace_back("storage", request.storage);
    }
    return {PveMethod::kPost, qemu_path(prefix_, node, template_vmid, "") + "/clone", form(fields)};
}

PveRequest PveRequests::configure(std::string_view node, std::int64_t vmid, const VmConfigUpdate& config) const {
    std::vector<Field> fields;
    if (config.cores > 0) {
        fields.emplace_back("cores", std::to_string(config.cores));
    }
    if (config.memory_mb > 0) {
        fields.emplace_back("memory", std::to_string(config.memory_mb));
    }
    if (config.ciuser) {
        fields.emplace_back("ciuser", *config.ciuser);
    }
    if (config.sshkeys) {
        fields.emplace_back("sshkeys", pve_encoded_sshkeys(*config.sshkeys));
    }
    if (config.ipconfig0) {
        fields.emplace_back("ipconfig0", *config.ipconfig0);
    }
    return {PveMethod::kPost, qemu_path(prefix_, node, vmid, "config"), form(fields)};
}

PveRequest PveRequests::resize_disk(std::string_view node, std::int64_t vmid, int size_gb) const {
    return {PveMethod::kPut, qemu_path(prefix_, node, vmid, "resize"),
            form({{"disk", "scsi0"}, {"size", std::to_string(size_gb) + "G"}})};
}

PveRequest PveRequests::power(std::string_view node, std::int64_t vmid, PowerAction action) const {
    return {PveMethod::kPost, qemu_path(prefix_, node, vmid, "status") + "/" + std::string(to_string(action)), ""};
}

PveRequest PveRequests::destroy(std::string_view node, std::int64_t vmid) const {
    return {PveMethod::kDelete,
            qemu_path(prefix_, node, vmid, "") + "?" + form({{"purge", "1"}, {"destroy-unreferenced-disks", "1"}}), ""};
}

PveRequest PveRequests::vm_current(std::string_view node, std::int64_t vmid) const {
    return {PveMethod::kGet, qemu_path(prefix_, node, vmid, "status") + "/current", ""};
}

PveRequest PveRequests::vm_config(std::string_view node, std::int64_t vmid) const {
    return {PveMethod::kGet, qemu_path(prefix_, node, vmid, "config"), ""};
}

Result<PveRequest> PveRequests::task_status(std::string_view upid) const {
    const auto parsed = Upid::parse(upid);
    if (!parsed) {
        return fail(ErrorCode::kUpstreamFailed, "not a Proxmox task id (UPID): " + std::string(upid));
    }
    return PveRequest{PveMethod::kGet, path(prefix_, {"nodes", parsed->node, "tasks", upid, "status"}), ""};
}

std::string pve_token_authorization(std::string_view token_id, std::string_view secret) {
    std::string header = "PVEAPIToken=";
    header += token_id;
    header += '=';
    header += secret;
    return header;
}

std::string pve_encoded_sshkeys(std::string_view keys) {
    return encoded(keys);
}

}  // namespace keel::provisioning
