#pragma once
// Errors as values: anything a caller must branch on returns Result<T>.
#include <expected>
#include <string>
#include <utility>

namespace keel {

enum class ErrorCode {
    kInvalidArgument,  // caller sent something malformed (400)
    kValidation,       // well-formed but unacceptable values (422)
    kUnauthenticated,  // missing or bad credentials (401)
    kForbidden,        // authenticated but not allowed (403)
    kNotFound,         // absent, or not visible to this caller (404)
    kConflict,         // state forbids it, or a unique key is taken (409)
    kUpstreamFailed,   // the hypervisor or another dependency said no (502)
    kRetryable,        // a transient fault: try again later
    kUnavailable,      // a dependency is down (503)
    kLimitExceeded,    // a per-client cap is reached; retry once something finished (429)
    kInternal,         // a broken invariant (500)
};

struct Error {
    ErrorCode code;
    std::string detail;  // for logs and problem details; never secrets
    // The detail is another system's own text (PostgreSQL's message): logged, never shown to a client.
    bool private_detail = false;
};

template <class T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string detail) {
    return std::unexpected(Error{code, std::move(detail)});
}

}  // namespace keel
