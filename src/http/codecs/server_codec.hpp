#pragma once
#include <boost/json/object.hpp>

#include "core/server_spec.hpp"
#include "core/viewer.hpp"
#include "db/servers/server.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

// POST /servers body → spec; shape errors only (values are checked by validate_server_spec).
Decoded<ServerSpec> decode_server_spec(const boost::json::object& body);
// The server as `viewer` may see it: for a client no `node`, no `admin_attributes`, and a generic `last_error`.
boost::json::object encode_server(const db::Server& server, const Viewer& viewer);

}  // namespace keel::http
