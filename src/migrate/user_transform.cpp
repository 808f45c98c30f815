#include "migrate/user_transform.hpp"

#include "auth/password_hasher.hpp"
#include "core/sha256.hpp"
#include "migrate/text.hpp"

namespace keel::migrate {

namespace {

// Unit separators cannot appear in WHMCS text, so no two rows fingerprint alike by accident.
void field(std::string& out, std::string_view value) {
    out.append(value);
    out.push_back('\x1f');
}

template <class T>
void field(std::string& out, const std::optional<T>& value) {
    if (!value) {
        out.append("\x1e\x1f");
        return;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        field(out, std::string_view(*value));
    } else if constexpr (std::is_same_v<T, bool>) {
        field(out, *value ? "t" : "f");
    } else {
        field(out, std::to_string(*value));
    }
}

}  // namespace

db::ImportedUser transform_login(const whmcs::ClientLogin& login) {
    db::ImportedUser user;
    user.whmcs_user_id = login.user_id;
    user.email = trim(decode_html(login.email));
    user.name = trim(decode_html(trim(login.first_name) + " " + trim(login.last_name)));
    if (auth::is_bcrypt_hash(login.password_hash)) {
        user.password_hash = login.password_hash;
    } else {
        user.must_reset_password = true;
    }
    user.fingerprint = fingerprint(user);
    return user;
}

db::ImportedUser transform_client_account(const whmcs::ClientWithoutLogin& client) {
    db::ImportedUser user;
    user.whmcs_client_id = client.client_id;
    user.email = trim(decode_html(client.email));
    user.name = trim(decode_html(trim(client.first_name) + " " + trim(client.last_name)));
    user.must_reset_password = true;
    user.fingerprint = fingerprint(user);
    return user;
}

std::string fingerprint(const db::ImportedUser& user) {
    std::string text;
    field(text, std::to_string(user.whmcs_user_id));
    if (user.whmcs_client_id != 0) {  // only then: fingerprints of login accounts stay as earlier runs stored them
        field(text, "client " + std::to_string(user.whmcs_client_id));
    }
    field(text, user.email);
    field(text, user.name);
    field(text, user.password_hash);
    field(text, user.must_reset_password ? "reset" : "");
    return sha256_hex(text);
}

std::string fingerprint(const db::ImportedServer& server) {
    std::string text;
    field(text, std::to_string(server.whmcs_service_id));
    field(text, std::to_string(server.owner_whmcs_user_id));
    if (server.owner_whmcs_client_id != 0) {
        field(text, "client " + std::to_string(server.owner_whmcs_client_id));
    }
    field(text, server.hostname);
    field(text, server.status);
    field(text, server.cpu_cores);
    field(text, server.ram_mb);
    field(text, server.disk_gb);
    field(text, server.os_image);
    field(text, server.datacenter);
    field(text, server.backups);
    field(text, server.extra_ipv4);
    field(text, server.billing_cycle);
    field(text, server.next_due_on);
    field(text, server.attributes_json);
    // Only when there is any: rows without admin-only fields keep the fingerprint they had before it existed.
    if (server.admin_attributes_json != "{}") {
        field(text, server.admin_attributes_json);
    }
    return sha256_hex(text);
}

}  // namespace keel::migrate
