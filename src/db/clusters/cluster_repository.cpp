#include "db/clusters/cluster_repository.hpp"

#include <map>

#include "db/clusters/cluster_statements.hpp"
#include "db/pool.hpp"

namespace keel::db {

namespace {

// Neither column set: a migrated cluster with no trust (the schema allows it only while disabled).
std::optional<ClusterTrust> trust_from_row(const PgResult& rows, int row) {
    if (!rows.is_null(row, 6)) {
        return ClusterTrust{ClusterTrust::Kind::kFingerprint, rows.string(row, 6)};
    }
    if (!rows.is_null(row, 5)) {
        return ClusterTrust{ClusterTrust::Kind::kCaBundle, rows.string(row, 5)};
    }
    return std::nullopt;
}

Cluster cluster_from_row(const PgResult& rows, int row) {
    return Cluster{
        .id = ClusterId{rows.int64(row, 0)},
        .name = rows.string(row, 1),
        .api_url = rows.string(row, 2),
        .token_id = rows.string(row, 3),
        .token_secret = SealedSecret(rows.string(row, 4)),
        .trust = trust_from_row(rows, row),
        .enabled = rows.boolean(row, 7),
        .created_at = rows.string(row, 8),
        .updated_at = rows.string(row, 9),
        .images = {},
    };
}

ClusterImage image_from_row(const PgResult& rows, int row) {
    return ClusterImage{rows.string(row, 1), rows.int64(row, 2), rows.optional_string(row, 3)};
}

Param ca_of(const ClusterTrust& trust) {
    switch (trust.kind) {
        case ClusterTrust::Kind::kCaBundle: return trust.value;
        case ClusterTrust::Kind::kFingerprint: return std::nullopt;
    }
    return std::nullopt;
}

Param fingerprint_of(const ClusterTrust& trust) {
    switch (trust.kind) {
        case ClusterTrust::Kind::kCaBundle: return std::nullopt;
        case ClusterTrust::Kind::kFingerprint: return trust.value;
    }
    return std::nullopt;
}

Error no_such_cluster(const std::string& name) {
    return Error{ErrorCode::kNotFound, "no cluster named '" + name + "'"};
}

}  // namespace

Task<Result<Cluster>> ClusterRepository::with_images(Cluster cluster) {
    Params params{param(cluster.id.value)};
    auto rows = co_await pool_.query(cluster_sql::kImages, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    for (int i = 0; i < rows->rows(); ++i) {
        cluster.images.push_back(image_from_row(*rows, i));
    }
    co_return cluster;
}

Task<Result<Cluster>> ClusterRepository::add(NewCluster cluster) {
    Params params{param(cluster.name),     param(cluster.api_url),
                  param(cluster.token_id), param(cluster.token_secret.stored_text()),
                  ca_of(cluster.trust),    fingerprint_of(cluster.trust),
                  param(cluster.enabled)};
    auto rows = co_await pool_.query(cluster_sql::kInsert, std::move(params));
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            co_return fail(ErrorCode::kConflict, "a cluster named '" + cluster.name + "' already exists");
        }
        co_return std::unexpected(rows.error());
    }
    co_return cluster_from_row(*rows, 0);
}

Task<Result<Cluster>> ClusterRepository::update(std::string name, ClusterChange change) {
    const bool new_trust = change.trust.has_value();
    Params params{param(name),
                  param(change.api_url),
                  param(change.token_id),
                  change.token_secret ? param(change.token_secret->stored_text()) : std::nullopt,
                  param(change.enabled),
                  param(new_trust),
                  new_trust ? ca_of(*change.trust) : std::nullopt,
                  new_trust ? fingerprint_of(*change.trust) : std::nullopt};
    auto rows = co_await pool_.query(cluster_sql::kUpdate, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return std::unexpected(no_such_cluster(name));
    }
    co_return co_await with_images(cluster_from_row(*rows, 0));
}

Task<Result<Cluster>> ClusterRepository::disable(std::string name) {
    ClusterChange change;
    change.enabled = false;
    co_return co_await update(std::move(name), std::move(change));
}

Task<Result<std::vector<Cluster>>> ClusterRepository::list_with_images(bool enabled_only) {
    Params cluster_params{param(enabled_only)};
    auto rows = co_await pool_.query(cluster_sql::kList, std::move(cluster_params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    Params image_params{std::nullopt};
    auto image_rows = co_await pool_.query(cluster_sql::kImages, std::move(image_params));
    if (!image_rows) {
        co_return std::unexpected(image_rows.error());
    }
    std::map<std::int64_t, std::vector<ClusterImage>> images;
    for (int i = 0; i < image_rows->rows(); ++i) {
        images[image_rows->int64(i, 0)].push_back(image_from_row(*image_rows, i));
    }
    std::vector<Cluster> clusters;
    for (int i = 0; i < rows->rows(); ++i) {
        auto cluster = cluster_from_row(*rows, i);
        if (auto found = images.find(cluster.id.value); found != images.end()) {
            cluster.images = std::move(found->second);
        }
        clusters.push_back(std::move(cluster));
    }
    co_return clusters;
}

Task<Result<std::vector<Cluster>>> ClusterRepository::list() {
    co_return co_await list_with_images(false);
}

Task<Result<std::vector<Cluster>>> ClusterRepository::enabled_clusters() {
    co_return co_await list_with_images(true);
}

Task<Result<Cluster>> ClusterRepository::find_by_name(std::string name) {
    Params params{param(name)};
    auto rows = co_await pool_.query(cluster_sql::kFindByName, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return std::unexpected(no_such_cluster(name));
    }
    co_return co_await with_images(cluster_from_row(*rows, 0));
}

Task<Result<ClusterImage>> ClusterRepository::set_image(std::string cluster_name, ClusterImage image) {
    Params params{param(cluster_name), param(image.os_image), param(image.template_vmid), param(image.storage)};
    auto rows = co_await pool_.query(cluster_sql::kSetImage, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return std::unexpected(no_such_cluster(cluster_name));
    }
    co_return image_from_row(*rows, 0);
}

Task<Result<std::vector<ClusterImage>>> ClusterRepository::images(std::string cluster_name) {
    auto cluster = co_await find_by_name(std::move(cluster_name));
    if (!cluster) {
        co_return std::unexpected(cluster.error());
    }
    co_return std::move(cluster->images);
}

Task<Result<Catalog>> ClusterRepository::catalog() {
    Params none;
    auto rows = co_await pool_.query(cluster_sql::kCatalog, std::move(none));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    Catalog catalog;
    for (int i = 0; i < rows->rows(); ++i) {
        const auto name = rows->text(i, 0);
        if (catalog.datacenters.empty() || catalog.datacenters.back().name != name) {
            catalog.datacenters.push_back({std::string(name), {}});
        }
        catalog.datacenters.back().os_images.push_back(rows->string(i, 1));
    }
    co_return catalog;
}

}  // namespace keel::db
