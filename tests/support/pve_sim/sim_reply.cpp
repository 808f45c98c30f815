#include "sim_reply.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace keel::pve_sim {

namespace json = boost::json;

Reply Reply::ok(json::value data) {
    Reply reply;
    reply.data = std::move(data);
    return reply;
}

Reply Reply::error(int status, std::string text) {
    Reply reply;
    reply.status = status;
    reply.reason = std::move(text);
    return reply;
}

Reply Reply::parameter_errors(std::map<std::string, std::string> errors) {
    Reply reply = error(400, "Parameter verification failed.");
    reply.errors = std::move(errors);
    return reply;
}

Reply Reply::parameter_error(const std::string& param, std::string message) {
    return parameter_errors({{param, std::move(message)}});
}

std::string Reply::to_body() const {
    // `data` is serialised in place, not copied into an envelope object: a 200,000-VM /cluster/resources would
    // spend longer copying than writing.
    std::string body = "{\"data\":" + json::serialize(data);
    if (failed() && status != 401) {  // pveproxy's 401 carries no message
        body += ",\"message\":" + json::serialize(json::value(reason));
    }
    if (!errors.empty()) {
        json::object by_param;
        for (const auto& [param, message] : errors) {
            by_param[param] = message;
        }
        body += ",\"errors\":" + json::serialize(by_param);
    }
    return body + "}";
}

}  // namespace keel::pve_sim
