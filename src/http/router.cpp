#include "http/router.hpp"

#include <boost/url/parse_path.hpp>
#include <boost/url/segments_view.hpp>

namespace keel::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        const auto end = path.find('/', start);
        const auto stop = end == std::string_view::npos ? path.size() : end;
        segments.emplace_back(path.substr(start, stop - start));
        start = stop;
    }
    return segments;
}

// The request's segments, percent-decoded; none when the path is no valid URL path (`%zz`, a space).
std::optional<std::vector<std::string>> decoded_segments(std::string_view path) {
    auto parsed = boost::urls::parse_path(path);
    if (!parsed) {
        return std::nullopt;
    }
    const boost::urls::segments_view decoded = *parsed;
    std::vector<std::string> segments;
    for (auto segment : decoded) {
        if (!segment.empty()) {  // "//" and a trailing '/' are ignored, as in the templates
            segments.push_back(std::move(segment));
        }
    }
    return segments;
}

bool is_capture(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::optional<PathParams> match_segments(const Route& route, const std::vector<std::string>& segments) {
    if (route.segments.size() != segments.size()) {
        return std::nullopt;
    }
    PathParams params;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (is_capture(route.segments[i])) {
            params.values.emplace_back(route.segments[i].substr(1, route.segments[i].size() - 2), segments[i]);
        } else if (route.segments[i] != segments[i]) {
            return std::nullopt;
        }
    }
    return params;
}

}  // namespace

std::string_view PathParams::get(std::string_view name) const {
    for (const auto& [key, value] : values) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

void Router::add(bhttp::verb method, std::string_view path_template, Access access, Handler handler, Answer answer) {
    routes_.push_back(Route{method, split_path(path_template), access, std::move(handler), answer,
                            std::string(path_template), routes_.size()});
}

RouteMatch Router::match(bhttp::verb method, std::string_view path) const {
    RouteMatch result;
    const auto decoded = decoded_segments(path);
    if (!decoded) {
        return result;
    }
    const auto& segments = *decoded;
    for (const auto& route : routes_) {
        auto params = match_segments(route, segments);
        if (!params) {
            continue;
        }
        if (route.method == method) {
            result.route = &route;
            result.params = std::move(*params);
            return result;
        }
        if (!result.allow.empty()) {
            result.allow += ", ";
        }
        result.allow += std::string(bhttp::to_string(route.method));
    }
    return result;
}

}  // namespace keel::http
