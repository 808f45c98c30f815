#pragma once
// Which hypervisor the workers drive: the clusters registered in Keel's database (the real Proxmox VE client,
// KEEL_HYPERVISOR=proxmox), or one in-process mock for tests and benchmarks that want no network (mock).
#include <boost/asio/any_io_executor.hpp>

#include "config.hpp"
#include "core/result.hpp"
#include "provisioning/job_worker.hpp"

namespace keel::db {
class Pool;
}
namespace keel::metrics {
class Registry;
}

namespace keel::app {

// What the workers call to carry out a job; it owns the hypervisor clients, whose calls are timed into
// `metrics` (which must outlive the runner).
Result<provisioning::RunJob> make_job_runner(boost::asio::any_io_executor executor, db::Pool& pool,
                                             const ApiConfig& config, metrics::Registry& metrics);

}  // namespace keel::app
