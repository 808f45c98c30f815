#pragma once
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/server_action.hpp"
#include "core/viewer.hpp"
#include "db/operations/operation.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

// POST /servers/{id}/actions body: {"type": "suspend" | …}.
Decoded<ActionType> decode_action(const boost::json::object& body);
// As `viewer` may see them: a client reads errors as a generic reason and other users as {"type":"staff"}.
boost::json::object encode_operation(const db::Operation& operation, const Viewer& viewer);
boost::json::array encode_events(const std::vector<db::ServerEvent>& events, const Viewer& viewer);

}  // namespace keel::http
