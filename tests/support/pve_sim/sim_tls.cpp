#include "sim_tls.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace keel::pve_sim {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct FileClose {
    void operator()(FILE* file) const { std::fclose(file); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;
using File = std::unique_ptr<FILE, FileClose>;

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension == nullptr) {
        return false;
    }
    const bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool set_name(X509_NAME* name, const char* common_name) {
    return X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Keel pve-sim"),
                                      -1, -1, 0) == 1 &&
           X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                                      -1, 0) == 1;
}

// A certificate for `key`, signed by `issuer_key` (itself when `issuer` is null).
Cert make_certificate(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key, long days,
                      bool is_ca) {
    Cert cert(X509_new());
    unsigned char serial_bytes[16];
    RAND_bytes(serial_bytes, sizeof serial_bytes);
    serial_bytes[0] &= 0x7f;  // a positive serial
    BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
    bool ok = X509_set_version(cert.get(), 2) == 1 && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get()));
    BN_free(serial);
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24 * 3600) != nullptr &&
         X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 24 * 3600) != nullptr &&
         X509_set_pubkey(cert.get(), key) == 1 && set_name(X509_get_subject_name(cert.get()), common_name);
    X509* signer = issuer != nullptr ? issuer : cert.get();
    ok = ok && X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1;
    if (is_ca) {
        ok = ok && add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE") &&
             add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    } else {
        ok = ok && add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
             add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
             add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth") &&
             add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") &&
             add_extension(cert.get(), signer, NID_subject_key_identifier, "hash") &&
             add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    }
    ok = ok && X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0;
    return ok ? std::move(cert) : nullptr;
}

bool write_certificate(const std::filesystem::path& path, X509* cert) {
    File file(std::fopen(path.c_str(), "w"));
    return file && PEM_write_X509(file.get(), cert) == 1;
}

bool write_key(const std::filesystem::path& path, EVP_PKEY* key) {
    File file(std::fopen(path.c_str(), "w"));
    if (!file) {
        return false;
    }
    ::fchmod(::fileno(file.get()), 0600);
    return PEM_write_PrivateKey(file.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
}

Status generate(const TlsFiles& files) {
    Key ca_key(EVP_EC_gen("P-256"));
    Key server_key(EVP_EC_gen("P-256"));
    if (!ca_key || !server_key) {
        return fail(ErrorCode::kInternal, "cannot generate EC P-256 keys");
    }
    Cert ca = make_certificate(ca_key.get(), "Keel pve-sim CA", nullptr, ca_key.get(), 3650, true);
    if (!ca) {
        return fail(ErrorCode::kInternal, "cannot make the CA certificate");
    }
    Cert server = make_certificate(server_key.get(), "localhost", ca.get(), ca_key.get(), 825, false);
    if (!server) {
        return fail(ErrorCode::kInternal, "cannot make the server certificate");
    }
    if (!write_key(files.server_key_pem, server_key.get()) || !write_certificate(files.server_pem, server.get()) ||
        !write_certificate(files.ca_pem, ca.get())) {
        return fail(ErrorCode::kUnavailable,
                    "cannot write the certificates into " + files.ca_pem.parent_path().string());
    }
    return {};
}

}  // namespace

Result<std::string> certificate_fingerprint(const std::filesystem::path& pem_path) {
    File file(std::fopen(pem_path.c_str(), "r"));
    if (!file) {
        return fail(ErrorCode::kNotFound, "cannot read " + pem_path.string());
    }
    Cert cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        return fail(ErrorCode::kInvalidArgument, pem_path.string() + " holds no PEM certificate");
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(cert.get(), EVP_sha256(), digest, &length);
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string fingerprint;
    for (unsigned int i = 0; i < length; ++i) {
        if (i > 0) {
            fingerprint.push_back(':');
        }
        fingerprint.push_back(kHex[digest[i] >> 4]);
        fingerprint.push_back(kHex[digest[i] & 0x0f]);
    }
    return fingerprint;
}

Result<TlsFiles> ensure_tls_files(const std::filesystem::path& dir) {
    TlsFiles files{dir / "ca.pem", dir / "server.pem", dir / "server-key.pem", {}};
    std::error_code ec;
    const bool present = std::filesystem::exists(files.ca_pem, ec) && std::filesystem::exists(files.server_pem, ec) &&
                         std::filesystem::exists(files.server_key_pem, ec);
    if (!present) {
        if (auto made = generate(files); !made) {
            return std::unexpected(made.error());
        }
    }
    auto fingerprint = certificate_fingerprint(files.server_pem);
    if (!fingerprint) {
        return std::unexpected(fingerprint.error());
    }
    files.fingerprint = *fingerprint;
    File out(std::fopen((dir / "fingerprint").c_str(), "w"));
    if (!out) {
        return fail(ErrorCode::kUnavailable, "cannot write " + (dir / "fingerprint").string());
    }
    std::fprintf(out.get(), "%s\n", files.fingerprint.c_str());
    return files;
}

}  // namespace keel::pve_sim
