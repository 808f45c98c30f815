// configuration.php as an operator hands it over: never a crash; what reads is usable; a commented-out
// assignment appended at the end changes nothing.
#include <string>

#include "fuzz_check.hpp"
#include "whmcs/whmcs_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    const auto input = keel::fuzz::as_text(data, size);
    const auto url = keel::whmcs::parse_whmcs_configuration(input);
    if (url) {
        require(!url->host.empty(), "a host is always set");
        require(url->port != 0, "port 0 is refused");
    }
    const auto commented = std::string(input) + "\n// $db_name = 'commented'; $db_password = 'out';\n" +
                           "# $db_username = 'x';\n/* $db_host = 'y'; */\n";
    const auto again = keel::whmcs::parse_whmcs_configuration(commented);
    require(url.has_value() == again.has_value(), "comments do not change whether the file reads");
    if (url) {
        require(url->host == again->host && url->port == again->port && url->user == again->user &&
                    url->password == again->password && url->database == again->database,
                "comments do not change what the file says");
    }
    const auto hash = keel::whmcs::parse_cc_encryption_hash(input);
    if (hash) {
        require(!hash->empty(), "an empty cc_encryption_hash is refused");
    }
    const auto hash_again = keel::whmcs::parse_cc_encryption_hash(
        std::string(input) + "\n// $cc_encryption_hash = 'commented';\n/* $cc_encryption_hash = 'out'; */\n");
    require(hash.has_value() == hash_again.has_value() && (!hash || *hash == *hash_again),
            "comments do not change the cc_encryption_hash");
    return 0;
}
