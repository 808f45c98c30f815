#include "http/handlers/admin_clusters.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "auth/secret_box.hpp"
#include "core/cluster_fields.hpp"
#include "core/log.hpp"
#include "core/slug.hpp"
#include "db/clusters/cluster_repository.hpp"
#include "http/catalog_cache.hpp"
#include "http/codecs/cluster_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

namespace json = boost::json;

namespace {

// A name that is no slug names no cluster: 404 without a query.
std::optional<std::string> cluster_name(const PathParams& params) {
    const auto name = params.get("name");
    return is_valid_slug(name) ? std::optional(std::string(name)) : std::nullopt;
}

Response no_such_cluster(const RequestContext& ctx) {
    return error_response(ctx, Error{ErrorCode::kNotFound, "no such cluster"});
}

}  // namespace

Task<Response> AdminClusters::list(const Request&, RequestContext& ctx) {
    auto clusters = co_await clusters_.list();
    if (!clusters) {
        co_return error_response(ctx, clusters.error());
    }
    json::array items;
    for (const auto& cluster : *clusters) {
        items.push_back(encode_cluster(cluster));
    }
    co_return json_response(ctx, Status::ok, json::object{{"items", std::move(items)}});
}

Task<Response> AdminClusters::create(const Request& request, RequestContext& ctx) {
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return error_response(ctx, body.error());
    }
    auto decoded = decode_cluster_request(*body, true);
    if (!decoded) {
        co_return validation_problem(ctx, decoded.error());
    }
    auto& fields = decoded->fields;
    db::NewCluster cluster{*fields.name,
                           *fields.api_url,
                           *fields.token_id,
                           secrets_.seal(decoded->token_secret->reveal()),
                           *db::trust_from(fields),
                           fields.enabled.value_or(true)};
    auto added = co_await clusters_.add(std::move(cluster));
    if (!added) {
        co_return error_response(ctx, added.error());
    }
    catalog_.invalidate();
    log::info("cluster.added", {{"request_id", ctx.request_id}, {"cluster", added->name}});
    auto response = json_response(ctx, Status::created, encode_cluster(*added));
    response.set(bhttp::field::location, "/admin/clusters/" + added->name);
    co_return response;
}

Task<Response> AdminClusters::get(const Request&, RequestContext& ctx, const PathParams& params) {
    auto name = cluster_name(params);
    if (!name) {
        co_return no_such_cluster(ctx);
    }
    auto cluster = co_await clusters_.find_by_name(std::move(*name));
    if (!cluster) {
        co_return error_response(ctx, cluster.error());
    }
    co_return json_response(ctx, Status::ok, encode_cluster(*cluster));
}

Task<Response> AdminClusters::patch(const Request& request, RequestContext& ctx, const PathParams& params) {
    auto name = cluster_name(params);
    if (!name) {
        co_return no_such_cluster(ctx);
    }
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return error_response(ctx, body.error());
    }
    auto decoded = decode_cluster_request(*body, false);
    if (!decoded) {
        co_return validation_problem(ctx, decoded.error());
    }
    const auto& fields = decoded->fields;
    if (auto refused = co_await refuse_enabling_without_trust(*name, fields, ctx); refused) {
        co_return std::move(*refused);
    }
    db::ClusterChange change{fields.api_url, fields.token_id, std::nullopt, db::trust_from(fields), fields.enabled};
    if (decoded->token_secret) {
        change.token_secret = secrets_.seal(decoded->token_secret->reveal());
    }
    auto updated = co_await clusters_.update(std::move(*name), std::move(change));
    if (!updated) {
        co_return error_response(ctx, updated.error());
    }
    catalog_.invalidate();
    log::info("cluster.updated", {{"request_id", ctx.request_id}, {"cluster", updated->name}});
    co_return json_response(ctx, Status::ok, encode_cluster(*updated));
}

// A cluster with no trust (migrated from WHMCS) is enabled only together with one: 422 naming `enabled`. The
// schema's check refuses it too, should the trust go between this read and the update.
Task<std::optional<Response>> AdminClusters::refuse_enabling_without_trust(const std::string& name,
                                                                           const ClusterFields& fields,
                                                                           const RequestContext& ctx) {
    if (!enables_without_trust(fields, false)) {
        co_return std::nullopt;  // not enabling, or giving a trust: nothing to look up
    }
    auto stored = co_await clusters_.find_by_name(name);
    if (!stored) {
        co_return error_response(ctx, stored.error());
    }
    if (!enables_without_trust(fields, stored->trust.has_value())) {
        co_return std::nullopt;
    }
    const std::vector<FieldError> errors{
        {"enabled",
         "cannot be true while the cluster has no TLS trust; give tls_ca_pem or tls_fingerprint_sha256 "
         "in the same request"}};
    co_return validation_problem(ctx, errors);
}

Task<Response> AdminClusters::images(const Request&, RequestContext& ctx, const PathParams& params) {
    auto name = cluster_name(params);
    if (!name) {
        co_return no_such_cluster(ctx);
    }
    auto images = co_await clusters_.images(std::move(*name));
    if (!images) {
        co_return error_response(ctx, images.error());
    }
    json::array items;
    for (const auto& image : *images) {
        items.push_back(encode_image(image));
    }
    co_return json_response(ctx, Status::ok, json::object{{"items", std::move(items)}});
}

Task<Response> AdminClusters::put_image(const Request& request, RequestContext& ctx, const PathParams& params) {
    auto name = cluster_name(params);
    if (!name) {
        co_return no_such_cluster(ctx);
    }
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return error_response(ctx, body.error());
    }
    auto image = decode_image_request(*body, std::string(params.get("os_image")));
    if (!image) {
        co_return validation_problem(ctx, image.error());
    }
    auto stored = co_await clusters_.set_image(std::move(*name), std::move(*image));
    if (!stored) {
        co_return error_response(ctx, stored.error());
    }
    catalog_.invalidate();
    co_return json_response(ctx, Status::ok, encode_image(*stored));
}

Task<Response> GetCatalog::handle(const Request&, RequestContext& ctx) {
    auto catalog = co_await catalog_.current(std::chrono::steady_clock::now());
    if (!catalog) {
        co_return error_response(ctx, catalog.error());
    }
    co_return json_response(ctx, Status::ok, encode_catalog(**catalog));
}

}  // namespace keel::http
