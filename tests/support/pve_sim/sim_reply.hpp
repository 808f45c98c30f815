#pragma once
// One answer of the simulated PVE API: a status, the reason phrase (PVE puts its error text there) and the
// envelope's parts. Encoded into `{"data": …}` by to_body().
#include <map>
#include <string>

#include <boost/json/value.hpp>

namespace keel::pve_sim {

// Request parameters as PVE merges them: query string and form (or JSON) body, values decoded.
using Params = std::map<std::string, std::string>;

struct Reply {
    int status = 200;
    std::string reason = "OK";
    boost::json::value data;                    // null on errors
    std::map<std::string, std::string> errors;  // parameter errors (400)

    static Reply ok(boost::json::value data);
    // `status` with `text` as the reason phrase and the body's "message".
    static Reply error(int status, std::string text);
    // 400 Parameter verification failed. with one message per parameter.
    static Reply parameter_errors(std::map<std::string, std::string> errors);
    static Reply parameter_error(const std::string& param, std::string message);

    bool failed() const { return status >= 400; }
    std::string to_body() const;
};

}  // namespace keel::pve_sim
