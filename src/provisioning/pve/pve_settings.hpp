#pragma once
// What Keel needs to reach one Proxmox VE cluster: its name (for error texts), the API URL, an API token and how
// to trust the cluster's TLS certificate. TLS is always verified: there is no "insecure" switch.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"

namespace keel::provisioning {

// The API token's secret (a UUID). Never printed: it leaves this object only for the Authorization header, and
// its bytes are wiped when it goes.
class ApiTokenSecret {
public:
    ApiTokenSecret() = default;
    explicit ApiTokenSecret(std::string secret) : secret_(std::move(secret)) {}
    ApiTokenSecret(const ApiTokenSecret&) = default;
    ApiTokenSecret(ApiTokenSecret&&) noexcept = default;
    ApiTokenSecret& operator=(const ApiTokenSecret&) = default;
    ApiTokenSecret& operator=(ApiTokenSecret&&) noexcept = default;
    ~ApiTokenSecret();

    const std::string& reveal() const { return secret_; }
    bool empty() const { return secret_.empty(); }

private:
    std::string secret_;
};

// Trust the certificate chain up to these CAs (PEM, one or more), and check the URL's host name or IP in it.
struct CaBundlePem {
    std::string pem;
    friend bool operator==(const CaBundlePem&, const CaBundlePem&) = default;
};
// Trust exactly the one server certificate with this SHA-256 fingerprint, as PVE shows it ("AA:BB:…", 32 bytes;
// case and separators do not matter). Chain and name are then not checked: the pin is the whole trust.
struct PinnedFingerprint {
    std::string sha256;
    friend bool operator==(const PinnedFingerprint&, const PinnedFingerprint&) = default;
};
using TlsTrust = std::variant<CaBundlePem, PinnedFingerprint>;

struct PveClusterSettings {
    std::string cluster;   // Keel's name for it (the datacenter slug): named in every connection error
    std::string url;       // https://host[:port][/prefix]; port 8006 when absent
    std::string token_id;  // USER@REALM!TOKENID
    ApiTokenSecret token_secret;
    TlsTrust trust;
};

struct PveClientOptions {
    std::size_t max_connections = 4;                   // per cluster; further requests wait for one to be free
    std::chrono::milliseconds connect_timeout{5000};   // resolve + TCP + TLS handshake
    std::chrono::milliseconds request_timeout{30000};  // write the request, read the whole answer; also the wait
                                                       // for a free connection
    std::chrono::milliseconds idle_timeout{60000};     // an idle connection older than this is closed, not reused
};

// The parsed API URL.
struct PveEndpoint {
    std::string host;  // without brackets for IPv6
    std::uint16_t port = 8006;
    std::string path_prefix;  // "" or "/proxy" (no trailing slash): before /api2/json
    bool host_is_ip = false;
    friend bool operator==(const PveEndpoint&, const PveEndpoint&) = default;
};

// https only; no user info, query or fragment.
Result<PveEndpoint> parse_pve_url(std::string_view url);

using Sha256Fingerprint = std::array<unsigned char, 32>;
Result<Sha256Fingerprint> parse_fingerprint(std::string_view text);
std::string format_fingerprint(const Sha256Fingerprint& fingerprint);  // "AA:BB:…", as PVE shows it

// USER@REALM!TOKENID: an API token, not a user (tickets are not supported).
Status check_token_id(std::string_view token_id);

}  // namespace keel::provisioning
