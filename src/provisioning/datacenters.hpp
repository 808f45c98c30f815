#pragma once
// The datacenters (Proxmox VE clusters) the workers build in, as customers name them (`datacenter` of a
// server): each with its hypervisor client and the template each os image is cloned from. Where they come from
// is the implementation's business: Keel's clusters table (ClusterDatacenters) or one in-process mock.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "core/task.hpp"
#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

struct ImageTemplate {
    std::int64_t template_vmid = 0;
    std::string storage;  // where clones of it are put; empty: the template's own storage
};

struct Datacenter {
    std::string name;
    std::shared_ptr<ProxmoxClient> proxmox;
    std::map<std::string, ImageTemplate, std::less<>> images;  // by os_image slug
};

class Datacenters {
public:
    virtual ~Datacenters() = default;
    // kNotFound when no enabled cluster has that name.
    virtual Task<Result<std::shared_ptr<const Datacenter>>> find(std::string name) = 0;
};

}  // namespace keel::provisioning
