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
                                                  .seed = config.seed}),
          provisioner(proxmox, provisioning::ProvisionerOptions{.time_scale = config.latency_scale}),
          servers(pool) {}
};

constexpr int kVmidAttempts = 3;

Task<Result<provisioning::BuiltVm>> build_server(std::shared_ptr<Hypervisor> hypervisor, db::Server server) {
    if (!server.cpu_cores || !server.ram_mb || !server.disk_gb || !server.os_image || !server.datacenter) {
        co_return fail(ErrorCode::kUpstreamFailed, "the server has no complete spec to build from");
    }
    const auto template_vmid = provisioning::template_for_image(*server.os_image);
    if (!template_vmid) {
        co_return fail(ErrorCode::kUpstreamFailed, "no template for os image '" + *server.os_image + "'");
    }
    const ServerSpec spec{server.hostname, static_cast<int>(*server.cpu_cores), static_cast<int>(*server.ram_mb),
                          static_cast<int>(*server.disk_gb), *server.os_image, *server.datacenter};
    for (int attempt = 0; attempt < kVmidAttempts; ++attempt) {
        auto reserved = co_await hypervisor->servers.reserve_vmid(
            server.id, attempt > 0, provisioning::node_for_datacenter(*server.datacenter));
        if (!reserved) {
            co_return std::unexpected(reserved.error());
        }
        provisioning::VmPlan plan{reserved->node, reserved->vmid, *template_vmid, server.hostname, spec};
        auto built = co_await hypervisor->provisioner.provision(std::move(plan));
        if (built) {
            co_return provisioning::BuiltVm{reserved->node, reserved->vmid};
        }
        if (built.error().code != ErrorCode::kConflict) {
            co_return std::unexpected(built.error());
        }
    }
    co_return fail(ErrorCode::kRetryable, "every reserved VMID was already taken on the node");
}

}  // namespace

provisioning::BuildServer make_build_server(db::Pool& pool, const MockHypervisorConfig& config) {
    auto hypervisor = std::make_shared<Hypervisor>(pool, config);
    return [hypervisor](const db::Server& server, const db::ClaimedJob&) { return build_server(hypervisor, server); };
}

}  // namespace keel::app
