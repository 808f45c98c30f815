#include "http/codecs/user_codec.hpp"

#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

Decoded<LoginRequest> decode_login(const json::object& body) {
    FieldReader reader(body);
    LoginRequest login{reader.required_string("email"), reader.required_string("password")};
    if (!reader.ok()) {
        return std::unexpected(reader.take_errors());
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
