#pragma once
// The HTTP message types every handler sees; sockets stay inside http/server/.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace keel::http {

namespace bhttp = boost::beast::http;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
using Status = bhttp::status;

}  // namespace keel::http
