#pragma once
// The HTTP face of the simulator without sockets: checks the API token, merges query and body parameters,
// routes /api2/json/… to the cluster and /_sim/… to the test controls, and records what clients sent.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include <boost/json/value.hpp>

#include "sim_cluster.hpp"
#include "sim_reply.hpp"

namespace keel::pve_sim {

struct SimRequest {
    std::string method;  // GET POST PUT DELETE
    std::string target;  // origin form: /api2/json/…?query
    std::string authorization;
    std::string content_type;
    std::string body;
};

// What a contract test compares against the PVE API facts; never the secret.
struct RecordedRequest {
    std::string method;
    std::string path;
    Params params;
    std::string auth_scheme;  // "PVEAPIToken", "PVEAuthCookie", "" …
};

class Router {
public:
    // `token` as PVE shows it: USER@REALM!TOKENID=SECRET.
    Router(Cluster& cluster, std::string token, std::function<Clock::time_point()> clock);

    Reply handle(const SimRequest& request);

    const std::deque<RecordedRequest>& recorded() const { return recorded_; }
    static boost::json::value to_json(const RecordedRequest& request);

    // The transport tells the router of each completed TLS handshake, so `GET /_sim/stats` can show whether a
    // client reuses its connections (handshakes stay flat while requests grow).
    void count_handshake() { ++handshakes_; }

private:
    Reply api(const std::string& method, const std::vector<std::string>& segments, const Params& params);
    Reply control(const std::string& method, const std::vector<std::string>& segments, const Params& params);
    bool authorized(const std::string& header) const;

    Cluster& cluster_;
    std::string expected_header_;
    std::string user_;  // USER@REALM!TOKENID: the tasks' owner
    std::function<Clock::time_point()> clock_;
    std::deque<RecordedRequest> recorded_;
    // Totals since start (or the last DELETE /_sim/stats), uncapped, unlike the recorder.
    std::uint64_t api_requests_ = 0;
    std::uint64_t handshakes_ = 0;
};

}  // namespace keel::pve_sim
