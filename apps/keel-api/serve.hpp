#pragma once
#include "config.hpp"

namespace keel::app {

// Runs until SIGINT/SIGTERM: the HTTP API when `with_http`, and `config.workers` provisioning workers.
// Returns the process exit code.
int run_serve(const ApiConfig& config, bool with_http);

}  // namespace keel::app
