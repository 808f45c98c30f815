#include "sim_router.hpp"

#include <openssl/crypto.h>

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

namespace keel::pve_sim {

namespace json = boost::json;
namespace urls = boost::urls;

namespace {

constexpr std::size_t kRecordedLimit = 100000;

void add_form_params(urls::params_encoded_view form, Params& params) {
    urls::encoding_opts plus_is_space;
    plus_is_space.space_as_plus = true;
    for (const auto& param : form) {
        params[param.key.decode(plus_is_space)] = param.has_value ? param.value.decode(plus_is_space) : "";
    }
}

std::string json_param(const json::value& value) {
    switch (value.kind()) {
        case json::kind::string: return std::string(value.get_string());
        case json::kind::bool_: return value.get_bool() ? "1" : "0";
        case json::kind::null: return "";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
        case json::kind::array:
        case json::kind::object: return json::serialize(value);
    }
    return "";
}

// Query string and body, as PVE merges them; an unreadable body is a parameter error.
std::optional<Reply> read_params(const SimRequest& request, urls::url_view url, Params& params) {
    add_form_params(url.encoded_params(), params);
    if (request.body.empty()) {
        return std::nullopt;
    }
    if (request.content_type.starts_with("application/json")) {
        boost::system::error_code ec;
        const json::value body = json::parse(request.body, ec);
        if (ec || !body.is_object()) {
            return Reply::error(400, "failed to decode JSON body");
        }
        for (const auto& [key, value] : body.get_object()) {
            params[std::string(key)] = json_param(value);
        }
        return std::nullopt;
    }
    auto form = urls::parse_query(request.body);
    if (!form) {
        return Reply::error(400, "failed to decode form body");
    }
    add_form_params(*form, params);
    return std::nullopt;
}

std::string auth_scheme(std::string_view header) {
    const auto end = header.find_first_of("= ");
    return std::string(header.substr(0, end));
}

std::string joined_path(const std::vector<std::string>& segments) {
    std::string path;
    for (const auto& segment : segments) {
        path += "/" + segment;
    }
    return path;
}

Reply not_implemented(const std::string& method, const std::vector<std::string>& segments) {
    return Reply::error(501, "Method '" + method + " " + joined_path(segments) + "' not implemented");
}

std::optional<std::int64_t> parse_vmid(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Router::Router(Cluster& cluster, std::string token, std::function<Clock::time_point()> clock)
    : cluster_(cluster),
      expected_header_("PVEAPIToken=" + token),
      user_(token.substr(0, token.find('='))),
      clock_(std::move(clock)) {}

bool Router::authorized(const std::string& header) const {
    return header.size() == expected_header_.size() &&
           CRYPTO_memcmp(header.data(), expected_header_.data(), header.size()) == 0;
}

json::value Router::to_json(const RecordedRequest& request) {
    json::object params;
    for (const auto& [key, value] : request.params) {
        params[key] = value;
    }
    return json::object{{"method", request.method},
                        {"path", request.path},
                        {"params", std::move(params)},
                        {"auth_scheme", request.auth_scheme}};
}

Reply Router::handle(const SimRequest& request) {
    auto url = urls::parse_origin_form(request.target);
    if (!url) {
        return Reply::error(400, "malformed request target");
    }
    std::vector<std::string> segments;
    for (auto segment : url->segments()) {
        segments.push_back(segment);
    }
    const bool is_api = segments.size() >= 2 && segments[0] == "api2" && segments[1] == "json";
    if (request.method == "POST" && segments == std::vector<std::string>{"_sim", "vms"}) {
        // Read here, not through read_params: a 200,000-VM body is parsed once, not re-serialised per key.
        if (!authorized(request.authorization)) {
            return Reply::error(401, "authentication failure");
        }
        boost::system::error_code ec;
        const json::value body = json::parse(request.body, ec);
        if (ec) {
            return Reply::error(400, "failed to decode JSON body");
        }
        return cluster_.upsert_vms(body, clock_());
    }
    Params params;
    auto unreadable = read_params(request, *url, params);
    if (is_api) {
        segments.erase(segments.begin(), segments.begin() + 2);
        ++api_requests_;
        if (recorded_.size() >= kRecordedLimit) {
            recorded_.pop_front();
        }
        recorded_.push_back(
            RecordedRequest{request.method, joined_path(segments), params, auth_scheme(request.authorization)});
    }
    if (!authorized(request.authorization)) {
        return Reply::error(401, "authentication failure");
    }
    if (unreadable) {
        return *unreadable;
    }
    if (is_api) {
        return api(request.method, segments, params);
    }
    if (!segments.empty() && segments.front() == "_sim") {
        return control(request.method, segments, params);
    }
    return not_implemented(request.method, segments);
}

Reply Router::api(const std::string& method, const std::vector<std::string>& segments, const Params& params) {
    const auto now = clock_();
    const auto at = [&](std::size_t i, std::string_view text) { return segments.size() > i && segments[i] == text; };
    const std::size_t n = segments.size();
    if (n == 1 && at(0, "version") && method == "GET") {
        return cluster_.version();
    }
    if (n == 2 && at(0, "cluster") && at(1, "resources") && method == "GET") {
        return cluster_.cluster_resources(params, now);
    }
    if (n == 2 && at(0, "cluster") && at(1, "nextid") && method == "GET") {
        return cluster_.next_id(params, now);
    }
    if (n == 1 && at(0, "nodes") && method == "GET") {
        return cluster_.list_nodes(now);
    }
    if (n == 3 && at(0, "nodes") && at(2, "qemu") && method == "GET") {
        return cluster_.list_vms(segments[1], now);
    }
    if (n >= 4 && at(0, "nodes") && at(2, "tasks") && n == 5 && method == "GET" && (at(4, "status") || at(4, "log"))) {
        return at(4, "status") ? cluster_.task_status(segments[1], segments[3], now)
                               : cluster_.task_log(segments[1], segments[3], now);
    }
    if (n < 4 || !at(0, "nodes") || !at(2, "qemu")) {
        return not_implemented(method, segments);
    }
    const std::string& node = segments[1];
    const auto route = [&]() -> std::optional<std::function<Reply(std::int64_t)>> {
        if (n == 4 && method == "DELETE") {
            return [&](std::int64_t vmid) { return cluster_.destroy(node, vmid, params, user_, now); };
        }
        if (n == 5 && at(4, "clone") && method == "POST") {
            return [&](std::int64_t vmid) { return cluster_.clone(node, vmid, params, user_, now); };
        }
        if (n == 5 && at(4, "config") && method == "GET") {
            return [&](std::int64_t vmid) { return cluster_.get_config(node, vmid, now); };
        }
        if (n == 5 && at(4, "config") && (method == "POST" || method == "PUT")) {
            return [&](std::int64_t vmid) {
                return cluster_.update_config(node, vmid, params, method == "POST", user_, now);
            };
        }
        if (n == 5 && at(4, "resize") && method == "PUT") {
            return [&](std::int64_t vmid) { return cluster_.resize(node, vmid, params, user_, now); };
        }
        if (n == 6 && at(4, "status") && at(5, "current") && method == "GET") {
            return [&](std::int64_t vmid) { return cluster_.current_status(node, vmid, now); };
        }
        if (n == 6 && at(4, "status") && method == "POST" &&
            (at(5, "start") || at(5, "stop") || at(5, "shutdown") || at(5, "reboot") || at(5, "suspend") ||
             at(5, "resume"))) {
            return [&](std::int64_t vmid) { return cluster_.power(node, vmid, segments[5], params, user_, now); };
        }
        return std::nullopt;
    }();
    if (!route) {
        return not_implemented(method, segments);
    }
    const auto vmid = parse_vmid(segments[3]);
    if (!vmid) {
        return Reply::parameter_error("vmid", "type check ('integer') failed - got '" + segments[3] + "'");
    }
    return (*route)(*vmid);
}

Reply Router::control(const std::string& method, const std::vector<std::string>& segments, const Params& params) {
    const std::size_t n = segments.size();
    if (n == 4 && segments[1] == "nodes" && method == "POST" && (segments[3] == "offline" || segments[3] == "online")) {
        if (!cluster_.set_node_online(segments[2], segments[3] == "online")) {
            return Reply::error(404, "no such node '" + segments[2] + "'");
        }
        return Reply::ok(nullptr);
    }
    if (n == 2 && segments[1] == "requests" && method == "GET") {
        json::array requests;
        for (const auto& request : recorded_) {
            requests.push_back(to_json(request));
        }
        return Reply::ok(std::move(requests));
    }
    if (n == 2 && segments[1] == "requests" && method == "DELETE") {
        recorded_.clear();
        return Reply::ok(nullptr);
    }
    if (n == 2 && segments[1] == "stats" && method == "GET") {
        return Reply::ok(json::object{{"requests", api_requests_}, {"handshakes", handshakes_}});
    }
    if (n == 2 && segments[1] == "stats" && method == "DELETE") {
        api_requests_ = 0;
        handshakes_ = 0;
        return Reply::ok(nullptr);
    }
    if (n == 2 && segments[1] == "faults" && method == "POST") {
        double rate = 0;
        std::uint64_t seed = cluster_.config().seed;
        try {
            rate = params.contains("rate") ? std::stod(params.at("rate")) : 0.0;
            seed = params.contains("seed") ? std::stoull(params.at("seed")) : seed;
        } catch (const std::exception&) {
            return Reply::parameter_error("rate", "rate must be a number in [0, 1] and seed an integer");
        }
        if (rate < 0.0 || rate > 1.0) {
            return Reply::parameter_error("rate", "rate must be a number in [0, 1]");
        }
        cluster_.set_faults(rate, seed);
        return Reply::ok(nullptr);
    }
    if (n == 2 && segments[1] == "state" && method == "GET") {
        cluster_.advance(clock_());
        return Reply::ok(cluster_.to_json());
    }
    return not_implemented(method, segments);
}

}  // namespace keel::pve_sim
