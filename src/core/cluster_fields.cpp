#include "core/cluster_fields.hpp"

#include "core/slug.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>

namespace keel {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c);
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// PVE's realm and token-id format (pve-realm / pve-tokenid): a letter, then letters, digits, '.', '-', '_'.
bool is_pve_identifier(std::string_view text) {
    if (text.size() < 2 || text.size() > 64 || !is_alpha(text.front())) {
        return false;
    }
    for (char c : text) {
        if (!(is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_')) {
            return false;
        }
    }
    return true;
}

bool valid_host(std::string_view host) {
    if (host.empty() || host.size() > 253) {
        return false;
    }
    if (host.front() == '[') {  // IPv6 literal
        if (host.back() != ']' || host.size() < 4) {
            return false;
        }
        for (char c : host.substr(1, host.size() - 2)) {
            if (!(is_hex(c) || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }
    for (char c : host) {
        if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '.')) {
            return false;
        }
    }
    return host.front() != '.' && host.front() != '-';
}

}  // namespace

Checked<std::string> check_api_url(std::string_view url) {
    constexpr std::string_view kScheme = "https://";
    if (url.substr(0, kScheme.size()) != kScheme) {
        return std::unexpected("must be an https:// URL (the API token must not cross the network in clear)");
    }
    auto authority = url.substr(kScheme.size());
    while (!authority.empty() && authority.back() == '/') {
        authority.remove_suffix(1);
    }
    if (authority.find_first_of("/?#@ \t\r\n") != std::string_view::npos) {
        return std::unexpected("must be https://host[:port] with no path, query, fragment or credentials");
    }
    auto host = authority;
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        host = authority.substr(0, colon);
        const auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5) {
            return std::unexpected("has a bad port (1-65535)");
        }
        int number = 0;
        for (char c : port) {
            if (!is_digit(c)) {
                return std::unexpected("has a bad port (1-65535)");
            }
            number = number * 10 + (c - '0');
        }
        if (number < 1 || number > 65535) {
            return std::unexpected("has a bad port (1-65535)");
        }
    }
    if (!valid_host(host)) {
        return std::unexpected("has no valid host name");
    }
    return std::string(kScheme) + std::string(authority);
}

Checked<std::string> check_token_id(std::string_view token_id) {
    const auto bang = token_id.rfind('!');
    const auto at = token_id.rfind('@', bang);
    if (bang == std::string_view::npos || at == std::string_view::npos || at == 0) {
        return std::unexpected("must look like USER@REALM!TOKENID (e.g. keel@pve!keel)");
    }
    const auto user = token_id.substr(0, at);
    const auto realm = token_id.substr(at + 1, bang - at - 1);
    const auto token = token_id.substr(bang + 1);
    if (user.size() > 64 || user.find_first_of(" \t\r\n:/@!") != std::string_view::npos) {
        return std::unexpected("has a bad user name (no blanks, ':', '/', '@' or '!')");
    }
    if (!is_pve_identifier(realm) || !is_pve_identifier(token)) {
        return std::unexpected("must look like USER@REALM!TOKENID; realm and token id start with a letter");
    }
    return std::string(token_id);
}

Checked<std::string> check_token_secret(std::string_view secret) {
    if (secret.empty() || secret.size() > 512) {
        return std::unexpected("must be 1-512 characters");
    }
    for (char c : secret) {
        if (c <= ' ' || c > '~') {
            return std::unexpected("must be printable ASCII without blanks");
        }
    }
    return std::string(secret);
}

Checked<std::string> check_fingerprint(std::string_view fingerprint) {
    std::string digits;
    for (char c : fingerprint) {
        if (c != ':') {
            digits.push_back(c);
        }
    }
    const bool bare = fingerprint.find(':') == std::string_view::npos;
    const bool paired = fingerprint.size() == 95;
    bool pairs_ok = paired;
    for (std::size_t i = 2; paired && i < fingerprint.size(); i += 3) {
        pairs_ok = pairs_ok && fingerprint[i] == ':';
    }
    if (digits.size() != 64 || !(bare || pairs_ok)) {
        return std::unexpected("must be a SHA-256 fingerprint: 32 hex pairs joined by ':' (AA:BB:…)");
    }
    std::string normal;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (!is_hex(digits[i])) {
            return std::unexpected("must be a SHA-256 fingerprint: 32 hex pairs joined by ':' (AA:BB:…)");
        }
        if (i > 0 && i % 2 == 0) {
            normal.push_back(':');
        }
        normal.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(digits[i]))));
    }
    return normal;
}

Checked<std::string> check_ca_pem(std::string_view pem) {
    if (pem.empty() || pem.size() > 256 * 1024) {
        return std::unexpected("must be PEM text of at most 256 KiB");
    }
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                        &BIO_free);
    const std::unique_ptr<X509, decltype(&X509_free)> certificate(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
    if (!certificate) {
        return std::unexpected("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return std::string(pem);
}

Checked<std::int64_t> check_template_vmid(std::int64_t vmid) {
    if (vmid < 100 || vmid > 999'999'999) {
        return std::unexpected("must be a VMID between 100 and 999999999");
    }
    return vmid;
}

Checked<std::string> check_storage_id(std::string_view storage) {
    if (storage.empty() || storage.size() > 64 || !(storage.front() >= 'a' && storage.front() <= 'z')) {
        return std::unexpected("must be a storage id such as local-lvm (a-z first, then a-z, 0-9, '-', '_', '.')");
    }
    for (char c : storage) {
        if (!(is_lower_alnum(c) || c == '-' || c == '_' || c == '.')) {
            return std::unexpected("must be a storage id such as local-lvm (a-z first, then a-z, 0-9, '-', '_', '.')");
        }
    }
    return std::string(storage);
}

namespace {

template <class Check>
void apply(std::vector<FieldError>& errors, const char* field, std::optional<std::string>& value, Check check) {
    if (!value) {
        return;
    }
    auto checked = check(*value);
    if (!checked) {
        errors.push_back({field, checked.error()});
        return;
    }
    *value = std::move(*checked);
}

}  // namespace

std::vector<FieldError> normalise_cluster_fields(ClusterFields& fields, bool creating) {
    std::vector<FieldError> errors;
    if (creating) {
        for (auto [field, value] : {std::pair{"name", &fields.name}, std::pair{"api_url", &fields.api_url},
                                    std::pair{"token_id", &fields.token_id}}) {
            if (!*value) {
                errors.push_back({field, "is required"});
            }
        }
    }
    if (fields.name && !is_valid_slug(*fields.name)) {
        errors.push_back({"name", "must be a datacenter slug such as fra1 (1-64 of a-z, 0-9, '.', '_', '-')"});
    }
    apply(errors, "api_url", fields.api_url, check_api_url);
    apply(errors, "token_id", fields.token_id, check_token_id);
    apply(errors, "tls_ca_pem", fields.tls_ca_pem, check_ca_pem);
    apply(errors, "tls_fingerprint_sha256", fields.tls_fingerprint_sha256, check_fingerprint);
    if (fields.tls_ca_pem && fields.tls_fingerprint_sha256) {
        errors.push_back({"tls_fingerprint_sha256", "give a CA bundle or a fingerprint, not both"});
    } else if (creating && !fields.tls_ca_pem && !fields.tls_fingerprint_sha256) {
        errors.push_back({"tls_fingerprint_sha256", "a CA bundle (tls_ca_pem) or a fingerprint is required"});
    }
    return errors;
}

bool enables_without_trust(const ClusterFields& fields, bool stored_trust) {
    const bool gives_trust = fields.tls_ca_pem.has_value() || fields.tls_fingerprint_sha256.has_value();
    return fields.enabled.value_or(false) && !gives_trust && !stored_trust;
}

}  // namespace keel
