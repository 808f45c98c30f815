#include "whmcs/mysql_error.hpp"

#include <string>

namespace keel::whmcs {

ErrorCode error_code_for_mysql_errno(unsigned mysql_errno) {
    switch (mysql_errno) {
        case 1045:  // ER_ACCESS_DENIED_ERROR: wrong user or password at connect
            return ErrorCode::kUnauthenticated;
        case 1044:  // ER_DBACCESS_DENIED_ERROR
        case 1142:  // ER_TABLEACCESS_DENIED_ERROR: e.g. INSERT by a SELECT-only account
        case 1143:  // ER_COLUMNACCESS_DENIED_ERROR
        case 1227:  // ER_SPECIFIC_ACCESS_DENIED_ERROR
        case 1370:  // ER_PROCACCESS_DENIED_ERROR
        case 1290:  // ER_OPTION_PREVENTS_STATEMENT: read_only server
            return ErrorCode::kForbidden;
        case 1049:  // ER_BAD_DB_ERROR
        case 1146:  // ER_NO_SUCH_TABLE
            return ErrorCode::kNotFound;
        case 1007:  // ER_DB_CREATE_EXISTS
        case 1050:  // ER_TABLE_EXISTS_ERROR
        case 1062:  // ER_DUP_ENTRY
        case 1586:  // ER_DUP_ENTRY_WITH_KEY_NAME
            return ErrorCode::kConflict;
        case 1205:  // ER_LOCK_WAIT_TIMEOUT
        case 1213:  // ER_LOCK_DEADLOCK
            return ErrorCode::kRetryable;
        case 1040:  // ER_CON_COUNT_ERROR
        case 1053:  // ER_SERVER_SHUTDOWN
        case 2002:  // CR_CONNECTION_ERROR
        case 2003:  // CR_CONN_HOST_ERROR
        case 2005:  // CR_UNKNOWN_HOST
        case 2006:  // CR_SERVER_GONE_ERROR
        case 2013:  // CR_SERVER_LOST
            return ErrorCode::kUnavailable;
        case 1054:  // ER_BAD_FIELD_ERROR
        case 1064:  // ER_PARSE_ERROR
        case 1136:  // ER_WRONG_VALUE_COUNT_ON_ROW
        case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
        case 1406:  // ER_DATA_TOO_LONG
            return ErrorCode::kInvalidArgument;
        default: return ErrorCode::kUpstreamFailed;
    }
}

Error error_from_mysql(std::string_view context, unsigned mysql_errno, std::string_view message) {
    return Error{error_code_for_mysql_errno(mysql_errno),
                 std::string(context) + ": [" + std::to_string(mysql_errno) + "] " + std::string(message)};
}

}  // namespace keel::whmcs
