#include "http/codecs/operation_codec.hpp"

#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

namespace {

template <class T>
json::value optional_value(const std::optional<T>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

}  // namespace

Decoded<ActionType> decode_action(const json::object& body) {
    FieldReader reader(body);
    const auto type = reader.required_string("type");
    reader.reject_unknown({"type"});
    if (!reader.ok()) {
        return std::unexpected(reader.take_errors());
    }
    auto action = parse_action_type(type);
    if (!action) {
        return std::unexpected(std::vector<FieldError>{
            {"type", "must be one of suspend, unsuspend, reboot, start, stop, terminate, retry"}});
    }
    return *action;
}

json::object encode_operation(const db::Operation& operation) {
    return json::object{
        {"id", operation.id.value},
        {"kind", operation.kind},
        {"state", operation.state},
        {"server_id", operation.server_id.value},
        {"attempt", operation.attempt},
        {"max_attempts", operation.max_attempts},
        {"last_error", optional_value(operation.last_error)},
        {"requested_by", optional_value(operation.requested_by)},
        {"created_at", operation.created_at},
        {"updated_at", operation.updated_at},
        {"finished_at", optional_value(operation.finished_at)},
    };
}

json::array encode_events(const std::vector<db::ServerEvent>& events) {
    json::array list;
    for (const auto& event : events) {
        json::object actor;
        if (event.actor_id) {
            actor = {{"type", "user"}, {"id", *event.actor_id}};
        } else {
            actor = {{"type", "system"}};
        }
        list.push_back(json::object{
            {"id", event.id},
            {"from_status", optional_value(event.from_status)},
            {"to_status", event.to_status},
            {"actor", std::move(actor)},
            {"operation_id", optional_value(event.job_id)},
            {"error", optional_value(event.error)},
            {"at", event.created_at},
        });
    }
    return list;
}

}  // namespace keel::http
