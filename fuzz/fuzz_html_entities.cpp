// decode_html reads every WHMCS text field the migration writes: whatever WHMCS stored, the result must be
// text PostgreSQL accepts (valid UTF-8, no NUL), or one row poisons its whole COPY batch on every re-run.
#include "fuzz_check.hpp"
#include "migrate/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    const auto input = keel::fuzz::as_text(data, size);
    const auto decoded = keel::migrate::decode_html(input);
    require(keel::fuzz::strictly_valid_utf8(decoded), "decode_html emits valid UTF-8");
    require(decoded.find('\0') == std::string::npos, "decode_html emits no NUL");
    if (input.find('&') == std::string_view::npos && input.find('\0') == std::string_view::npos &&
        keel::fuzz::strictly_valid_utf8(input)) {
        require(decoded == input, "text without entities passes through unchanged");
    }
    const auto pipe = keel::migrate::split_pipe(decoded);
    require(keel::fuzz::strictly_valid_utf8(pipe.key) && keel::fuzz::strictly_valid_utf8(pipe.friendly),
            "split_pipe keeps UTF-8 valid");
    return 0;
}
