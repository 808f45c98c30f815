#pragma once
// What a worker does with each job it claims, on the server's datacenter:
//   provision  placement (the node is chosen once from the cluster's live nodes and kept on the server), the
//              image's template located live, then the Provisioner's check-before-act build; a VMID that turns
//              out to be taken is swapped for a fresh one.
//   lifecycle  power and destroy on the VM the server already has.
// Every hypervisor task is recorded with the job before it is waited on (JobTasks), so a job resumed after its
// worker died waits on the same task.
#include <memory>

#include "provisioning/datacenters.hpp"
#include "provisioning/job_worker.hpp"
#include "provisioning/provisioner.hpp"

namespace keel::db {
class Pool;
}

namespace keel::provisioning {

// `pool` must outlive the runner.
RunJob make_job_runner(db::Pool& pool, std::shared_ptr<Datacenters> datacenters, ProvisionerOptions options);

}  // namespace keel::provisioning
