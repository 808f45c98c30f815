#include "http/codecs/credential_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

json::object encode_revealed_credentials(const db::Reveal& reveal, const std::vector<auth::Secret>& values) {
    json::array credentials;
    for (std::size_t i = 0; i < reveal.shown.size() && i < values.size(); ++i) {
        credentials.push_back(json::object{{"name", reveal.shown[i].name}, {"value", values[i].reveal()}});
    }
    return json::object{
        {"credentials", std::move(credentials)},
        {"revealed_at", reveal.revealed_at ? json::value(*reveal.revealed_at) : json::value(nullptr)},
    };
}

}  // namespace keel::http
