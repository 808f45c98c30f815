#include "provisioning/pve/pve_response.hpp"

#include <gtest/gtest.h>

namespace keel::provisioning {
namespace {

PveAnswer ok(std::string body) {
    return {200, "OK", std::move(body)};
}

TEST(ParseNodeResources, KeepsNodesOnly) {
    const auto nodes = parse_node_resources("fra1", ok(R"({"data":[
            {"type":"node","node":"pve1","status":"online","maxmem":68719476736,"mem":17179869184,"maxcpu":16},
            {"type":"node","node":"pve2","status":"offline"},
            {"type":"storage","node":"pve1","storage":"local-lvm"},
            {"type":"node","status":"online"}]})"));
    ASSERT_TRUE(nodes.has_value());
    const std::vector<NodeResource> want{{"pve1", true, 68719476736, 17179869184, 16}, {"pve2", false, 0, 0, 0}};
    EXPECT_EQ(*nodes, want);
}

TEST(ParseVmResources, KeepsQemuGuestsAndTemplates) {
    const auto vms = parse_vm_resources("fra1", ok(R"({"data":[
            {"type":"qemu","vmid":101,"node":"pve1","name":"web-1","status":"running","maxcpu":2,
             "maxmem":4294967296,"maxdisk":42949672960},
            {"type":"qemu","vmid":9000,"node":"pve2","name":"debian-12","status":"stopped","template":1,
             "lock":"clone","maxcpu":1,"maxmem":2147483648,"maxdisk":10737418240},
            {"type":"lxc","vmid":200,"node":"pve1","name":"ct"},
            {"type":"storage","node":"pve1"}]})"));
    ASSERT_TRUE(vms.has_value());
    const std::vector<VmResource> want{
        {101, "pve1", "web-1", "running", false, "", 2, 4294967296, 42949672960},
        {9000, "pve2", "debian-12", "stopped", true, "clone", 1, 2147483648, 10737418240},
    };
    EXPECT_EQ(*vms, want);
}

TEST(ParseUpid, TakesTheTaskId) {
    const auto upid =
        parse_upid("fra1", ok(R"({"data":"UPID:pve1:00001234:00005678:6560A1B2:qmclone:9000:keel@pve!prov:"})"));
    ASSERT_TRUE(upid.has_value());
    EXPECT_EQ(*upid, "UPID:pve1:00001234:00005678:6560A1B2:qmclone:9000:keel@pve!prov:");
    EXPECT_EQ(parse_upid("fra1", ok(R"({"data":null})")).error().code, ErrorCode::kUpstreamFailed);
}

struct VmStatusCase {
    std::string_view name;
    PveAnswer current;
    PveAnswer config;
    Result<VmStatus> want;
};

TEST(ParseVmStatus, MatchesTable) {
    const auto current = ok(R"({"data":{"status":"running","name":"web-1","qmpstatus":"running"}})");
    const VmStatusCase cases[] = {
        {"running_with_disk_in_gib", current,
         ok(R"({"data":{"cores":2,"memory":"4096","scsi0":"local-lvm:vm-101-disk-0,size=32G"}})"),
         VmStatus{true, "web-1", "running", "", 2, 4096, 32}},
        {"disk_in_mib_and_tib", current,
         ok(R"({"data":{"cores":1,"memory":2048,"scsi0":"local-lvm:vm-101-disk-0,iothread=1,size=10240M"}})"),
         VmStatus{true, "web-1", "running", "", 1, 2048, 10}},
        {"disk_in_tib", current, ok(R"({"data":{"cores":8,"memory":65536,"scsi0":"ceph:vm-101-disk-0,size=2T"}})"),
         VmStatus{true, "web-1", "running", "", 8, 65536, 2048}},
        {"paused_and_locked",
         ok(R"({"data":{"status":"running","qmpstatus":"paused","name":"web-1","lock":"backup"}})"),
         ok(R"({"data":{"cores":1,"memory":2048,"scsi0":"local:101/vm-101-disk-0.qcow2,size=512K"}})"),
         VmStatus{true, "web-1", "paused", "backup", 1, 2048, 0}},
        {"missing_vm_does_not_exist",
         {500, "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist", R"({"data":null})"},
         {},
         VmStatus{}},
        {"locked_is_an_error_to_retry",
         {500, "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout", ""},
         {},
         std::unexpected(Error{ErrorCode::kRetryable, ""})},
        {"unknown_route_is_not_absence",
         {501, "Method 'GET /nodes/pve1/qemu/101/status/current' not implemented", ""},
         {},
         std::unexpected(Error{ErrorCode::kUpstreamFailed, ""})},
        {"bare_404_is_not_absence",
         {404, "Not Found", "<html>nginx</html>"},
         {},
         std::unexpected(Error{ErrorCode::kUpstreamFailed, ""})},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto got = parse_vm_status("fra1", c.current, c.config);
        ASSERT_EQ(got.has_value(), c.want.has_value());
        if (got) {
            EXPECT_EQ(got->exists, c.want->exists);
            EXPECT_EQ(got->name, c.want->name);
            EXPECT_EQ(got->status, c.want->status);
            EXPECT_EQ(got->lock, c.want->lock);
            EXPECT_EQ(got->cores, c.want->cores);
            EXPECT_EQ(got->memory_mb, c.want->memory_mb);
            EXPECT_EQ(got->disk_gb, c.want->disk_gb);
        } else {
            EXPECT_EQ(got.error().code, c.want.error().code);
        }
    }
}

TEST(ParseTaskStatus, RunningThenStopped) {
    const auto running = parse_task_status("fra1", ok(R"({"data":{"status":"running","type":"qmclone"}})"));
    ASSERT_TRUE(running.has_value());
    EXPECT_TRUE(running->running);
    const auto done = parse_task_status("fra1", ok(R"({"data":{"status":"stopped","exitstatus":"OK"}})"));
    ASSERT_TRUE(done.has_value());
    EXPECT_TRUE(done->succeeded());
    const auto warned = parse_task_status("fra1", ok(R"({"data":{"status":"stopped","exitstatus":"WARNINGS: 2"}})"));
    ASSERT_TRUE(warned.has_value());
    EXPECT_TRUE(warned->succeeded());
    const auto failed =
        parse_task_status("fra1", ok(R"({"data":{"status":"stopped","exitstatus":"clone failed: out of space"}})"));
    ASSERT_TRUE(failed.has_value());
    EXPECT_FALSE(failed->running);
    EXPECT_FALSE(failed->succeeded());
    EXPECT_EQ(failed->exitstatus, "clone failed: out of space");
}

struct ErrorCase {
    std::string_view name;
    PveAnswer answer;
    ErrorCode want_code;
    std::string_view want_detail;
};

TEST(PveAnswerError, MatchesTable) {
    const ErrorCase cases[] = {
        {"bad_parameter_fields_surfaced",
         {400, "Parameter verification failed.", R"({"data":null,"errors":{"ipconfig0":"invalid format\n"}})"},
         ErrorCode::kUpstreamFailed,
         "400 Parameter verification failed: ipconfig0: invalid format"},
        {"unreachable_node",
         {595, "Errors during connection establishment, proxy handshake: No route to host", ""},
         ErrorCode::kRetryable,
         "595 Errors during connection establishment, proxy handshake: No route to host"},
        {"wrong_node_proxy", {596, "Broken pipe", ""}, ErrorCode::kRetryable, "596 Broken pipe"},
        {"vm_locked",
         {500, "VM 101 is locked (clone)", R"({"data":null})"},
         ErrorCode::kRetryable,
         "500 VM 101 is locked (clone)"},
        {"lock_timeout",
         {500, "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout", ""},
         ErrorCode::kRetryable,
         "500 can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout"},
        {"clone_target_taken",
         {500, "unable to create VM 101: config file already exists", ""},
         ErrorCode::kConflict,
         "500 unable to create VM 101: config file already exists"},
        {"gone",
         {500, "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist", ""},
         ErrorCode::kNotFound,
         "500 Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist"},
        {"message_in_body_wins",
         {500, "Internal Server Error", R"({"data":null,"message":"VM 101 not running\n"})"},
         ErrorCode::kConflict,
         "500 VM 101 not running"},
        {"unknown_route",
         {501, "Method 'DELETE /nodes/pve1/qemu/101' not implemented", ""},
         ErrorCode::kUpstreamFailed,
         "501 Method 'DELETE /nodes/pve1/qemu/101' not implemented"},
        {"bad_token",
         {401, "authentication failure", ""},
         ErrorCode::kUnauthenticated,
         "cluster fra1 refused the API token (401 authentication failure)"},
        {"missing_privilege",
         {403, "Permission check failed (/vms/101, VM.Allocate)", ""},
         ErrorCode::kForbidden,
         "cluster fra1 refused the API token (403 Permission check failed (/vms/101, VM.Allocate))"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto error = pve_answer_error("fra1", c.answer);
        EXPECT_EQ(error.code, c.want_code);
        EXPECT_EQ(error.detail, c.want_detail);
    }
}

TEST(DriveSizeGb, ReadsUnits) {
    EXPECT_EQ(drive_size_gb("local-lvm:vm-101-disk-0,size=32G"), 32);
    EXPECT_EQ(drive_size_gb("local-lvm:vm-101-disk-0,size=1T,ssd=1"), 1024);
    EXPECT_EQ(drive_size_gb("local:vm-101-disk-0,size=2097152K"), 2);
    EXPECT_EQ(drive_size_gb("local:vm-101-disk-0,size=10737418240"), 10);
    EXPECT_EQ(drive_size_gb("local-lvm:vm-101-disk-0"), std::nullopt);
    EXPECT_EQ(drive_size_gb("local-lvm:vm-101-disk-0,size=3X"), std::nullopt);
}

}  // namespace
}  // namespace keel::provisioning
