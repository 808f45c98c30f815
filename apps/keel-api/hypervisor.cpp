#include "hypervisor.hpp"

#include "provisioning/cluster_datacenters.hpp"
#include "provisioning/job_runner.hpp"
#include "provisioning/metered_datacenters.hpp"
#include "provisioning/mock_datacenters.hpp"

namespace keel::app {

Result<provisioning::RunJob> make_job_runner(boost::asio::any_io_executor executor, db::Pool& pool,
                                             const ApiConfig& config, metrics::Registry& metrics) {
    if (config.hypervisor_kind == "mock") {
        const auto& mock = config.hypervisor;
        auto datacenters = std::make_shared<provisioning::MockDatacenters>(
            provisioning::MockProxmoxConfig{.latency_scale = mock.latency_scale,
                                            .failure_rate = mock.failure_rate,
                                            .seed = mock.seed,
                                            .state_file = mock.state_file});
        return provisioning::make_job_runner(pool,
                                             std::make_shared<provisioning::MeteredDatacenters>(datacenters, metrics),
                                             provisioning::ProvisionerOptions{.time_scale = mock.latency_scale});
    }
    auto keys = auth::SecretKeyRing::load(config.secret_keys);
    if (!keys) {
        return std::unexpected(keys.error());
    }
    const auto& pve = config.proxmox;
    auto datacenters = std::make_shared<provisioning::ClusterDatacenters>(
        std::move(executor), pool, std::move(*keys),
        provisioning::PveClientOptions{.max_connections = static_cast<std::size_t>(pve.max_connections),
                                       .connect_timeout = std::chrono::milliseconds(pve.connect_timeout_ms),
                                       .request_timeout = std::chrono::milliseconds(pve.request_timeout_ms)},
        std::chrono::milliseconds(config.catalog_cache_ms));
    return provisioning::make_job_runner(
        pool, std::make_shared<provisioning::MeteredDatacenters>(std::move(datacenters), metrics),
        provisioning::ProvisionerOptions{.task_poll = std::chrono::milliseconds(pve.task_poll_ms)});
}

}  // namespace keel::app
