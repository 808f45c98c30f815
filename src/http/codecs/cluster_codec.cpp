#include "http/codecs/cluster_codec.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "core/slug.hpp"

namespace keel::http {

namespace json = boost::json;

Decoded<ClusterRequest> decode_cluster_request(const json::object& body, bool creating) {
    FieldReader reader(body);
    if (creating) {
        reader.reject_unknown(
            {"name", "api_url", "token_id", "token_secret", "tls_ca_pem", "tls_fingerprint_sha256", "enabled"});
    } else {
        reader.reject_unknown(
            {"api_url", "token_id", "token_secret", "tls_ca_pem", "tls_fingerprint_sha256", "enabled"});
    }
    ClusterRequest request;
    request.fields.name = creating ? reader.optional_string("name") : std::nullopt;
    request.fields.api_url = reader.optional_string("api_url");
    request.fields.token_id = reader.optional_string("token_id");
    request.fields.tls_ca_pem = reader.optional_string("tls_ca_pem");
    request.fields.tls_fingerprint_sha256 = reader.optional_string("tls_fingerprint_sha256");
    request.fields.enabled = reader.optional_bool("enabled");
    if (auto secret = reader.optional_string("token_secret")) {
        request.token_secret.emplace(std::move(*secret));
    }
    auto errors = reader.take_errors();
    for (auto& error : normalise_cluster_fields(request.fields, creating)) {
        const auto reported = std::find_if(errors.begin(), errors.end(),
                                           [&error](const FieldError& known) { return known.field == error.field; });
        if (reported == errors.end()) {  // a field of the wrong type is not "required" as well
            errors.push_back(std::move(error));
        }
    }
    if (request.token_secret) {
        if (auto checked = check_token_secret(request.token_secret->reveal()); !checked) {
            errors.push_back({"token_secret", checked.error()});
        }
    } else if (creating && (body.if_contains("token_secret") == nullptr || body.at("token_secret").is_null())) {
        errors.push_back({"token_secret", "is required"});
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return request;
}

Decoded<db::ClusterImage> decode_image_request(const json::object& body, std::string os_image) {
    FieldReader reader(body);
    reader.reject_unknown({"template_vmid", "storage"});
    const auto vmid = reader.optional_int64("template_vmid");
    auto storage = reader.optional_string("storage");
    auto errors = reader.take_errors();
    if (!is_valid_slug(os_image)) {
        errors.push_back({"os_image", "must be an image slug such as debian-12 (a-z, 0-9, '.', '_', '-')"});
    }
    if (!vmid) {
        if (body.if_contains("template_vmid") == nullptr || body.at("template_vmid").is_null()) {
            errors.push_back({"template_vmid", "is required"});
        }
    } else if (auto checked = check_template_vmid(*vmid); !checked) {
        errors.push_back({"template_vmid", checked.error()});
    }
    if (storage) {
        if (auto checked = check_storage_id(*storage); !checked) {
            errors.push_back({"storage", checked.error()});
        }
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return db::ClusterImage{std::move(os_image), *vmid, std::move(storage)};
}

json::object encode_image(const db::ClusterImage& image) {
    json::object body{{"os_image", image.os_image}, {"template_vmid", image.template_vmid}};
    body["storage"] = image.storage ? json::value(*image.storage) : json::value(nullptr);
    return body;
}

json::object encode_cluster(const db::Cluster& cluster) {
    json::value ca_pem = nullptr;
    json::value fingerprint = nullptr;
    std::string_view trust = "none";  // migrated without one: disabled until given one
    if (cluster.trust) {
        switch (cluster.trust->kind) {
            case db::ClusterTrust::Kind::kCaBundle:
                ca_pem = json::value(cluster.trust->value);
                trust = "ca_bundle";
                break;
            case db::ClusterTrust::Kind::kFingerprint:
                fingerprint = json::value(cluster.trust->value);
                trust = "fingerprint";
                break;
        }
    }
    json::array images;
    for (const auto& image : cluster.images) {
        images.push_back(encode_image(image));
    }
    return json::object{
        {"id", cluster.id.value},
        {"name", cluster.name},
        {"api_url", cluster.api_url},
        {"token_id", cluster.token_id},
        {"secret_key_id", std::string(cluster.token_secret.key_id())},
        {"trust", trust},
        {"tls_ca_pem", std::move(ca_pem)},
        {"tls_fingerprint_sha256", std::move(fingerprint)},
        {"enabled", cluster.enabled},
        {"images", std::move(images)},
        {"created_at", cluster.created_at},
        {"updated_at", cluster.updated_at},
    };
}

json::object encode_catalog(const Catalog& catalog) {
    json::array datacenters;
    for (const auto& datacenter : catalog.datacenters) {
        json::array images;
        for (const auto& image : datacenter.os_images) {
            images.push_back(json::value(image));
        }
        datacenters.push_back(json::object{{"name", datacenter.name}, {"os_images", std::move(images)}});
    }
    return json::object{{"datacenters", std::move(datacenters)}};
}

}  // namespace keel::http
