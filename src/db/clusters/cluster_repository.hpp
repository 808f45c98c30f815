#pragma once
// Clusters and their images (issue #10), on the async pool: the admin API, the catalog cache, the workers' HTTPS
// clients and the operator's CLI all use this one class. Sealed secrets pass through unopened: sealing and
// opening belong to auth::SecretKeyRing (re-sealing them all: db/secrets/secret_rotation).
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "db/clusters/cluster.hpp"

namespace keel::db {

class Pool;

class ClusterRepository {
public:
    explicit ClusterRepository(Pool& pool) : pool_(pool) {}

    // kConflict when the name is taken.
    Task<Result<Cluster>> add(NewCluster cluster);
    // kNotFound when no cluster has that name.
    Task<Result<Cluster>> update(std::string name, ClusterChange change);
    Task<Result<Cluster>> disable(std::string name);
    // Every cluster with its images, by name.
    Task<Result<std::vector<Cluster>>> list();
    // What the workers build their HTTPS clients from: enabled clusters with images, sealed secret and trust.
    Task<Result<std::vector<Cluster>>> enabled_clusters();
    // kNotFound when absent. With its images.
    Task<Result<Cluster>> find_by_name(std::string name);
    // Adds or replaces the cluster's template for `image.os_image`; kNotFound for an unknown cluster.
    Task<Result<ClusterImage>> set_image(std::string cluster_name, ClusterImage image);
    // kNotFound for an unknown cluster.
    Task<Result<std::vector<ClusterImage>>> images(std::string cluster_name);
    // The customer-facing catalogue (enabled clusters with at least one image).
    Task<Result<Catalog>> catalog();

private:
    Task<Result<std::vector<Cluster>>> list_with_images(bool enabled_only);
    Task<Result<Cluster>> with_images(Cluster cluster);

    Pool& pool_;
};

}  // namespace keel::db
