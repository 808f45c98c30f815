#include "http/static_assets.hpp"

#include <algorithm>

namespace keel::http {

std::optional<StaticAsset> find_web_asset(std::string_view name) {
    const auto assets = embedded_web_assets();
    const auto found =
        std::lower_bound(assets.begin(), assets.end(), name,
                         [](const StaticAsset& asset, std::string_view key) { return asset.name < key; });
    if (found == assets.end() || found->name != name) {
        return std::nullopt;
    }
    return *found;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    std::size_t start = 0;
    while (start < if_none_match.size()) {
        auto end = if_none_match.find(',', start);
        if (end == std::string_view::npos) {
            end = if_none_match.size();
        }
        auto candidate = if_none_match.substr(start, end - start);
        while (!candidate.empty() && (candidate.front() == ' ' || candidate.front() == '\t')) {
            candidate.remove_prefix(1);
        }
        while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) {
            candidate.remove_suffix(1);
        }
        if (candidate.starts_with("W/")) {
            candidate.remove_prefix(2);  // If-None-Match compares weakly (RFC 9110 13.1.2)
        }
        if (candidate == "*" || candidate == etag) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

}  // namespace keel::http
