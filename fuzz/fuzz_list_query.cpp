// GET /servers and GET /admin/users query strings and the opaque cursor: never a crash; accepted values are in
// range; a cursor the API issues for an accepted position decodes to that position.
#include <string>

#include "core/server_status.hpp"
#include "fuzz_check.hpp"
#include "http/codecs/list_query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    const auto input = keel::fuzz::as_text(data, size);
    // Half the inputs as a whole request target, half as the query string, so both layers get explored.
    const auto target = !input.empty() && input[0] == '/' ? std::string(input) : "/servers?" + std::string(input);
    const auto users = keel::http::decode_user_list_query(target);
    if (users) {
        require(users->limit >= 1 && users->limit <= keel::http::kMaxUserPage, "user page limit within 1..100");
        require(users->after_id >= 0, "a user cursor is an id");
    } else {
        require(!users.error().empty(), "a refused user query names a parameter");
    }
    const auto query = keel::http::decode_server_list_query(target);
    if (!query) {
        require(!query.error().empty(), "a refused query names a parameter");
        return 0;
    }
    require(query->limit >= 1 && query->limit <= 100, "limit within 1..100");
    require(!query->owner_id || query->owner_id->value > 0, "owner ids are positive");
    require(!query->status || keel::parse_server_status(*query->status).has_value(), "status is a server status");
    if (query->after_created_at && query->after_id) {
        const auto cursor = keel::http::encode_cursor(*query->after_created_at, *query->after_id);
        const auto again = keel::http::decode_server_list_query("/servers?cursor=" + cursor);
        require(again.has_value(), "an issued cursor decodes");
        require(again->after_created_at == query->after_created_at && again->after_id == query->after_id,
                "an issued cursor decodes to its position");
    }
    return 0;
}
