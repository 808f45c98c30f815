#pragma once
// What Proxmox VE's answers mean for Keel: one place decides which failures are transient (retried with backoff)
// and which are permanent (the job ends at once, dead, instead of being retried until a timeout). The codes
// are those of proxmox_client.hpp; `detail` keeps Proxmox's own text.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace keel::provisioning {

// An API call answered with `http_status` and `message` (PVE's text, without the status):
//   595, 596, 502–504, a lock timeout ("… - got timeout"), "VM … is locked (…)" kRetryable
//   "… already exists", "VM N not running"                                   kConflict
//   "… does not exist", "no such task" (not a bare 404: that is a wrong URL)  kNotFound
//   anything else — 400 (bad parameter), 401/403 (credentials), other 500s   kUpstreamFailed
Error proxmox_error(int http_status, std::string_view message);

// A task (UPID) that stopped with `exitstatus` other than OK: transient only when it died on a lock.
Error task_error(std::string_view exitstatus);

// Proxmox refused to destroy the VM because it runs ("VM N is running - destroy failed"): stop it first.
bool refused_as_running(const Error& error);

}  // namespace keel::provisioning
