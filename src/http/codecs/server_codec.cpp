#include "http/codecs/server_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

namespace {

template <class T>
json::value optional_value(const std::optional<T>& value) {
    if (!value) {
        return nullptr;
    }
    return json::value(*value);
}

json::value parsed_object(const std::string& text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        return json::object{};
    }
    return value;
}

}  // namespace

Decoded<ServerSpec> decode_server_spec(const json::object& body) {
    FieldReader reader(body);
    ServerSpec spec{
        .hostname = reader.required_string("hostname"),
        .cpu_cores = reader.required_int("cpu_cores"),
        .ram_mb = reader.required_int("ram_mb"),
        .disk_gb = reader.required_int("disk_gb"),
        .os_image = reader.required_string("os_image"),
        .datacenter = reader.required_string("datacenter"),
    };
    reader.reject_unknown({"hostname", "cpu_cores", "ram_mb", "disk_gb", "os_image", "datacenter"});
    if (!reader.ok()) {
        return std::unexpected(reader.take_errors());
    }
    return spec;
}

json::object encode_server(const db::Server& server, const Viewer& viewer) {
    json::object out{
        {"id", server.id.value},
        {"owner_id", server.owner_id.value},
        {"hostname", server.hostname},
        {"status", to_string(server.status)},
        {"power_state", optional_value(server.power_state)},
        {"cpu_cores", optional_value(server.cpu_cores)},
        {"ram_mb", optional_value(server.ram_mb)},
        {"disk_gb", optional_value(server.disk_gb)},
        {"os_image", optional_value(server.os_image)},
        {"datacenter", optional_value(server.datacenter)},
        {"vmid", optional_value(server.vmid)},
        {"last_error", optional_value(shown_error(viewer, server.last_error))},
        {"attributes", parsed_object(server.attributes_json)},
        {"created_at", server.created_at},
        {"updated_at", server.updated_at},
    };
    if (sees_internals(viewer)) {
        out["node"] = optional_value(server.node);
        out["admin_attributes"] = parsed_object(server.admin_attributes_json);
        if (server.link_status) {  // servers migrated from WHMCS only
            out["link"] = boost::json::object{{"status", to_string(*server.link_status)},
                                              {"detail", optional_value(server.link_detail)}};
        }
    }
    return out;
}

}  // namespace keel::http
