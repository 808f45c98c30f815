#pragma once
// Every datacenter on one in-process MockProxmoxClient, with the mock's templates as its images: for tests and
// benchmarks that want no network (KEEL_HYPERVISOR=mock).
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "provisioning/datacenters.hpp"
#include "provisioning/mock_proxmox_client.hpp"

namespace keel::provisioning {

class MockDatacenters final : public Datacenters {
public:
    explicit MockDatacenters(MockProxmoxConfig config);
    Task<Result<std::shared_ptr<const Datacenter>>> find(std::string name) override;
    MockProxmoxClient& mock() { return *mock_; }

private:
    std::shared_ptr<MockProxmoxClient> mock_;
    std::map<std::string, ImageTemplate, std::less<>> images_;  // the mock's templates, by name
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const Datacenter>, std::less<>> datacenters_;
};

}  // namespace keel::provisioning
