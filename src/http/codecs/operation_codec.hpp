#pragma once
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/server_action.hpp"
#include "db/operations/operation.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

// POST /servers/{id}/actions body: {"type": "suspend" | …}.
Decoded<ActionType> decode_action(const boost::json::object& body);
boost::json::object encode_operation(const db::Operation& operation);
boost::json::array encode_events(const std::vector<db::ServerEvent>& events);

}  // namespace keel::http
