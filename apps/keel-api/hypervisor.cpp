#include "hypervisor.hpp"

namespace keel::app {

provisioning::BuildServer make_build_server(db::Pool&, const MockHypervisorConfig&) {
    return [](const db::Server&, const db::ClaimedJob&) -> Task<Result<provisioning::BuiltVm>> {
        co_return fail(ErrorCode::kUnavailable, "hypervisor not wired yet");
    };
}

}  // namespace keel::app
