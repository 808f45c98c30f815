#include "http/codecs/operation_codec.hpp"

#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

namespace {

template <class T>
json::value optional_value(const std::optional<T>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

json::object encode_actor(const ShownActor& actor) {
    json::object out{{"type", to_string(actor.kind)}};
    if (actor.user_id) {
        out["id"] = *actor.user_id;
    }
    return out;
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

json::object encode_operation(const db::Operation& operation, const Viewer& viewer) {
    const auto actor = shown_actor(viewer, operation.requested_by);
    return json::object{
        {"id", operation.id.value},
        {"kind", operation.kind},
        {"state", operation.state},
        {"server_id", operation.server_id.value},
        {"attempt", operation.attempt},
        {"max_attempts", operation.max_attempts},
        {"last_error", optional_value(shown_error(viewer, operation.last_error))},
        {"requested_by", optional_value(actor.user_id)},
        {"actor", encode_actor(actor)},
        {"created_at", operation.created_at},
        {"updated_at", operation.updated_at},
        {"finished_at", optional_value(operation.finished_at)},
    };
}

json::array encode_events(const std::vector<db::ServerEvent>& events, const Viewer& viewer) {
    json::array list;
    for (const auto& event : events) {
        list.push_back(json::object{
            {"id", event.id},
            {"kind", to_string(event.kind)},
            {"from_status", optional_value(event.from_status)},
            {"to_status", event.to_status},
            {"actor", encode_actor(shown_actor(viewer, event.actor_id))},
            {"operation_id", optional_value(event.job_id)},
            {"error", optional_value(shown_error(viewer, event.error))},
            {"at", event.created_at},
        });
    }
    return list;
}

}  // namespace keel::http
