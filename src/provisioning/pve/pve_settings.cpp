#include "provisioning/pve/pve_settings.hpp"

#include <charconv>

#include <openssl/crypto.h>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace keel::provisioning {

namespace urls = boost::urls;

ApiTokenSecret::~ApiTokenSecret() {
    if (!secret_.empty()) {
        OPENSSL_cleanse(secret_.data(), secret_.size());
    }
}

Result<PveEndpoint> parse_pve_url(std::string_view url) {
    auto parsed = urls::parse_absolute_uri(url);
    if (!parsed) {
        return fail(ErrorCode::kInvalidArgument, "the Proxmox VE URL is not a URL: " + std::string(url));
    }
    const urls::url_view& view = *parsed;
    if (view.scheme_id() != urls::scheme::https) {
        return fail(ErrorCode::kInvalidArgument, "the Proxmox VE URL must be https://…: " + std::string(url));
    }
    if (view.has_userinfo() || view.has_query() || view.has_fragment() || view.encoded_host().empty()) {
        return fail(ErrorCode::kInvalidArgument,
                    "the Proxmox VE URL takes a host, a port and a path only: " + std::string(url));
    }
    PveEndpoint endpoint;
    switch (view.host_type()) {
        case urls::host_type::ipv4:
            endpoint.host = view.host_ipv4_address().to_string();
            endpoint.host_is_ip = true;
            break;
        case urls::host_type::ipv6:
            endpoint.host = view.host_ipv6_address().to_string();
            endpoint.host_is_ip = true;
            break;
        case urls::host_type::name: endpoint.host = view.host_name(); break;
        case urls::host_type::none:
        case urls::host_type::ipvfuture:
            return fail(ErrorCode::kInvalidArgument, "the Proxmox VE URL has no usable host: " + std::string(url));
    }
    if (view.has_port()) {
        const auto port = view.port();
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
            return fail(ErrorCode::kInvalidArgument, "the Proxmox VE URL has a bad port: " + std::string(url));
        }
        endpoint.port = static_cast<std::uint16_t>(value);
    }
    std::string path(view.encoded_path());
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    if (path.ends_with("/api2/json")) {  // an operator may paste the API root
        path.resize(path.size() - std::string_view("/api2/json").size());
    }
    endpoint.path_prefix = std::move(path);
    return endpoint;
}

Result<Sha256Fingerprint> parse_fingerprint(std::string_view text) {
    Sha256Fingerprint fingerprint{};
    std::size_t count = 0;
    int high = -1;
    for (char c : text) {
        if (c == ':' || c == ' ') {
            continue;
        }
        int nibble = -1;
        if (c >= '0' && c <= '9') {
            nibble = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            nibble = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            nibble = c - 'A' + 10;
        }
        if (nibble < 0 || count == fingerprint.size()) {
            return fail(ErrorCode::kInvalidArgument, "a SHA-256 fingerprint is 32 hex bytes (AA:BB:…)");
        }
        if (high < 0) {
            high = nibble;
        } else {
            fingerprint[count++] = static_cast<unsigned char>(high * 16 + nibble);
            high = -1;
        }
    }
    if (count != fingerprint.size() || high >= 0) {
        return fail(ErrorCode::kInvalidArgument, "a SHA-256 fingerprint is 32 hex bytes (AA:BB:…)");
    }
    return fingerprint;
}

std::string format_fingerprint(const Sha256Fingerprint& fingerprint) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned char byte : fingerprint) {
        if (!text.empty()) {
            text += ':';
        }
        text += kHex[byte >> 4];
        text += kHex[byte & 0x0f];
    }
    return text;
}

Status check_token_id(std::string_view token_id) {
    const auto at = token_id.find('@');
    const auto bang = token_id.find('!');
    const bool plain = token_id.find_first_of(" \t\r\n=") == std::string_view::npos;
    if (!plain || at == 0 || at == std::string_view::npos || bang == std::string_view::npos || bang < at + 2 ||
        bang + 1 == token_id.size()) {
        return fail(ErrorCode::kInvalidArgument, "an API token id reads USER@REALM!TOKENID: " + std::string(token_id));
    }
    return {};
}

}  // namespace keel::provisioning
