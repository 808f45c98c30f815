#pragma once
// Which Transfer-Encoding a request may carry. Beast reads a body only when the last coding is `chunked`;
// anything else (`gzip`, `gzip, chunked` sent twice, `chunked` then `gzip`) would leave the body on the wire to
// be parsed as the next request, so Keel accepts none or exactly one `chunked` (issue #9).
#include <span>
#include <string_view>

namespace keel::http {

// `values`: every Transfer-Encoding field of the request, in order.
bool is_supported_transfer_encoding(std::span<const std::string_view> values);

}  // namespace keel::http
