#include "hypervisor.hpp"

#include "provisioning/job_runner.hpp"
#include "provisioning/mock_datacenters.hpp"

namespace keel::app {

Result<provisioning::RunJob> make_job_runner(db::Pool& pool, const ApiConfig& config) {
    const auto& mock = config.hypervisor;
    auto datacenters = std::make_shared<provisioning::MockDatacenters>(
        provisioning::MockProxmoxConfig{.latency_scale = mock.latency_scale,
                                        .failure_rate = mock.failure_rate,
                                        .seed = mock.seed,
                                        .state_file = mock.state_file});
    return provisioning::make_job_runner(pool, std::move(datacenters),
                                         provisioning::ProvisionerOptions{.time_scale = mock.latency_scale});
}

}  // namespace keel::app
