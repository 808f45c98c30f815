#include "provisioning/mock_datacenters.hpp"

namespace keel::provisioning {

MockDatacenters::MockDatacenters(MockProxmoxConfig config) : mock_(std::make_shared<MockProxmoxClient>(config)) {
    for (auto& [vmid, template_name] : mock_->templates()) {
        images_[std::move(template_name)] = ImageTemplate{vmid, ""};
    }
}

Task<Result<std::shared_ptr<const Datacenter>>> MockDatacenters::find(std::string name) {
    std::lock_guard lock(mutex_);
    auto& datacenter = datacenters_[name];
    if (!datacenter) {
        datacenter = std::make_shared<const Datacenter>(Datacenter{name, mock_, images_});
    }
    co_return datacenter;
}

}  // namespace keel::provisioning
