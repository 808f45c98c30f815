#pragma once
// Text as WHMCS stores it: HTML-entity-encoded (sometimes twice), `key|Friendly` pairs, latin1 mojibake.
#include <optional>
#include <string>
#include <string_view>

namespace keel::migrate {

// Decodes named (&amp; &quot; &lt; &gt; &apos; &nbsp; Latin-1 letters) and numeric (&#039; &#x27;) entities,
// repeatedly while the text still changes (WHMCS double-encodes on re-save), at most three rounds. The result is
// always text PostgreSQL accepts: valid UTF-8 without NUL (what is not becomes U+FFFD).
std::string decode_html(std::string_view text);
// Replaces each ill-formed UTF-8 sequence (overlong, surrogate, beyond U+10FFFF, truncated) and each NUL with
// U+FFFD, so one bad byte cannot make PostgreSQL reject a whole batch.
std::string to_valid_utf8(std::string_view text);

struct PipeValue {
    std::string key;       // what a machine reads: "4096", "debian-12", "ram"
    std::string friendly;  // what the customer saw: "4 GB"; equals key when there was no pipe
};
// Splits "key|Friendly" at the first pipe; both sides trimmed.
PipeValue split_pipe(std::string_view text);

std::string trim(std::string_view text);
std::string lower_ascii(std::string_view text);
// Strict RFC 3629: overlong forms, surrogates and code points above U+10FFFF are invalid.
bool is_valid_utf8(std::string_view text);
// UTF-8 that went through a latin1 column and back is double-encoded ("Ã©" for "é"); undo that when the
// result is valid UTF-8, else nullopt.
std::optional<std::string> repair_mojibake(std::string_view text);

}  // namespace keel::migrate
