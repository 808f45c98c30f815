#pragma once
// Which hypervisor the workers drive. Today: the mock Proxmox (the real client arrives with credentials).
#include <memory>

#include "config.hpp"
#include "provisioning/job_worker.hpp"

namespace keel::db {
class Pool;
}

namespace keel::app {

// The BuildServer the workers call; it owns the shared hypervisor client.
provisioning::BuildServer make_build_server(db::Pool& pool, const MockHypervisorConfig& config);

}  // namespace keel::app
