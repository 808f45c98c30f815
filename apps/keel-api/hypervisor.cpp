#include "hypervisor.hpp"

#include "db/servers/server_repository.hpp"
#include "provisioning/image_catalog.hpp"
#include "provisioning/mock_proxmox_client.hpp"
#include "provisioning/provisioner.hpp"

namespace keel::app {

namespace {

struct Hypervisor {
    provisioning::MockProxmoxClient proxmox;
    provisioning::Provisioner provisioner;
    db::ServerRepository servers;

    Hypervisor(db::Pool& pool, const MockHypervisorConfig& config)
        : proxmox(provisioning::MockProxmoxConfig{.latency_scale = config.latency_scale,
                                                  .failure_rate = config.failure_rate,
                                                  .seed = config.seed,
                                                  .state_file = config.state_file}),
          provisioner(proxmox, provisioning::ProvisionerOptions{.time_scale = config.latency_scale}),
          servers(pool) {}
};

// Templates and VMs made outside Keel share the VMID space: skip past a run of them.
constexpr int kVmidAttempts = 10;

Task<Result<provisioning::JobResult>> build_server(std::shared_ptr<Hypervisor> hypervisor, db::Server server,
                                                   std::stop_token stop) {
    if (!server.cpu_cores || !server.ram_mb || !server.disk_gb || !server.os_image || !server.datacenter) {
        co_return fail(ErrorCode::kUpstreamFailed, "the server has no complete spec to build from");
    }
    const auto template_vmid = provisioning::template_for_image(*server.os_image);
    if (!template_vmid) {
        co_return fail(ErrorCode::kUpstreamFailed, "no template for os image '" + *server.os_image + "'");
    }
    const ServerSpec spec{server.hostname,
                          static_cast<int>(*server.cpu_cores),
                          static_cast<int>(*server.ram_mb),
                          static_cast<int>(*server.disk_gb),
                          *server.os_image,
                          *server.datacenter};
    for (int attempt = 0; attempt < kVmidAttempts && !stop.stop_requested(); ++attempt) {
        // The claim reserved a VMID already; ask for another only when the node had it in use.
        Result<db::VmidReservation> reserved = db::VmidReservation{
            server.vmid.value_or(0), server.node.value_or(provisioning::node_for_datacenter(*server.datacenter))};
        if (attempt > 0 || !server.vmid) {
            reserved = co_await hypervisor->servers.reserve_vmid(server.id, attempt > 0,
                                                                 provisioning::node_for_datacenter(*server.datacenter));
        }
        if (!reserved) {
            co_return std::unexpected(reserved.error());
        }
        provisioning::VmPlan plan{.node = reserved->node,
                                  .vmid = reserved->vmid,
                                  .template_node = reserved->node,
                                  .template_vmid = *template_vmid,
                                  .name = server.hostname,
                                  .config = {.cores = spec.cpu_cores, .memory_mb = spec.ram_mb},
                                  .disk_gb = spec.disk_gb};
        auto built = co_await hypervisor->provisioner.provision(std::move(plan), stop);
        if (built) {
            co_return provisioning::JobResult{reserved->node, reserved->vmid};
        }
        if (built.error().code != ErrorCode::kConflict) {
            co_return std::unexpected(built.error());
        }
    }
    if (stop.stop_requested()) {
        co_return fail(ErrorCode::kRetryable, "stopped: the job's lease was lost");
    }
    co_return fail(ErrorCode::kRetryable, "every reserved VMID was already taken on the node");
}

// Every lifecycle job but provisioning acts on the VM the server already has.
Task<Result<provisioning::JobResult>> run_lifecycle_job(std::shared_ptr<Hypervisor> hypervisor, db::Server server,
                                                        db::JobKind kind, std::stop_token stop) {
    if (!server.node || !server.vmid) {
        // A server migrated from WHMCS has a VM Keel does not know yet: never mark it terminated unseen.
        const bool migrated = server.attributes_json.find("\"whmcs\"") != std::string::npos;
        if (kind == db::JobKind::kTerminate && !migrated) {
            co_return provisioning::JobResult{};  // never built: nothing to destroy
        }
        co_return fail(ErrorCode::kUpstreamFailed, "the server has no VM on the hypervisor");
    }
    const auto node = *server.node;
    const auto vmid = *server.vmid;
    auto& provisioner = hypervisor->provisioner;
    Status done;
    switch (kind) {
        case db::JobKind::kSuspend:
        case db::JobKind::kStop: done = co_await provisioner.set_power(node, vmid, false, stop); break;
        case db::JobKind::kUnsuspend:
        case db::JobKind::kStart: done = co_await provisioner.set_power(node, vmid, true, stop); break;
        case db::JobKind::kReboot: done = co_await provisioner.reboot(node, vmid, stop); break;
        case db::JobKind::kTerminate: done = co_await provisioner.deprovision(node, vmid, stop); break;
        case db::JobKind::kProvision: done = fail(ErrorCode::kInternal, "provisioning is not a lifecycle job"); break;
    }
    if (!done) {
        co_return std::unexpected(done.error());
    }
    co_return provisioning::JobResult{};
}

}  // namespace

provisioning::RunJob make_job_runner(db::Pool& pool, const MockHypervisorConfig& config) {
    auto hypervisor = std::make_shared<Hypervisor>(pool, config);
    return [hypervisor](const db::Server& server, const db::ClaimedJob& job, std::stop_token stop) {
        if (job.kind == db::JobKind::kProvision) {
            return build_server(hypervisor, server, std::move(stop));
        }
        return run_lifecycle_job(hypervisor, server, job.kind, std::move(stop));
    };
}

}  // namespace keel::app
