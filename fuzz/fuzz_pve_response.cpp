// What a Proxmox VE cluster (or whatever answers at its URL) sends back: any status, reason phrase and body through
// every answer parser of the HTTPS client, and any text through the UPID parser. Nothing crashes; a refused answer
// always says why; a 2xx is never mistaken for a hypervisor error, and a UPID that parses prints back the same.
#include <string>

#include "fuzz_check.hpp"
#include "provisioning/pve/pve_response.hpp"
#include "provisioning/upid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    namespace provisioning = keel::provisioning;
    const auto input = keel::fuzz::as_text(data, size);
    // Two bytes of status (100-699), then the reason phrase up to the first newline, then the body.
    const int status = size < 2 ? 200 : 100 + (data[0] << 8 | data[1]) % 600;
    const auto rest = input.substr(size < 2 ? size : 2);
    const auto newline = rest.find('\n');
    const provisioning::PveAnswer answer{
        status, std::string(rest.substr(0, newline)),
        newline == std::string_view::npos ? std::string() : std::string(rest.substr(newline + 1))};

    const auto failed = [](const auto& result) { return !result && result.error().detail.empty(); };
    require(!failed(provisioning::parse_version("fuzz1", answer)), "a refused version says why");
    require(!failed(provisioning::parse_node_resources("fuzz1", answer)), "refused nodes say why");
    require(!failed(provisioning::parse_vm_resources("fuzz1", answer)), "refused guests say why");
    require(!failed(provisioning::parse_upid("fuzz1", answer)), "a refused task id says why");
    require(!failed(provisioning::parse_vm_status("fuzz1", answer, answer)), "a refused VM status says why");
    require(!failed(provisioning::parse_task_status("fuzz1", answer)), "a refused task status says why");
    if (status >= 300) {
        require(!provisioning::pve_answer_error("fuzz1", answer).detail.empty(), "an error answer says why");
    }
    (void)provisioning::drive_size_gb(rest);

    if (const auto upid = provisioning::Upid::parse(rest)) {
        const auto again = provisioning::Upid::parse(upid->to_string());
        require(again && *again == *upid, "a parsed UPID prints back to the same UPID");
    }
    return 0;
}
