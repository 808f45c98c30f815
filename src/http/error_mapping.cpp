#include "http/error_mapping.hpp"

namespace keel::http {

ProblemKind problem_kind(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return {Status::bad_request, "bad-request", true};
        case ErrorCode::kValidation: return {Status::unprocessable_entity, "validation-failed", true};
        case ErrorCode::kUnauthenticated: return {Status::unauthorized, "unauthenticated", false};
        case ErrorCode::kForbidden: return {Status::forbidden, "forbidden", true};
        case ErrorCode::kNotFound: return {Status::not_found, "not-found", false};
        case ErrorCode::kConflict: return {Status::conflict, "conflict", true};
        case ErrorCode::kUpstreamFailed: return {Status::bad_gateway, "upstream-failed", false};
        case ErrorCode::kRetryable: return {Status::service_unavailable, "temporarily-unavailable", false};
        case ErrorCode::kUnavailable: return {Status::service_unavailable, "service-unavailable", false};
        case ErrorCode::kLimitExceeded: return {Status::too_many_requests, "limit-exceeded", true};
        case ErrorCode::kInternal: return {Status::internal_server_error, "internal-error", false};
    }
    return {Status::internal_server_error, "internal-error", false};
}

}  // namespace keel::http
