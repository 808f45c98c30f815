#pragma once
// /admin/clusters bodies ↔ clusters, and GET /catalog. The token secret is write-only: decoded into a wiping
// auth::Secret, never encoded — no response carries it, sealed or not.
#include <optional>

#include <boost/json/object.hpp>

#include "auth/secret.hpp"
#include "core/catalog.hpp"
#include "core/cluster_fields.hpp"
#include "db/clusters/cluster.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

struct ClusterRequest {
    ClusterFields fields;                      // checked and normalised
    std::optional<auth::Secret> token_secret;  // required when creating
};

// POST (creating) or PATCH body; 422 per bad or unknown field. PATCH takes no `name`.
Decoded<ClusterRequest> decode_cluster_request(const boost::json::object& body, bool creating);
// PUT /admin/clusters/{name}/images/{os_image} body: {"template_vmid", "storage"?}.
Decoded<db::ClusterImage> decode_image_request(const boost::json::object& body, std::string os_image);

// The cluster as an admin sees it: everything but the secret (its key id is shown, for rotation).
boost::json::object encode_cluster(const db::Cluster& cluster);
boost::json::object encode_image(const db::ClusterImage& image);
// {"datacenters":[{"name","os_images":[…]}]}: names only, nothing about the clusters behind them.
boost::json::object encode_catalog(const Catalog& catalog);

}  // namespace keel::http
