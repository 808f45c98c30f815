#pragma once
// The one table from ErrorCode to HTTP status and public problem type.
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace keel::http {

struct ProblemKind {
    Status status;
    std::string_view slug;  // last part of the problem type URI
    bool expose_detail;     // false: the detail is for logs only
};

ProblemKind problem_kind(ErrorCode code);

}  // namespace keel::http
