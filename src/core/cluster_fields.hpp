#pragma once
// The rules a Proxmox VE cluster's registration must meet (issue #10), shared by the CLI and the admin API.
// Each check returns the normalised value or a message saying what is wrong; callers attach the field name.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/server_spec.hpp"

namespace keel {

template <class T>
using Checked = std::expected<T, std::string>;

// `https://host[:port]` with no path, query, fragment or credentials; a trailing '/' is dropped. The HTTPS
// client appends `/api2/json/…` itself. Plain http is refused: the token would cross the network in clear.
Checked<std::string> check_api_url(std::string_view url);

// A PVE API token id, `USER@REALM!TOKENID` (e.g. `keel@pve!keel`).
Checked<std::string> check_token_id(std::string_view token_id);

// The token's secret (PVE shows a UUID): 1-512 printable ASCII characters without blanks.
Checked<std::string> check_token_secret(std::string_view secret);

// A SHA-256 certificate fingerprint as PVE shows it: 32 hex pairs joined by ':' (`AA:BB:…`). Lower case and
// the bare 64 hex digits are accepted; the result is always upper case with colons.
Checked<std::string> check_fingerprint(std::string_view fingerprint);

// PEM text holding at least one X.509 certificate (a CA bundle), at most 256 KiB.
Checked<std::string> check_ca_pem(std::string_view pem);

// A template's VMID: PVE allows 100 to 999999999.
Checked<std::int64_t> check_template_vmid(std::int64_t vmid);

// A PVE storage id (`local-lvm`, `ceph_pool.1`): a lower-case letter, then letters, digits, '-', '_', '.'.
Checked<std::string> check_storage_id(std::string_view storage);

// A cluster's registration as given (CLI flags or the admin API's JSON), named as the API names them. The
// token secret is not here: it travels in an auth::Secret and is checked with check_token_secret.
struct ClusterFields {
    std::optional<std::string> name;
    std::optional<std::string> api_url;
    std::optional<std::string> token_id;
    std::optional<std::string> tls_ca_pem;
    std::optional<std::string> tls_fingerprint_sha256;
    std::optional<bool> enabled;
};

// Checks and normalises `fields` in place; one FieldError per bad field. Creating: name, api_url, token_id and
// exactly one of tls_ca_pem / tls_fingerprint_sha256 are required. Updating: the name is not changed here and
// at most one trust may be given (it replaces the other).
std::vector<FieldError> normalise_cluster_fields(ClusterFields& fields, bool creating);

// A cluster stored with no TLS trust (migrated from WHMCS, whose modules skip verification; issue #11) stays
// disabled until it is given one: enabling it needs tls_ca_pem or tls_fingerprint_sha256 in the same change.
// True when `fields` would enable such a cluster (`stored_trust` false) without giving either.
bool enables_without_trust(const ClusterFields& fields, bool stored_trust);

}  // namespace keel
