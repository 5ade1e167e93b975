// Text codecs for URLs: percent-encoding (RFC 3986 fragment), base64url (RFC 4648 §5, no padding)
// and UTF-8 validation. All decoders are total: malformed input gives an error, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace hs {

// Encodes every byte that may not appear literally in a URL fragment (keeps unreserved characters,
// sub-delims, ':', '@', '/', '?'). Output is ASCII.
std::string percent_encode(std::string_view bytes);

// Decodes %XX escapes (either case); other characters pass through. A '%' not followed by two hex
// digits is an error naming `source`.
Result<std::string> percent_decode(std::string_view text, std::string_view source);

// base64url without padding.
std::string base64url_encode(std::span<const std::uint8_t> bytes);

// Accepts base64url with or without '=' padding; rejects other alphabets' characters, bad
// lengths and non-zero trailing bits.
Result<std::vector<std::uint8_t>> base64url_decode(std::string_view text, std::string_view source);

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, max U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// The UTF-8 sequence at the start of `bytes`: its code point and length. length_bytes is 0 when
// `bytes` is empty or does not start with a well-formed sequence (RFC 3629).
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length_bytes = 0;
};
Utf8Char decode_utf8_char(std::string_view bytes);

// Untrusted text made safe to show in a message (ImGui, DOM textContent, logs): control
// characters, invalid UTF-8 bytes and bidirectional formatting characters become visible escapes
// (\n, \x01, \u{202e}); after `max_chars` characters the rest is cut and "..." appended.
std::string printable_excerpt(std::string_view text, std::size_t max_chars = 40);

}  // namespace hs
