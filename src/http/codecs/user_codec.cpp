#include "http/codecs/user_codec.hpp"

#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

Decoded<LoginRequest> decode_login(const json::object& body) {
    FieldReader reader(body);
    LoginRequest login{reader.required_string("email"), reader.required_string("password")};
    auto errors = reader.take_errors();
    if (login.password.size() > kMaxPasswordBytes) {
        errors.push_back({"password", "must be at most 1024 bytes"});
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return login;
}

json::object encode_user(const db::User& user) {
    return json::object{
        {"id", user.id.value},          {"email", user.email},           {"name", user.name},
        {"role", to_string(user.role)}, {"created_at", user.created_at},
    };
}

}  // namespace keel::http
