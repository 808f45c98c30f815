<?php
// An independent implementation of WHMCS's legacy encrypt()/decrypt(), written from the description in
// ../shared/reference/whmcs-encryption.md §1 (not from WHMCS's code), so Keel's C++ port (src/whmcs/whmcs_crypto)
// is checked against another language, not only against itself. Used by tests/unit/whmcs/whmcs_crypto_php_test.
//
//   php whmcs_encrypt.php encrypt HASH IV_HEX   < plaintext   -> base64 line
//   php whmcs_encrypt.php decrypt HASH          < base64      -> plaintext (raw bytes)
//   php whmcs_encrypt.php batch                 < requests    -> one answer line per request line:
//       encrypt HASH_HEX IV_HEX PLAINTEXT_HEX  -> base64
//       decrypt HASH_HEX BASE64                -> plaintext as hex ("-" when empty)
//       entities TEXT_HEX                      -> WHMCS's Sanitize::decode of the text, as hex ("-" when empty)
//       base64 TEXT_HEX                        -> PHP's non-strict base64_decode of the text, as hex ("-" when empty)

const BLOCK = 20;  // SHA-1 output: the IV, the key and each keystream block

function derived_key(string $hash): string {
    return sha1(md5(md5($hash)) . md5($hash), true);
}

// Plaintext block n is XORed with key n; key 0 is the IV, key n is SHA-1(key n-1 . plaintext block n-1).
function keystream_xor(string $iv, string $input, bool $input_is_plaintext): string {
    $output = '';
    $key = $iv;
    for ($offset = 0; $offset < strlen($input); $offset += BLOCK) {
        if ($offset > 0) {
            $previous_plain = $input_is_plaintext ? substr($input, $offset - BLOCK, BLOCK)
                                                  : substr($output, $offset - BLOCK, BLOCK);
            $key = sha1($key . $previous_plain, true);
        }
        $block = substr($input, $offset, BLOCK);
        $output .= $block ^ substr($key, 0, strlen($block));
    }
    return $output;
}

function whmcs_encrypt(string $plaintext, string $hash, string $iv): string {
    return base64_encode(($iv ^ derived_key($hash)) . keystream_xor($iv, $plaintext, true));
}

function whmcs_decrypt(string $ciphertext, string $hash): string {
    $raw = base64_decode($ciphertext);  // non-strict, as WHMCS calls it
    if ($raw === false || strlen($raw) <= BLOCK) {
        return '';
    }
    $iv = substr($raw, 0, BLOCK) ^ derived_key($hash);
    return keystream_xor($iv, substr($raw, BLOCK), false);
}

function sanitize_decode(string $text): string {
    return html_entity_decode(str_replace('&nbsp;', ' ', $text), ENT_QUOTES | ENT_HTML401, 'UTF-8');
}

function hex_or_dash(string $bytes): string {
    return $bytes === '' ? '-' : bin2hex($bytes);
}

function unhex(string $hex): string {
    return $hex === '-' ? '' : hex2bin($hex);
}

function answer(array $words): string {
    switch ($words[0]) {
        case 'encrypt':
            return whmcs_encrypt(unhex($words[3] ?? '-'), unhex($words[1]), unhex($words[2]));
        case 'decrypt':
            return hex_or_dash(whmcs_decrypt($words[2] ?? '', unhex($words[1])));
        case 'entities':
            return hex_or_dash(sanitize_decode(unhex($words[1])));
        case 'base64':
            return hex_or_dash((string) base64_decode(unhex($words[1])));
    }
    fwrite(STDERR, "unknown request: {$words[0]}\n");
    exit(2);
}

$mode = $argv[1] ?? '';
if ($mode === 'encrypt' && isset($argv[3])) {
    echo whmcs_encrypt(stream_get_contents(STDIN), $argv[2], hex2bin($argv[3])), "\n";
} elseif ($mode === 'decrypt' && isset($argv[2])) {
    echo whmcs_decrypt(stream_get_contents(STDIN), $argv[2]);
} elseif ($mode === 'batch') {
    while (($line = fgets(STDIN)) !== false) {
        $line = rtrim($line, "\n");
        if ($line !== '') {
            echo answer(explode(' ', $line)), "\n";
        }
    }
} else {
    fwrite(STDERR, "usage: php whmcs_encrypt.php encrypt HASH IV_HEX | decrypt HASH | batch\n");
    exit(2);
}
