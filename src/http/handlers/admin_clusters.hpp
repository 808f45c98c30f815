#pragma once
// /admin/clusters… (issue #10), admins only (the router answers 403 to clients): register, read and change the
// Proxmox VE clusters and their images. The token secret is sealed before it is stored and never answered.
#include <optional>
#include <string>

#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel {
struct ClusterFields;
}
namespace keel::auth {
class SecretKeyRing;
}
namespace keel::db {
class ClusterRepository;
}

namespace keel::http {

class CatalogCache;

class AdminClusters {
public:
    AdminClusters(db::ClusterRepository& clusters, const auth::SecretKeyRing& secrets, CatalogCache& catalog)
        : clusters_(clusters), secrets_(secrets), catalog_(catalog) {}

    // GET /admin/clusters
    Task<Response> list(const Request& request, RequestContext& ctx);
    // POST /admin/clusters — 201 + Location
    Task<Response> create(const Request& request, RequestContext& ctx);
    // GET /admin/clusters/{name}
    Task<Response> get(const Request& request, RequestContext& ctx, const PathParams& params);
    // PATCH /admin/clusters/{name} — enabling a cluster that has no TLS trust needs one in the same body (422)
    Task<Response> patch(const Request& request, RequestContext& ctx, const PathParams& params);
    // GET /admin/clusters/{name}/images
    Task<Response> images(const Request& request, RequestContext& ctx, const PathParams& params);
    // PUT /admin/clusters/{name}/images/{os_image}
    Task<Response> put_image(const Request& request, RequestContext& ctx, const PathParams& params);

private:
    // The 422 for enabling a cluster that has no TLS trust without giving one; none when the change may go on.
    Task<std::optional<Response>> refuse_enabling_without_trust(const std::string& name, const ClusterFields& fields,
                                                                const RequestContext& ctx);

    db::ClusterRepository& clusters_;
    const auth::SecretKeyRing& secrets_;
    CatalogCache& catalog_;
};

// GET /catalog — any logged-in user: the datacenters and os images on offer, nothing about the clusters.
class GetCatalog {
public:
    explicit GetCatalog(CatalogCache& catalog) : catalog_(catalog) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    CatalogCache& catalog_;
};

}  // namespace keel::http
