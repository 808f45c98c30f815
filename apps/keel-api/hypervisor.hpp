#pragma once
// Which hypervisor the workers drive. Today: the mock Proxmox (the real client arrives with credentials).
#include <memory>

#include "config.hpp"
#include "provisioning/job_worker.hpp"

namespace keel::db {
class Pool;
}

namespace keel::app {

// What the workers call to carry out a job; it owns the shared hypervisor client.
provisioning::RunJob make_job_runner(db::Pool& pool, const MockHypervisorConfig& config);

}  // namespace keel::app
