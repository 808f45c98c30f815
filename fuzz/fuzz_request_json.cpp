// Request bodies: any bytes through parse_json_object and every request codec (POST /servers, /login,
// /servers/{id}/actions, /admin/clusters and its images). A decoded request is either a value or at least one field
// error, never both.
#include <boost/json/object.hpp>

#include "core/server_spec.hpp"
#include "fuzz_check.hpp"
#include "http/codecs/cluster_codec.hpp"
#include "http/codecs/json_fields.hpp"
#include "http/codecs/operation_codec.hpp"
#include "http/codecs/server_codec.hpp"
#include "http/codecs/user_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    const auto body = keel::http::parse_json_object(keel::fuzz::as_text(data, size));
    if (!body) {
        require(body.error().code == keel::ErrorCode::kInvalidArgument, "a bad body is an invalid argument");
        return 0;
    }
    if (const auto spec = keel::http::decode_server_spec(*body)) {
        (void)keel::validate_server_spec(*spec);
    } else {
        require(!spec.error().empty(), "a refused server spec names a field");
    }
    if (const auto login = keel::http::decode_login(*body); !login) {
        require(!login.error().empty(), "a refused login names a field");
    }
    if (const auto action = keel::http::decode_action(*body); !action) {
        require(!action.error().empty(), "a refused action names a field");
    }
    for (const bool creating : {true, false}) {
        if (const auto cluster = keel::http::decode_cluster_request(*body, creating); !cluster) {
            require(!cluster.error().empty(), "a refused cluster names a field");
        } else if (cluster->fields.tls_fingerprint_sha256) {
            require(cluster->fields.tls_fingerprint_sha256->size() == 95, "a fingerprint is normalised to AA:BB:…");
        }
    }
    if (const auto image = keel::http::decode_image_request(*body, "debian-12"); !image) {
        require(!image.error().empty(), "a refused image names a field");
    }
    return 0;
}
