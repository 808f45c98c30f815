#include "http/handlers/static_files.hpp"

#include <string>

#include "http/responses.hpp"
#include "http/static_assets.hpp"

namespace keel::http {

namespace {

Response serve(const Request& request, const RequestContext& ctx, std::string_view name) {
    const auto asset = find_web_asset(name);
    if (!asset) {
        return error_response(ctx, Error{ErrorCode::kNotFound, "no such file"});
    }
    const auto if_none_match = request[bhttp::field::if_none_match];
    const bool unchanged = etag_matches({if_none_match.data(), if_none_match.size()}, asset->etag);
    Response response{unchanged ? Status::not_modified : Status::ok, 11};
    response.set(bhttp::field::etag, asset->etag);
    response.set(bhttp::field::cache_control, "no-cache");
    if (!unchanged) {
        response.set(bhttp::field::content_type, asset->content_type);
        response.body() = std::string(asset->bytes);
    }
    return response;
}

}  // namespace

Task<Response> StaticFiles::index(const Request& request, RequestContext& ctx) {
    co_return serve(request, ctx, "index.html");
}

Task<Response> StaticFiles::asset(const Request& request, RequestContext& ctx, const PathParams& params) {
    const auto file = params.get("file");
    // One segment, already percent-decoded by the router: refuse anything that could climb or hide.
    if (file.empty() || file.front() == '.' || file.find('/') != std::string_view::npos ||
        file.find('\\') != std::string_view::npos) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "no such file"});
    }
    const std::string name = "assets/" + std::string(file);
    co_return serve(request, ctx, name);
}

}  // namespace keel::http
