#include "provisioning/proxmox_error.hpp"

#include <gtest/gtest.h>

namespace keel::provisioning {
namespace {

struct AnswerCase {
    std::string_view name;
    int http_status;
    std::string_view message;
    ErrorCode want;
};

const AnswerCase kAnswers[] = {
    {"lock_timeout_is_transient", 500, "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
     ErrorCode::kRetryable},
    {"locked_vm_is_transient", 500, "VM is locked (clone)", ErrorCode::kRetryable},
    {"unreachable_node_is_transient", 595, "Connection refused: No route to host", ErrorCode::kRetryable},
    {"proxy_unavailable_is_transient", 503, "Service Unavailable", ErrorCode::kRetryable},
    {"taken_vmid_is_a_conflict", 500, "unable to create VM 100 - VM 100 already exists", ErrorCode::kConflict},
    {"missing_vm_is_not_found", 500, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist",
     ErrorCode::kNotFound},
    {"unknown_task_is_not_found", 404, "no such task", ErrorCode::kNotFound},
    {"bad_parameter_is_permanent", 400, "Parameter verification failed. size: shrinking disks is not supported",
     ErrorCode::kUpstreamFailed},
    {"bad_credentials_are_permanent", 401, "authentication failure", ErrorCode::kUpstreamFailed},
    {"missing_permission_is_permanent", 403, "Permission check failed (/vms/100, VM.Allocate)",
     ErrorCode::kUpstreamFailed},
    {"locked_vm_with_its_id_is_transient", 500, "VM 101 is locked (clone)", ErrorCode::kRetryable},
    {"wrong_node_proxy_is_transient", 596, "Broken pipe", ErrorCode::kRetryable},
    {"config_file_taken_is_a_conflict", 500, "unable to create VM 101: config file already exists",
     ErrorCode::kConflict},
    {"reboot_of_a_stopped_vm_is_a_conflict", 500, "VM 101 not running", ErrorCode::kConflict},
    // A wrong path prefix or a proxy's own 404 page must not read as "the VM is already gone".
    {"bare_404_is_not_not_found", 404, "Not Found", ErrorCode::kUpstreamFailed},
    {"unknown_route_is_permanent", 501, "Method 'GET /nodes/pve1/foo' not implemented", ErrorCode::kUpstreamFailed},
    {"other_server_error_is_permanent", 500, "storage 'local-lvm' does not support content type 'images'",
     ErrorCode::kUpstreamFailed},
};

TEST(ProxmoxError, ClassifiesApiAnswers) {
    for (const auto& c : kAnswers) {
        SCOPED_TRACE(c.name);
        const auto error = proxmox_error(c.http_status, c.message);
        EXPECT_EQ(error.code, c.want);
        EXPECT_EQ(error.detail, std::to_string(c.http_status) + " " + std::string(c.message));
    }
}

TEST(ProxmoxError, FailedTaskIsPermanentUnlessItDiedOnALock) {
    EXPECT_EQ(task_error("clone failed: storage 'local-lvm' is not available on node 'pve1'").code,
              ErrorCode::kUpstreamFailed);
    EXPECT_EQ(task_error("start failed: QEMU exited with code 1").code, ErrorCode::kUpstreamFailed);
    EXPECT_EQ(task_error("can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout").code,
              ErrorCode::kRetryable);
    EXPECT_EQ(task_error("VM is locked (backup)").code, ErrorCode::kRetryable);
}

}  // namespace
}  // namespace keel::provisioning
