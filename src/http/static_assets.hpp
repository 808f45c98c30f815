#pragma once
// The web console's files (web/ at the repository root), compiled into keel-api by src/http/embed_web.cmake:
// bytes, content type by extension, strong ETag (a hash of the bytes).
#include <optional>
#include <span>
#include <string_view>

namespace keel::http {

struct StaticAsset {
    std::string_view name;          // path under web/: "index.html", "assets/app.js"
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view etag;          // quoted: "\"3f2a…\""
    std::string_view bytes;
};

std::span<const StaticAsset> embedded_web_assets();  // generated, sorted by name

// The embedded file `name`, if there is one.
std::optional<StaticAsset> find_web_asset(std::string_view name);

// True when an If-None-Match header value ("*", or a list of entity tags, weak or strong) names `etag`.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace keel::http
