// The UTF-8 checks and repairs: is_valid_utf8 agrees with an independent strict validator; what to_valid_utf8
// and repair_mojibake return is always valid.
#include "fuzz_check.hpp"
#include "migrate/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    using keel::fuzz::strictly_valid_utf8;
    const auto input = keel::fuzz::as_text(data, size);
    const bool valid = strictly_valid_utf8(input);
    require(keel::migrate::is_valid_utf8(input) == valid, "is_valid_utf8 matches RFC 3629");

    const auto repaired = keel::migrate::to_valid_utf8(input);
    require(strictly_valid_utf8(repaired), "to_valid_utf8 emits valid UTF-8");
    require(repaired.find('\0') == std::string::npos, "to_valid_utf8 emits no NUL");
    require(keel::migrate::to_valid_utf8(repaired) == repaired, "to_valid_utf8 is idempotent");
    if (valid && input.find('\0') == std::string_view::npos) {
        require(repaired == input, "valid text passes through to_valid_utf8 unchanged");
    }

    if (const auto undone = keel::migrate::repair_mojibake(input)) {
        require(valid, "only valid UTF-8 is repaired");
        require(strictly_valid_utf8(*undone), "repair_mojibake emits valid UTF-8");
        require(undone->size() < input.size(), "a repair is shorter than the mojibake");
    }
    return 0;
}
