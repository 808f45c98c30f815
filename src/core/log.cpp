#include "core/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include <cstdio>
#include <string>

namespace keel::log {

namespace {

spdlog::level::level_enum to_spdlog(Level level) {
    switch (level) {
        case Level::kDebug: return spdlog::level::debug;
        case Level::kInfo: return spdlog::level::info;
        case Level::kWarn: return spdlog::level::warn;
        case Level::kError: return spdlog::level::err;
    }
    return spdlog::level::info;
}

void append_value(std::string& out, const Value& value) {
    if (const auto* text = std::get_if<std::string_view>(&value)) {
        out.push_back('"');
        append_json_escaped(out, *text);
        out.push_back('"');
    } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
        out += std::to_string(*number);
    } else if (const auto* real = std::get_if<double>(&value)) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.3f", *real);
        out += buffer;
    } else {
        out += std::get<bool>(value) ? "true" : "false";
    }
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0x0f]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
}

Logging::~Logging() {
    spdlog::shutdown();  // drains the queue, joins the writer thread
}

Logging init(std::string_view min_level) {
    constexpr std::size_t kQueuedLines = 1024;  // each slot is ~400 bytes held for the process's life
    spdlog::init_thread_pool(kQueuedLines, 1);
    auto logger = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("keel");
    // The message is already the JSON members after the timestamp and level.
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::from_str(std::string(min_level)));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
    return {};
}

bool enabled(Level level) {
    const auto* logger = spdlog::default_logger_raw();  // none once the Logging guard has gone
    return logger != nullptr && logger->should_log(to_spdlog(level));
}

void write(Level level, std::string_view event, Fields fields) {
    if (!enabled(level)) {
        return;
    }
    std::string line = R"("event":")";
    append_json_escaped(line, event);
    line.push_back('"');
    for (const auto& [key, value] : fields) {
        line += ",\"";
        append_json_escaped(line, key);
        line += "\":";
        append_value(line, value);
    }
    spdlog::default_logger_raw()->log(to_spdlog(level), spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace keel::log
