#pragma once
// Registers Proxmox VE clusters and their images through `keel-api clusters add` / `images set`, so POST /servers
// finds the datacenters and images the tests order (issue #10). The clusters point nowhere real yet.
#include <string>
#include <utility>
#include <vector>

namespace keel::testing {

inline constexpr const char* kTestClusterSecret = "4f5c7a52-1c1f-4b39-9d8e-2f0a1b2c3d4e";
inline constexpr const char* kTestFingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

struct TestImage {
    std::string os_image;
    int template_vmid;
};

// The images the old fixed catalogue sold, with its template VMIDs (debian-12 → 9000 …).
std::vector<TestImage> standard_images();

// `keel-api clusters add NAME` (fingerprint trust, kTestClusterSecret on stdin) then `images set` for each
// image; fails the current test on a non-zero exit.
void register_cluster(const std::string& database_url, const std::string& name,
                      const std::vector<TestImage>& images = standard_images());

// Where a registered cluster really is (a pve-sim, say): its URL, token and CA file.
struct ClusterAccess {
    std::string url;
    std::string token_id;  // USER@REALM!TOKENID
    std::string secret;
    std::string ca_file;      // either this
    std::string fingerprint;  // or this
};

// `keel-api clusters add NAME` reaching `access`, then `images set` for each image; fails the test on an error.
void register_cluster_at(const std::string& database_url, const std::string& name, const ClusterAccess& access,
                         const std::vector<TestImage>& images = standard_images());

// fra1 and ams1 with the standard images: what the API tests, benchmarks and ./dev order from.
void register_standard_clusters(const std::string& database_url);

}  // namespace keel::testing
