#pragma once
// The simulator's own trust: a CA and a server certificate for 127.0.0.1 and localhost signed by it,
// made once per state directory and reused afterwards, so a restarted simulator keeps the trust Keel has.
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace keel::pve_sim {

struct TlsFiles {
    std::filesystem::path ca_pem;      // what a client trusts
    std::filesystem::path server_pem;  // server certificate
    std::filesystem::path server_key_pem;
    std::string fingerprint;  // SHA-256 of the server certificate, PVE's form: AB:CD:…
};

// Reuses <dir>/ca.pem, server.pem, server-key.pem when all are there, else makes new ones; writes
// <dir>/fingerprint either way.
Result<TlsFiles> ensure_tls_files(const std::filesystem::path& dir);

// SHA-256 over the DER of the first certificate in `pem_path`, uppercase hex pairs joined by ':'.
Result<std::string> certificate_fingerprint(const std::filesystem::path& pem_path);

}  // namespace keel::pve_sim
