#pragma once
#include <string>

#include <boost/json/object.hpp>

#include "db/users/user.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

struct LoginRequest {
    std::string email;
    std::string password;
};

Decoded<LoginRequest> decode_login(const boost::json::object& body);
// The public profile: never the password hash.
boost::json::object encode_user(const db::User& user);

}  // namespace keel::http
