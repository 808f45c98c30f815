#pragma once
#include <cstddef>
#include <string>

#include <boost/json/object.hpp>

#include "db/users/user.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

struct LoginRequest {
    std::string email;
    std::string password;
};

// Longer passwords are refused before any hashing: hashing cost must not be the caller's to choose.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// 422 for a missing or non-string field, a NUL in either, a password over kMaxPasswordBytes.
Decoded<LoginRequest> decode_login(const boost::json::object& body);
// The public profile: never the password hash.
boost::json::object encode_user(const db::User& user);

}  // namespace keel::http
