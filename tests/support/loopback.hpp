#pragma once
// Loopback ports for the processes tests start (keel-api, pve-sim): plain POSIX, links with anything.
namespace keel::testing {

// A port on 127.0.0.1 nobody listens on right now.
int free_loopback_port();
// Whether something accepts connections on 127.0.0.1:`port`.
bool loopback_port_open(int port);

}  // namespace keel::testing
