#pragma once
// Structured logs: one JSON object per line on stdout — timestamp, level, a stable dotted event name and
// typed fields. Never pass credentials, tokens, password hashes or request bodies.
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <variant>

namespace keel::log {

using Value = std::variant<std::string_view, std::int64_t, double, bool>;
using Field = std::pair<std::string_view, Value>;
using Fields = std::initializer_list<Field>;

enum class Level { kDebug, kInfo, kWarn, kError };

// The installed logger's lifetime: lines are formatted and written to stdout by one background thread (an access
// log line per request costs an I/O thread only its queueing); the queue blocks when full, so nothing is dropped.
// The writer flushes right after each warning or error, other lines at least once a second; lines still queued when
// the process is killed or crashes are lost. Destroying the guard writes whatever is queued; after that nothing is
// logged.
class Logging {
public:
    Logging() = default;
    ~Logging();
    Logging(const Logging&) = delete;
    Logging& operator=(const Logging&) = delete;
};

// Installs the JSON-lines logger; `min_level` is debug|info|warn|error. Keep the guard for the process's life.
[[nodiscard]] Logging init(std::string_view min_level);
void write(Level level, std::string_view event, Fields fields);
bool enabled(Level level);

inline void debug(std::string_view event, Fields fields = {}) {
    write(Level::kDebug, event, fields);
}
inline void info(std::string_view event, Fields fields = {}) {
    write(Level::kInfo, event, fields);
}
inline void warn(std::string_view event, Fields fields = {}) {
    write(Level::kWarn, event, fields);
}
inline void error(std::string_view event, Fields fields = {}) {
    write(Level::kError, event, fields);
}

// Appends `text` to `out` as the inside of a JSON string (quotes, control characters, invalid UTF-8 bytes).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace keel::log
