#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

std::string_view to_string(PowerAction action) {
    switch (action) {
        case PowerAction::kStart: return "start";
        case PowerAction::kStop: return "stop";
        case PowerAction::kShutdown: return "shutdown";
        case PowerAction::kReboot: return "reboot";
        case PowerAction::kSuspend: return "suspend";
        case PowerAction::kResume: return "resume";
    }
    return "unknown";
}

}  // namespace keel::provisioning
