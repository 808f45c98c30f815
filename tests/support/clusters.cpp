#include "clusters.hpp"

#include <gtest/gtest.h>

#include "api_process.hpp"

namespace keel::testing {

std::vector<TestImage> standard_images() {
    return {{"debian-12", 9000}, {"debian-11", 9001},   {"ubuntu-24.04", 9002}, {"ubuntu-22.04", 9003},
            {"rocky-9", 9004},   {"almalinux-9", 9005}, {"windows-2022", 9006}};
}

void register_cluster(const std::string& database_url, const std::string& name, const std::vector<TestImage>& images) {
    EXPECT_EQ(run_keel_api(database_url,
                           {"clusters", "add", name, "--url", "https://" + name + ".pve.invalid:8006", "--token-id",
                            "keel@pve!keel", "--fingerprint", kTestFingerprint, "--secret-stdin"},
                           std::string(kTestClusterSecret) + "\n"),
              0)
        << "clusters add " << name;
    for (const auto& image : images) {
        EXPECT_EQ(
            run_keel_api(
                database_url,
                {"images", "set", name, image.os_image, "--template-vmid", std::to_string(image.template_vmid)}, ""),
            0)
            << "images set " << name << " " << image.os_image;
    }
}

void register_standard_clusters(const std::string& database_url) {
    register_cluster(database_url, "fra1");
    register_cluster(database_url, "ams1");
}

}  // namespace keel::testing
