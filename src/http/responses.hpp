#pragma once
// The only ways a handler builds a response: JSON, or an RFC 9457 problem (from an Error or explicit).
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/result.hpp"
#include "core/server_spec.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::http {

Response json_response(const RequestContext& ctx, Status status, const boost::json::value& body);
// Maps the error through error_mapping; internal details never reach the client.
Response error_response(const RequestContext& ctx, const Error& error);
Response problem_response(const RequestContext& ctx, Status status, std::string_view slug, std::string_view detail);
// 422 with one entry per offending field.
Response validation_problem(const RequestContext& ctx, const std::vector<FieldError>& errors);

}  // namespace keel::http
