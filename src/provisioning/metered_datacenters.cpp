#include "provisioning/metered_datacenters.hpp"

#include <chrono>

#include "core/metrics/registry.hpp"

namespace keel::provisioning {

std::string_view call_outcome(const Error* error) {
    if (error == nullptr) {
        return "ok";
    }
    switch (error->code) {
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kRetryable: return "retryable";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kValidation:
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kForbidden:
        case ErrorCode::kConflict:
        case ErrorCode::kUpstreamFailed:
        case ErrorCode::kLimitExceeded:
        case ErrorCode::kInternal: return "failed";
    }
    return "failed";
}

namespace {

constexpr std::string_view kCallDuration = "keel_hypervisor_call_duration_seconds";
constexpr std::string_view kCallHelp = "Hypervisor (Proxmox VE) API calls by call and outcome, seconds";

class MeteredProxmoxClient final : public ProxmoxClient {
public:
    MeteredProxmoxClient(std::shared_ptr<ProxmoxClient> inner, metrics::Registry& registry)
        : inner_(std::move(inner)), registry_(registry) {}

    Task<Result<std::vector<NodeResource>>> nodes() override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->nodes();
        record("nodes", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::vector<VmResource>>> vms() override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->vms();
        record("vms", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, CloneRequest request) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->clone(std::move(node), template_vmid, std::move(request));
        record("clone", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::string>> configure(std::string node, std::int64_t vmid, VmConfigUpdate config) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->configure(std::move(node), vmid, std::move(config));
        record("configure", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->resize_disk(std::move(node), vmid, size_gb);
        record("resize_disk", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::string>> power(std::string node, std::int64_t vmid, PowerAction action) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->power(std::move(node), vmid, action);
        record("power", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->destroy(std::move(node), vmid);
        record("destroy", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->vm_status(std::move(node), vmid);
        record("vm_status", started, result ? nullptr : &result.error());
        co_return result;
    }
    Task<Result<TaskStatus>> task_status(std::string upid) override {
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await inner_->task_status(std::move(upid));
        record("task_status", started, result ? nullptr : &result.error());
        co_return result;
    }

private:
    void record(std::string_view call, std::chrono::steady_clock::time_point started, const Error* error) {
        // A registry lookup per call (a mutex and a map): calls take milliseconds, the lookup microseconds.
        const metrics::Labels labels{{"call", std::string(call)}, {"outcome", std::string(call_outcome(error))}};
        registry_.histogram(kCallDuration, kCallHelp, labels)
            .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }

    std::shared_ptr<ProxmoxClient> inner_;
    metrics::Registry& registry_;
};

}  // namespace

MeteredDatacenters::MeteredDatacenters(std::shared_ptr<Datacenters> inner, metrics::Registry& registry)
    : inner_(std::move(inner)), registry_(registry) {}

Task<Result<std::shared_ptr<const Datacenter>>> MeteredDatacenters::find(std::string name) {
    auto found = co_await inner_->find(std::move(name));
    if (!found) {
        co_return std::unexpected(found.error());
    }
    auto metered = std::make_shared<Datacenter>(**found);
    metered->proxmox = std::make_shared<MeteredProxmoxClient>((*found)->proxmox, registry_);
    co_return std::shared_ptr<const Datacenter>(std::move(metered));
}

}  // namespace keel::provisioning
