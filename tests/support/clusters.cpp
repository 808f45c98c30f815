#include "clusters.hpp"

#include <gtest/gtest.h>

#include "api_process.hpp"

namespace keel::testing {

std::vector<TestImage> standard_images() {
    return {{"debian-12", 9000}, {"debian-11", 9001},   {"ubuntu-24.04", 9002}, {"ubuntu-22.04", 9003},
            {"rocky-9", 9004},   {"almalinux-9", 9005}, {"windows-2022", 9006}};
}

void register_cluster_at(const std::string& database_url, const std::string& name, const ClusterAccess& access,
                         const std::vector<TestImage>& images) {
    std::vector<std::string> add{"clusters", "add", name, "--url", access.url, "--token-id", access.token_id};
    if (!access.ca_file.empty()) {
        add.insert(add.end(), {"--ca-file", access.ca_file});
    } else {
        add.insert(add.end(), {"--fingerprint", access.fingerprint});
    }
    add.emplace_back("--secret-stdin");
    EXPECT_EQ(run_keel_api(database_url, add, access.secret + "\n"), 0) << "clusters add " << name;
    for (const auto& image : images) {
        EXPECT_EQ(
            run_keel_api(
                database_url,
                {"images", "set", name, image.os_image, "--template-vmid", std::to_string(image.template_vmid)}, ""),
            0)
            << "images set " << name << " " << image.os_image;
    }
}

void register_cluster(const std::string& database_url, const std::string& name, const std::vector<TestImage>& images) {
    register_cluster_at(database_url, name,
                        ClusterAccess{.url = "https://" + name + ".pve.invalid:8006",
                                      .token_id = "keel@pve!keel",
                                      .secret = kTestClusterSecret,
                                      .fingerprint = kTestFingerprint},
                        images);
}

void register_standard_clusters(const std::string& database_url) {
    register_cluster(database_url, "fra1");
    register_cluster(database_url, "ams1");
}

}  // namespace keel::testing
