#pragma once
// WHMCS HTML-encodes what its API and admin forms receive (Sanitize::encode), so a stored secret can read
// "p&amp;ss"; WHMCS decodes it (Sanitize::decode) before handing it to a module. Keel must do the same to hold the
// secret the hypervisor actually accepts (../shared/reference/whmcs-encryption.md §1, detail 4).
#include <string>
#include <string_view>

namespace keel::whmcs {

// What WHMCS's Sanitize::decode returns: "&nbsp;" becomes a space, then one pass of PHP's
// html_entity_decode(ENT_QUOTES | ENT_HTML401, "UTF-8"): the 252 HTML 4.01 named entities (case-sensitive,
// ';' required, so "&apos;" and "&amp" stay), decimal and hex numeric references whose code point HTML 4.01
// allows (tab, LF, CR, U+0020-U+007E, U+00A0 and above except surrogates; not NUL, other C0, DEL or C1),
// everything else byte for byte. One pass: "&amp;lt;" becomes "&lt;".
std::string decode_html_entities(std::string_view text);

}  // namespace keel::whmcs
