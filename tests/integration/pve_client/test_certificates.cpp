#include "test_certificates.hpp"

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace keel::testing {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("test certificate: ") + what);
    }
}

std::string bio_text(BIO* bio) {
    char* bytes = nullptr;
    const long length = BIO_get_mem_data(bio, &bytes);
    return std::string(bytes, static_cast<std::size_t>(length));
}

std::string key_pem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
    return bio_text(bio.get());
}

std::string cert_pem(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "write certificate");
    return bio_text(bio.get());
}

std::string fingerprint(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    check(X509_digest(cert, EVP_sha256(), digest, &length) == 1, "digest");
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += i == 0 ? "" : ":";
        text += kHex[digest[i] >> 4];
        text += kHex[digest[i] & 0x0f];
    }
    return text;
}

Key read_key(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
}

Certificate read_cert(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    check(extension != nullptr, "extension");
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

TestCertificate make(const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                     const std::string& subject_alt_names) {
    static long serial = 1;
    Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    check(key != nullptr, "key");
    Certificate cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    const bool is_ca = issuer == nullptr;
    X509_set_issuer_name(cert.get(), is_ca ? name : X509_get_subject_name(issuer));
    X509* signer = is_ca ? cert.get() : issuer;
    if (is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
        add_extension(cert.get(), signer, NID_subject_alt_name, subject_alt_names);
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    }
    check(X509_sign(cert.get(), is_ca ? key.get() : issuer_key, EVP_sha256()) > 0, "sign");
    return {key_pem(key.get()), cert_pem(cert.get()), fingerprint(cert.get())};
}

}  // namespace

TestCertificate make_test_ca(const std::string& common_name) {
    return make(common_name, nullptr, nullptr, "");
}

TestCertificate make_test_server_certificate(const TestCertificate& ca, const std::string& subject_alt_names) {
    auto ca_cert = read_cert(ca.cert_pem);
    auto ca_key = read_key(ca.key_pem);
    check(ca_cert && ca_key, "read CA");
    return make("pve", ca_cert.get(), ca_key.get(), subject_alt_names);
}

}  // namespace keel::testing
