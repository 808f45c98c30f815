#pragma once
// Datacenters whose hypervisor clients time every call into
// keel_hypervisor_call_duration_seconds{call, outcome} (issue #13): one decorator around whichever clients are in
// use (the HTTPS Proxmox VE client or the mock), so the provisioning code stays unaware of metrics.
#include <memory>
#include <string_view>

#include "provisioning/datacenters.hpp"

namespace keel::metrics {
class Registry;
}

namespace keel::provisioning {

class MeteredDatacenters final : public Datacenters {
public:
    // `registry` must outlive this object and the clients it hands out.
    MeteredDatacenters(std::shared_ptr<Datacenters> inner, metrics::Registry& registry);
    Task<Result<std::shared_ptr<const Datacenter>>> find(std::string name) override;

private:
    std::shared_ptr<Datacenters> inner_;
    metrics::Registry& registry_;
};

// The outcome label of one call: ok, or the class of its error (not_found, retryable, unavailable, failed).
std::string_view call_outcome(const Error* error);

}  // namespace keel::provisioning
