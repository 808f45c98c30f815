#pragma once
// A Proxmox VE cluster Keel manages (issue #10): where its API is, the token Keel uses, how its TLS certificate
// is trusted, and the images (templates) it offers. Its name is the `datacenter` slug customers order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cluster_fields.hpp"
#include "core/id.hpp"
#include "core/sealed_secret.hpp"

namespace keel::db {

// How the cluster's certificate is verified; there is no way to switch verification off.
struct ClusterTrust {
    enum class Kind {
        kCaBundle,     // `value` is PEM text: the chain must lead to one of its certificates
        kFingerprint,  // `value` is the leaf certificate's SHA-256, `AA:BB:…` upper case, as PVE shows it
    };
    Kind kind = Kind::kFingerprint;
    std::string value;
    friend bool operator==(const ClusterTrust&, const ClusterTrust&) = default;
};

struct ClusterImage {
    std::string os_image;                // the slug customers order
    std::int64_t template_vmid = 0;      // the template VM cloned for it
    std::optional<std::string> storage;  // target storage of the clone; none: the template's own
    friend bool operator==(const ClusterImage&, const ClusterImage&) = default;
};

struct Cluster {
    ClusterId id;
    std::string name;           // the datacenter slug, unique
    std::string api_url;        // https://host[:port], no path: the client appends /api2/json/…
    std::string token_id;       // USER@REALM!TOKENID
    SealedSecret token_secret;  // opened only by auth::SecretKeyRing, only where a request is signed
    // None: migrated from WHMCS without a trust given (issue #11); such a cluster is disabled and cannot be
    // enabled until it is given one (see enables_without_trust).
    std::optional<ClusterTrust> trust;
    bool enabled = true;
    std::string created_at;  // ISO-8601 UTC
    std::string updated_at;
    std::vector<ClusterImage> images;  // sorted by os_image
};

struct NewCluster {
    std::string name;
    std::string api_url;
    std::string token_id;
    SealedSecret token_secret;
    ClusterTrust trust;
    bool enabled = true;
};

// What an update changes; empty members stay as they are.
struct ClusterChange {
    std::optional<std::string> api_url;
    std::optional<std::string> token_id;
    std::optional<SealedSecret> token_secret;
    std::optional<ClusterTrust> trust;
    std::optional<bool> enabled;
};

// The trust checked fields ask for (a CA bundle or a pinned fingerprint); none when they name neither, as an update
// that leaves the trust as it is.
inline std::optional<ClusterTrust> trust_from(const ClusterFields& fields) {
    if (fields.tls_ca_pem) {
        return ClusterTrust{ClusterTrust::Kind::kCaBundle, *fields.tls_ca_pem};
    }
    if (fields.tls_fingerprint_sha256) {
        return ClusterTrust{ClusterTrust::Kind::kFingerprint, *fields.tls_fingerprint_sha256};
    }
    return std::nullopt;
}

}  // namespace keel::db
