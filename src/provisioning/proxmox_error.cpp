#include "provisioning/proxmox_error.hpp"

namespace keel::provisioning {

namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// "VM is locked (clone)" (check_lock) and "VM 101 is locked (clone)" alike.
bool died_on_a_lock(std::string_view text) {
    return contains(text, "got timeout") || contains(text, " is locked (");
}

ErrorCode code_of(int http_status, std::string_view message) {
    // 595/596 are pveproxy's own "the owning node did not answer"; 502–504 a proxy in front of it.
    if (http_status == 595 || http_status == 596 || http_status == 502 || http_status == 503 || http_status == 504 ||
        died_on_a_lock(message)) {
        return ErrorCode::kRetryable;
    }
    // A taken VMID, and a power action the VM's state forbids ("VM 101 not running" on reboot).
    if (contains(message, "already exists") || contains(message, " not running")) {
        return ErrorCode::kConflict;
    }
    // Only PVE's own words: a bare 404 (a wrong path prefix, a proxy's page) is not "the VM is gone" — a
    // terminate would take it for done.
    if (contains(message, "does not exist") || message.starts_with("no such task")) {
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

bool refused_as_running(const Error& error) {
    return error.code == ErrorCode::kUpstreamFailed &&
           error.detail.find(" is running - destroy failed") != std::string::npos;
}

}  // namespace keel::provisioning
