#include "provisioning/job_runner.hpp"

#include <mutex>
#include <utility>

#include "db/servers/server_repository.hpp"
#include "db/write_batcher.hpp"
#include "provisioning/placement.hpp"

namespace keel::provisioning {

namespace {

// Templates and VMs made outside Keel share the VMID space: skip past a run of them.
constexpr int kVmidAttempts = 10;

// As many reservations as a few workers' claims hold at once (WorkerOptions::batch_size each).
constexpr std::size_t kMaxReservationBatch = 1024;

struct Runner {
    std::shared_ptr<Datacenters> datacenters;
    ProvisionerOptions options;
    db::ServerRepository servers;
    // Every job that places its server at about the same time shares one statement and one commit
    // (servers.reserve_vmids); each resumes once its own node and VMID are stored.
    db::WriteBatcher<db::VmidRequest, db::VmidReservation> reservations;

    // Where each template lives, by datacenter and VMID: templates rarely move, and listing every guest of a
    // cluster for each build would cost more than the build's own calls. Forgotten when a clone fails.
    std::mutex template_nodes_mutex;
    std::map<std::pair<std::string, std::int64_t>, std::string> template_nodes;

    Runner(db::Pool& pool, std::shared_ptr<Datacenters> d, ProvisionerOptions o)
        : datacenters(std::move(d)),
          options(o),
          servers(pool),
          reservations([this](const std::vector<db::VmidRequest>& requests) { return servers.reserve_vmids(requests); },
                       kMaxReservationBatch) {}
    Runner(const Runner&) = delete;  // its batches call back into it
    Runner& operator=(const Runner&) = delete;

    Task<Result<std::string>> template_node(const Datacenter& datacenter, std::int64_t template_vmid) {
        const auto key = std::pair{datacenter.name, template_vmid};
        {
            std::lock_guard lock(template_nodes_mutex);
            if (auto known = template_nodes.find(key); known != template_nodes.end()) {
                co_return known->second;
            }
        }
        auto guests = co_await datacenter.proxmox->vms();
        if (!guests) {
            co_return std::unexpected(guests.error());
        }
        for (const auto& guest : *guests) {
            if (guest.vmid == template_vmid && guest.is_template) {
                std::lock_guard lock(template_nodes_mutex);
                template_nodes[key] = guest.node;
                co_return guest.node;
            }
        }
        co_return fail(ErrorCode::kUpstreamFailed, "template " + std::to_string(template_vmid) +
                                                       " does not exist in datacenter " + datacenter.name);
    }

    void forget_template(const Datacenter& datacenter, std::int64_t template_vmid) {
        std::lock_guard lock(template_nodes_mutex);
        template_nodes.erase(std::pair{datacenter.name, template_vmid});
    }
};

Task<Result<std::shared_ptr<const Datacenter>>> datacenter_of(Runner& runner, const db::Server& server) {
    if (!server.datacenter) {
        co_return fail(ErrorCode::kUpstreamFailed, "the server names no datacenter");
    }
    auto found = co_await runner.datacenters->find(*server.datacenter);
    if (!found && found.error().code == ErrorCode::kNotFound) {
        co_return fail(ErrorCode::kUpstreamFailed, "datacenter '" + *server.datacenter + "' is not configured");
    }
    co_return found;
}

// The node the server's VM lives on: kept from an earlier attempt, else chosen now from the live node list.
Task<Result<std::string>> place(const Datacenter& datacenter, const db::Server& server) {
    if (server.node) {
        co_return *server.node;
    }
    auto nodes = co_await datacenter.proxmox->nodes();
    if (!nodes) {
        co_return std::unexpected(nodes.error());
    }
    const auto memory = *server.ram_mb * std::int64_t{1024 * 1024};
    if (auto node = choose_node(*nodes, memory)) {
        co_return *node;
    }
    // Capacity comes back (VMs are destroyed, nodes return): worth retrying, not a reason to fail the server.
    co_return fail(ErrorCode::kRetryable, "no online node in datacenter " + datacenter.name + " has " +
                                              std::to_string(*server.ram_mb) + " MiB of memory free");
}

Task<Result<JobResult>> build_server(std::shared_ptr<Runner> runner, db::Server server, JobTasks tasks) {
    if (!server.cpu_cores || !server.ram_mb || !server.disk_gb || !server.os_image || !server.datacenter) {
        co_return fail(ErrorCode::kUpstreamFailed, "the server has no complete spec to build from");
    }
    auto datacenter = co_await datacenter_of(*runner, server);
    if (!datacenter) {
        co_return std::unexpected(datacenter.error());
    }
    const auto& dc = **datacenter;
    const auto image = dc.images.find(*server.os_image);
    if (image == dc.images.end()) {
        co_return fail(ErrorCode::kUpstreamFailed,
                       "datacenter " + dc.name + " has no template for os image '" + *server.os_image + "'");
    }
    auto node = co_await place(dc, server);
    if (!node) {
        co_return std::unexpected(node.error());
    }
    auto from = co_await runner->template_node(dc, image->second.template_vmid);
    if (!from) {
        co_return std::unexpected(from.error());
    }
    Provisioner provisioner(*dc.proxmox, runner->options);
    for (int attempt = 0; attempt < kVmidAttempts && !tasks.stop.stop_requested(); ++attempt) {
        // The claim reserved a VMID already; ask for another only when the cluster had it in use. The node is
        // written once: a resumed job builds where the first attempt began.
        Result<db::VmidReservation> reserved = db::VmidReservation{server.vmid.value_or(0), *node};
        if (attempt > 0 || !server.vmid || !server.node) {
            db::VmidRequest request{server.id, attempt > 0, *node};
            reserved = co_await runner->reservations.write(std::move(request));
        }
        if (!reserved) {
            co_return std::unexpected(reserved.error());
        }
        VmPlan plan{
            .node = reserved->node,
            .vmid = reserved->vmid,
            .template_node = *from,
            .template_vmid = image->second.template_vmid,
            .storage = image->second.storage,
            .name = server.hostname,
            .config = {.cores = static_cast<int>(*server.cpu_cores), .memory_mb = static_cast<int>(*server.ram_mb)},
            .disk_gb = static_cast<int>(*server.disk_gb)};
        auto built = co_await provisioner.provision(std::move(plan), tasks);
        if (built) {
            co_return JobResult{reserved->node, reserved->vmid};
        }
        if (built.error().code != ErrorCode::kConflict) {
            if (built.error().code == ErrorCode::kUpstreamFailed) {
                runner->forget_template(dc, image->second.template_vmid);
            }
            co_return std::unexpected(built.error());
        }
        tasks.interrupted_task.reset();  // that task belonged to the VMID just given up
    }
    if (tasks.stop.stop_requested()) {
        co_return fail(ErrorCode::kRetryable, "stopped: the job's lease was lost");
    }
    co_return fail(ErrorCode::kRetryable, "every reserved VMID was already taken in datacenter " + dc.name);
}

// Every lifecycle job but provisioning acts on the VM the server already has.
Task<Result<JobResult>> run_lifecycle_job(std::shared_ptr<Runner> runner, db::Server server, db::JobKind kind,
                                          JobTasks tasks) {
    if (!server.node || !server.vmid) {
        // A server migrated from WHMCS may have a VM Keel does not know yet: never mark it terminated unseen —
        // unless linking saw its cluster without that VM (issue #11).
        const bool migrated = server.attributes_json.find("\"whmcs\"") != std::string::npos;
        const bool vm_seen_gone = server.link_status == LinkStatus::kVmMissing;
        if (kind == db::JobKind::kTerminate && (!migrated || vm_seen_gone)) {
            co_return JobResult{};  // never built, or gone already: nothing to destroy
        }
        co_return fail(ErrorCode::kUpstreamFailed, "the server has no VM on the hypervisor");
    }
    auto datacenter = co_await datacenter_of(*runner, server);
    if (!datacenter) {
        co_return std::unexpected(datacenter.error());
    }
    Provisioner provisioner(*(*datacenter)->proxmox, runner->options);
    const auto node = *server.node;
    const auto vmid = *server.vmid;
    Status done;
    switch (kind) {
        case db::JobKind::kSuspend:
        case db::JobKind::kStop: done = co_await provisioner.set_power(node, vmid, false, std::move(tasks)); break;
        case db::JobKind::kUnsuspend:
        case db::JobKind::kStart: done = co_await provisioner.set_power(node, vmid, true, std::move(tasks)); break;
        case db::JobKind::kReboot: done = co_await provisioner.reboot(node, vmid, std::move(tasks)); break;
        case db::JobKind::kTerminate: done = co_await provisioner.deprovision(node, vmid, std::move(tasks)); break;
        case db::JobKind::kProvision: done = fail(ErrorCode::kInternal, "provisioning is not a lifecycle job"); break;
    }
    if (!done) {
        co_return std::unexpected(done.error());
    }
    co_return JobResult{};
}

}  // namespace

RunJob make_job_runner(db::Pool& pool, std::shared_ptr<Datacenters> datacenters, ProvisionerOptions options) {
    auto runner = std::make_shared<Runner>(pool, std::move(datacenters), options);
    return [runner](const db::Server& server, const db::ClaimedJob& job, JobTasks tasks) {
        if (job.kind == db::JobKind::kProvision) {
            return build_server(runner, server, std::move(tasks));
        }
        return run_lifecycle_job(runner, server, job.kind, std::move(tasks));
    };
}

}  // namespace keel::provisioning
