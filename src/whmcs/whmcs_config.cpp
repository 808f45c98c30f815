#include "whmcs/whmcs_config.hpp"

#include "core/text.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

namespace keel::whmcs {

namespace {

// What PHP would assign without running code; nullopt when it would have to ("$var" interpolation, an
// expression), so the caller refuses rather than guesses.
using PhpValue = std::optional<std::string>;
using Assignments = std::map<std::string, PhpValue, std::less<>>;

bool is_name_start(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return std::isalpha(byte) != 0 || c == '_' || byte >= 0x80;
}

bool is_name_char(char c) {
    return is_name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// The PHP WHMCS writes in configuration.php is `$name = 'literal';` between comments; a person editing it may
// comment a line out, switch quote styles or add escapes. This reads that much PHP, token by token, so a `//`,
// `#` or `$` inside a quoted password is just a character and a commented-out assignment is just a comment.
class PhpScanner {
public:
    explicit PhpScanner(std::string_view php) : php_(php) {}

    Assignments assignments() {
        Assignments out;
        skip_html();
        while (at_ < php_.size()) {
            skip_space_and_comments();
            if (at_ >= php_.size()) {
                break;
            }
            if (rest().starts_with("?>")) {
                at_ += 2;
                skip_html();
            } else if (php_[at_] == '\'' || php_[at_] == '"') {
                string_literal();
            } else if (php_[at_] == '$') {
                ++at_;
                auto name = read_name();
                if (!name.empty() && assignment_follows()) {
                    out[std::string(name)] = assigned_value();
                }
            } else {
                ++at_;
            }
        }
        return out;
    }

private:
    std::string_view rest() const { return php_.substr(at_); }

    // Outside `<?php … ?>` a .php file is output text, not code.
    void skip_html() {
        for (; at_ + 5 <= php_.size(); ++at_) {
            const auto tag = php_.substr(at_, 5);
            if (tag[0] == '<' && tag[1] == '?' && std::tolower(static_cast<unsigned char>(tag[2])) == 'p' &&
                std::tolower(static_cast<unsigned char>(tag[3])) == 'h' &&
                std::tolower(static_cast<unsigned char>(tag[4])) == 'p') {
                at_ += 5;
                return;
            }
        }
        at_ = php_.size();
    }

    void skip_space_and_comments() {
        while (at_ < php_.size()) {
            if (std::isspace(static_cast<unsigned char>(php_[at_])) != 0) {
                ++at_;
            } else if (rest().starts_with("//") || php_[at_] == '#') {
                // A line comment ends at the newline or at `?>`, which still closes the PHP block.
                while (at_ < php_.size() && php_[at_] != '\n' && !rest().starts_with("?>")) {
                    ++at_;
                }
            } else if (rest().starts_with("/*")) {
                const auto close = php_.find("*/", at_ + 2);
                at_ = close == std::string_view::npos ? php_.size() : close + 2;
            } else {
                return;
            }
        }
    }

    std::string_view read_name() {
        const auto start = at_;
        if (at_ < php_.size() && is_name_start(php_[at_])) {
            while (at_ < php_.size() && is_name_char(php_[at_])) {
                ++at_;
            }
        }
        return php_.substr(start, at_ - start);
    }

    // `=` (not `==`, `=>`) or a compound `.=`, `+=`, …; consumes the operator when it is one.
    bool assignment_follows() {
        skip_space_and_comments();
        if (rest().starts_with("=") && !rest().starts_with("==") && !rest().starts_with("=>")) {
            ++at_;
            return true;
        }
        if (rest().size() >= 2 && rest()[1] == '=' &&
            std::string_view(".+-*/%|&^").find(rest()[0]) != std::string_view::npos) {
            at_ += 2;
            compound_ = true;
            return true;
        }
        return false;
    }

    // A literal followed by `;` (or `?>`); anything else would need PHP to evaluate it.
    PhpValue assigned_value() {
        const bool compound = std::exchange(compound_, false);
        skip_space_and_comments();
        PhpValue value;
        if (at_ < php_.size() && (php_[at_] == '\'' || php_[at_] == '"')) {
            value = string_literal();
        } else if (at_ < php_.size() && std::isdigit(static_cast<unsigned char>(php_[at_])) != 0) {
            value = integer_literal();
        } else {
            return std::nullopt;
        }
        skip_space_and_comments();
        const bool statement_ends = rest().starts_with(";") || rest().starts_with("?>");
        return statement_ends && !compound ? value : std::nullopt;
    }

    // Decimal only: PHP reads a leading 0 as octal and 0x as hex, which no port or name in a config means.
    PhpValue integer_literal() {
        const auto start = at_;
        while (at_ < php_.size() && std::isdigit(static_cast<unsigned char>(php_[at_])) != 0) {
            ++at_;
        }
        const auto digits = php_.substr(start, at_ - start);
        if ((digits.size() > 1 && digits[0] == '0') || (at_ < php_.size() && is_name_char(php_[at_]))) {
            return std::nullopt;
        }
        return std::string(digits);
    }

    PhpValue string_literal() {
        const char quote = php_[at_++];
        std::string value;
        bool evaluable = true;
        while (at_ < php_.size()) {
            const char c = php_[at_++];
            if (c == quote) {
                return evaluable ? PhpValue(std::move(value)) : std::nullopt;
            }
            if (c == '\\' && at_ < php_.size()) {
                if (quote == '"') {
                    double_quoted_escape(value);
                } else if (php_[at_] == '\'' || php_[at_] == '\\') {
                    value.push_back(php_[at_++]);
                } else {
                    value.push_back('\\');
                }
                continue;
            }
            if (quote == '"' && ((c == '$' && at_ < php_.size() && (is_name_start(php_[at_]) || php_[at_] == '{')) ||
                                 (c == '{' && at_ < php_.size() && php_[at_] == '$'))) {
                evaluable = false;  // "$var" / "{$var}": PHP would interpolate
            }
            value.push_back(c);
        }
        return std::nullopt;  // unterminated: PHP would refuse the whole file
    }

    // PHP's double-quoted escapes; an unknown one keeps its backslash, as PHP does. at_ is past the backslash.
    void double_quoted_escape(std::string& value) {
        const char c = php_[at_];
        constexpr std::string_view kSimple = "ntrvef\\$\"";
        constexpr std::string_view kMeaning = "\n\t\r\v\x1b\f\\$\"";
        if (const auto simple = kSimple.find(c); simple != std::string_view::npos) {
            value.push_back(kMeaning[simple]);
            ++at_;
        } else if (c >= '0' && c <= '7') {
            value.push_back(static_cast<char>(digits_value(8, 3) & 0xFF));
        } else if (c == 'x' && at_ + 1 < php_.size() && std::isxdigit(static_cast<unsigned char>(php_[at_ + 1])) != 0) {
            ++at_;
            value.push_back(static_cast<char>(digits_value(16, 2)));
        } else if (c == 'u' && rest().starts_with("u{")) {
            const auto close = php_.find('}', at_);
            std::uint32_t code = 0;
            const auto hex =
                close == std::string_view::npos ? std::string_view{} : php_.substr(at_ + 2, close - at_ - 2);
            const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
            const bool scalar = code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
            if (hex.empty() || ec != std::errc{} || end != hex.data() + hex.size() || !scalar) {
                value.push_back('\\');
                return;
            }
            append_utf8(value, code);
            at_ = close + 1;
        } else {
            value.push_back('\\');
        }
    }

    unsigned digits_value(int base, int most) {
        unsigned number = 0;
        for (int k = 0; k < most && at_ < php_.size(); ++k) {
            const char c = php_[at_];
            const int digit = std::isdigit(static_cast<unsigned char>(c)) != 0
                                  ? c - '0'
                                  : (std::isxdigit(static_cast<unsigned char>(c)) != 0
                                         ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                         : base);
            if (digit >= base) {
                break;
            }
            number = number * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
            ++at_;
        }
        return number;
    }

    std::string_view php_;
    std::size_t at_ = 0;
    bool compound_ = false;
};

// The literal assigned to `$name`: nullopt when it is never assigned.
Result<std::optional<std::string>> setting(const Assignments& values, std::string_view name) {
    const auto found = values.find(name);
    if (found == values.end()) {
        return std::optional<std::string>{};
    }
    if (!found->second) {
        return fail(ErrorCode::kInvalidArgument, "configuration.php: $" + std::string(name) +
                                                     " is not a plain quoted value; whmcs-migrate does not run PHP");
    }
    return found->second;
}

Result<std::uint16_t> port_number(std::string_view text) {
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc{} || end != text.data() + text.size() || port == 0 || port > 65535) {
        return fail(ErrorCode::kInvalidArgument, "configuration.php: $db_port is not a port number");
    }
    return static_cast<std::uint16_t>(port);
}

Result<std::string> file_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(ErrorCode::kInvalidArgument, "cannot read " + path);
    }
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

Result<MysqlUrl> parse_whmcs_configuration(std::string_view php) {
    const auto values = PhpScanner(php).assignments();
    auto host = setting(values, "db_host");
    auto port = setting(values, "db_port");
    auto user = setting(values, "db_username");
    auto password = setting(values, "db_password");
    auto database = setting(values, "db_name");
    for (const auto* read : {&host, &port, &user, &password, &database}) {
        if (!*read) {
            return std::unexpected(read->error());
        }
    }
    if (!*database || !*user) {
        return fail(ErrorCode::kInvalidArgument, "configuration.php has no $db_name / $db_username");
    }
    MysqlUrl url;
    url.host = *host && !(*host)->empty() ? **host : "localhost";
    url.user = **user;
    url.password = password->value_or("");
    url.database = **database;
    if (*port && !(*port)->empty()) {
        auto parsed = port_number(**port);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        url.port = *parsed;
    }
    return url;
}

Result<MysqlUrl> read_whmcs_configuration(const std::string& path) {
    auto text = file_text(path);
    if (!text) {
        return std::unexpected(text.error());
    }
    return parse_whmcs_configuration(*text);
}

Result<std::string> parse_cc_encryption_hash(std::string_view php) {
    const auto values = PhpScanner(php).assignments();
    auto hash = setting(values, "cc_encryption_hash");
    if (!hash) {
        return std::unexpected(hash.error());
    }
    if (!*hash || (*hash)->empty()) {
        return fail(ErrorCode::kInvalidArgument, "configuration.php has no $cc_encryption_hash");
    }
    return std::move(**hash);
}

Result<std::string> read_cc_encryption_hash(const std::string& path) {
    auto text = file_text(path);
    if (!text) {
        return std::unexpected(text.error());
    }
    return parse_cc_encryption_hash(*text);
}

Result<std::string> read_cc_encryption_hash_file(const std::string& path) {
    auto text = file_text(path);
    if (!text) {
        return std::unexpected(text.error());
    }
    std::string_view first_line(*text);
    first_line = first_line.substr(0, first_line.find('\n'));
    if (first_line.ends_with('\r')) {
        first_line.remove_suffix(1);
    }
    const auto hash = trim_blanks(first_line);
    if (hash.empty()) {
        return fail(ErrorCode::kInvalidArgument, path + ": its first line holds no cc_encryption_hash");
    }
    return std::string(hash);
}

}  // namespace keel::whmcs
