#include "provisioning/proxmox_error.hpp"

namespace keel::provisioning {

namespace {

bool died_on_a_lock(std::string_view text) {
    return text.find("got timeout") != std::string_view::npos || text.find("VM is locked") != std::string_view::npos;
}

ErrorCode code_of(int http_status, std::string_view message) {
    // 595 is pveproxy's own "the node did not answer"; 502–504 a proxy in front of it.
    if (http_status == 595 || http_status == 502 || http_status == 503 || http_status == 504 ||
        died_on_a_lock(message)) {
        return ErrorCode::kRetryable;
    }
    if (message.find("already exists") != std::string_view::npos) {
        return ErrorCode::kConflict;
    }
    if (http_status == 404 || message.find("does not exist") != std::string_view::npos) {
        return ErrorCode::kNotFound;
    }
    return ErrorCode::kUpstreamFailed;
}

}  // namespace

Error proxmox_error(int http_status, std::string_view message) {
    return {code_of(http_status, message), std::to_string(http_status) + " " + std::string(message)};
}

Error task_error(std::string_view exitstatus) {
    return {died_on_a_lock(exitstatus) ? ErrorCode::kRetryable : ErrorCode::kUpstreamFailed,
            "task failed: " + std::string(exitstatus)};
}

}  // namespace keel::provisioning
