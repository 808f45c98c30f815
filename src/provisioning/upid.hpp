#pragma once
// Proxmox's task id: UPID:node:PID:PSTART:STARTTIME:type:id:user: (hex fields), as pve-common prints it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel::provisioning {

struct Upid {
    std::string node;
    std::uint32_t pid = 0;
    std::uint64_t pstart = 0;  // 8 or 9 hex digits on real nodes
    std::uint32_t starttime = 0;
    std::string type;  // qmclone, qmconfig, qmresize, qmstart, qmdestroy …
    std::string id;    // usually the vmid
    std::string user;  // root@pam, or a token such as capmox@pve!capi

    std::string to_string() const;
    static std::optional<Upid> parse(std::string_view text);
    friend bool operator==(const Upid&, const Upid&) = default;
};

}  // namespace keel::provisioning
