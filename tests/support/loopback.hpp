#pragma once
// Loopback ports for the processes tests start (keel-api, pve-sim): plain POSIX, links with anything.
#include <sys/types.h>

#include <chrono>

namespace keel::testing {

// A port on 127.0.0.1 nobody listens on right now.
int free_loopback_port();
// Whether something accepts connections on 127.0.0.1:`port`.
bool loopback_port_open(int port);
// Waits until child `pid` accepts connections on 127.0.0.1:`port`: false when it exited first (it is reaped) or
// `timeout` passed.
bool wait_for_listener(pid_t pid, int port, std::chrono::milliseconds timeout);

}  // namespace keel::testing
