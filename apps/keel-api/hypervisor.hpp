#pragma once
// Which hypervisor the workers drive: the clusters registered in Keel's database (the real Proxmox VE client),
// or one in-process mock for tests and benchmarks that want no network (KEEL_HYPERVISOR=mock).
#include "config.hpp"
#include "core/result.hpp"
#include "provisioning/job_worker.hpp"

namespace keel::db {
class Pool;
}

namespace keel::app {

// What the workers call to carry out a job; it owns the hypervisor clients.
Result<provisioning::RunJob> make_job_runner(db::Pool& pool, const ApiConfig& config);

}  // namespace keel::app
