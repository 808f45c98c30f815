#pragma once
// whmcs-migrate's `--cluster-ca NAME=FILE` and `--cluster-fingerprint NAME=AA:BB:…`: the TLS trust the operator
// gives each migrated cluster (WHMCS modules talk to Proxmox with verification off, so WHMCS has none to carry).
#include <string>
#include <vector>

#include "core/result.hpp"
#include "migrate/hypervisor_import.hpp"

namespace keel::migrate {

// kInvalidArgument naming the argument: no '=', an unreadable file, no certificate in it, a malformed
// fingerprint, or one cluster given twice.
Result<ClusterTrustOptions> cluster_trust_options(const std::vector<std::string>& ca_files,
                                                  const std::vector<std::string>& fingerprints);

}  // namespace keel::migrate
