#pragma once
// Throwaway certificates made in the test with OpenSSL: a CA, and server certificates it signs.
#include <string>

namespace keel::testing {

struct TestCertificate {
    std::string key_pem;
    std::string cert_pem;
    std::string fingerprint;  // SHA-256 of the DER, "AA:BB:…"
};

// A self-signed CA certificate.
TestCertificate make_test_ca(const std::string& common_name);
// A server certificate signed by `ca` for `subject_alt_names` ("IP:127.0.0.1,DNS:localhost").
TestCertificate make_test_server_certificate(const TestCertificate& ca, const std::string& subject_alt_names);

}  // namespace keel::testing
