// Sizes as WHMCS option values spell them: any text, never a crash, never a non-positive size.
#include "fuzz_check.hpp"
#include "migrate/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    const auto input = keel::fuzz::as_text(data, size);
    if (const auto ram = keel::migrate::parse_ram_mb(input)) {
        require(*ram > 0, "RAM is positive");
    }
    if (const auto cores = keel::migrate::parse_cpu_cores(input)) {
        require(*cores > 0, "cores are positive");
    }
    if (const auto disk = keel::migrate::parse_disk_gb(input)) {
        require(*disk > 0, "disk is positive");
    }
    if (const auto count = keel::migrate::parse_count(input)) {
        require(*count >= 0, "a count is not negative");
    }
    return 0;
}
