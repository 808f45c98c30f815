#pragma once
// The one place that turns a MariaDB error number into a keel::ErrorCode.
#include "core/result.hpp"

#include <string_view>

namespace keel::whmcs {

// Server (1xxx) and client library (2xxx) error numbers. Access problems are kForbidden so that a caller can
// tell "the read-only account may not do that" apart from a broken statement (kInvalidArgument).
ErrorCode error_code_for_mysql_errno(unsigned mysql_errno);

// "context: [errno] message"; `context` names the operation, never the statement text (it may hold secrets).
Error error_from_mysql(std::string_view context, unsigned mysql_errno, std::string_view message);

}  // namespace keel::whmcs
