// Percent-encoding, base64url, UTF-8 decoding and message-safe excerpts of untrusted text.
#include "util/text_codec.h"

#include <array>
#include <cstdio>
#include <optional>
#include <string>

namespace hs {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr char kBase64UrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// RFC 3986 fragment characters we keep literal: unreserved, sub-delims, ':', '@', '/', '?'.
bool is_fragment_safe(unsigned char c) {
  if (is_ascii_alnum(c)) return true;
  static constexpr std::string_view kSafePunctuation = "-._~!$&'()*+,;=:@/?";
  return kSafePunctuation.find(static_cast<char>(c)) != std::string_view::npos;
}

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

std::optional<std::uint32_t> base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0' + 52);
  if (c == '-') return 62u;
  if (c == '_') return 63u;
  return std::nullopt;
}

void append_hex_byte(std::string& out, unsigned char byte) {
  out += kHexDigits[byte >> 4];
  out += kHexDigits[byte & 0x0f];
}

Error codec_error(std::string_view source, const std::string& problem) {
  return make_error(ErrorCode::parse, std::string(source) + ": " + problem);
}

// Removes '=' padding, checking that it is where and as long as RFC 4648 puts it.
Result<std::string_view> strip_base64_padding(std::string_view text, std::string_view source) {
  const std::size_t first_pad = text.find('=');
  if (first_pad == std::string_view::npos) return text;
  const std::size_t pad_chars = text.size() - first_pad;
  const bool all_pad = text.find_first_not_of('=', first_pad) == std::string_view::npos;
  const std::size_t expected_pad_chars = (4 - first_pad % 4) % 4;
  if (!all_pad || pad_chars != expected_pad_chars || expected_pad_chars == 3) {
    return codec_error(source,
                       "misplaced '=' padding in base64url text at byte " + std::to_string(first_pad));
  }
  return text.substr(0, first_pad);
}

// What the lead byte of a multi-byte UTF-8 sequence says (RFC 3629 table): sequence length, its
// payload bits, and the smallest code point needing that length (anything below is overlong).
struct Utf8Lead {
  std::size_t length_bytes;
  char32_t payload_mask;
  char32_t min_code_point;
};

std::optional<Utf8Lead> utf8_lead(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return Utf8Lead{2, 0x1F, 0x80};
  if (lead >= 0xE0 && lead <= 0xEF) return Utf8Lead{3, 0x0F, 0x800};
  if (lead >= 0xF0 && lead <= 0xF4) return Utf8Lead{4, 0x07, 0x10000};
  return std::nullopt;
}

// Bidirectional formatting characters, which can make a message read differently from its bytes.
bool is_bidi_control(char32_t c) {
  return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

void append_escaped_code_point(std::string& out, char32_t c) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "\\u{%x}", static_cast<unsigned>(c));
  out += buffer.data();
}

void append_escaped_ascii_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      out += "\\x";
      append_hex_byte(out, c);
      return;
  }
}

}  // namespace

std::string percent_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_fragment_safe(c)) {
      out += ch;
    } else {
      out += '%';
      append_hex_byte(out, c);
    }
  }
  return out;
}

Result<std::string> percent_decode(std::string_view text, std::string_view source) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const auto high = i + 1 < text.size() ? hex_value(text[i + 1]) : std::nullopt;
    const auto low = i + 2 < text.size() ? hex_value(text[i + 2]) : std::nullopt;
    if (!high || !low) {
      return codec_error(source, "bad percent escape \"" + printable_excerpt(text.substr(i, 3)) +
                                     "\" at byte " + std::to_string(i));
    }
    out += static_cast<char>(*high * 16 + *low);
    i += 2;
  }
  return out;
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64UrlAlphabet[(group >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = std::uint32_t{bytes[i]} << 16;
  if (rest == 2) group |= std::uint32_t{bytes[i + 1]} << 8;
  out += kBase64UrlAlphabet[(group >> 18) & 63];
  out += kBase64UrlAlphabet[(group >> 12) & 63];
  if (rest == 2) out += kBase64UrlAlphabet[(group >> 6) & 63];
  return out;
}

Result<std::vector<std::uint8_t>> base64url_decode(std::string_view text, std::string_view source) {
  auto unpadded = strip_base64_padding(text, source);
  if (!unpadded) return unpadded.error();
  const std::string_view data = *unpadded;
  if (data.size() % 4 == 1) {
    return codec_error(
        source, "base64url text has an impossible length (" + std::to_string(data.size()) + " characters)");
  }
  std::vector<std::uint8_t> out;
  out.reserve(data.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto value = base64url_value(data[i]);
    if (!value) {
      return codec_error(source, "invalid base64url character \"" + printable_excerpt(data.substr(i, 1)) +
                                     "\" at byte " + std::to_string(i));
    }
    bits = (bits << 6) | *value;
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<std::uint8_t>(bits >> bit_count));
      bits &= (1u << bit_count) - 1;
    }
  }
  if (bits != 0) return codec_error(source, "base64url text has non-zero trailing bits");
  return out;
}

Utf8Char decode_utf8_char(std::string_view bytes) {
  if (bytes.empty()) return {};
  const auto lead = static_cast<unsigned char>(bytes[0]);
  if (lead < 0x80) return {lead, 1};
  const std::optional<Utf8Lead> info = utf8_lead(lead);
  if (!info) return {};
  const std::size_t length = info->length_bytes;
  char32_t code_point = lead & info->payload_mask;
  if (bytes.size() < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(bytes[i]);
    if ((next & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < info->min_code_point || surrogate || code_point > 0x10FFFF) return {};
  return {code_point, length};
}

bool is_valid_utf8(std::string_view bytes) {
  while (!bytes.empty()) {
    const Utf8Char c = decode_utf8_char(bytes);
    if (c.length_bytes == 0) return false;
    bytes.remove_prefix(c.length_bytes);
  }
  return true;
}

std::string printable_excerpt(std::string_view text, std::size_t max_chars) {
  std::string out;
  for (std::size_t chars = 0; !text.empty(); ++chars) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    const Utf8Char c = decode_utf8_char(text);
    if (c.length_bytes == 0) {
      out += "\\x";
      append_hex_byte(out, static_cast<unsigned char>(text[0]));
      text.remove_prefix(1);
      continue;
    }
    if (c.code_point < 0x20 || c.code_point == 0x7F) {
      append_escaped_ascii_control(out, static_cast<unsigned char>(c.code_point));
    } else if ((c.code_point >= 0x80 && c.code_point <= 0x9F) || is_bidi_control(c.code_point)) {
      append_escaped_code_point(out, c.code_point);
    } else {
      out += text.substr(0, c.length_bytes);
    }
    text.remove_prefix(c.length_bytes);
  }
  return out;
}

}  // namespace hs
