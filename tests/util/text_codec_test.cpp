// Percent-encoding, base64url and UTF-8 against RFC 3986 / RFC 4648 / RFC 3629 and hand-worked cases.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "util/text_codec.h"

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

bool has_raw_control_character(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("percent: encoding keeps fragment-safe characters and escapes the rest", "[text_codec]") {
  CHECK(hs::percent_encode("") == "");
  CHECK(hs::percent_encode("AZaz09-._~!$&'()*+,;=:@/?") == "AZaz09-._~!$&'()*+,;=:@/?");
  CHECK(hs::percent_encode(" ") == "%20");
  CHECK(hs::percent_encode("{\"a\":1}") == "%7B%22a%22:1%7D");
  CHECK(hs::percent_encode("%#[]") == "%25%23%5B%5D");
  CHECK(hs::percent_encode("<>`^|\\") == "%3C%3E%60%5E%7C%5C");
  CHECK(hs::percent_encode("\xC3\xA9") == "%C3%A9");  // é
  CHECK(hs::percent_encode(std::string("\0\x7F\xFF", 3)) == "%00%7F%FF");
}

TEST_CASE("percent: decoding accepts either hex case and passes other characters", "[text_codec]") {
  CHECK(hs::percent_decode("%7b%7D", "test").value() == "{}");
  CHECK(hs::percent_decode("a+b%20c", "test").value() == "a+b c");
  CHECK(hs::percent_decode("%C3%A9", "test").value() == "\xC3\xA9");
  CHECK(hs::percent_decode("%00", "test").value() == std::string("\0", 1));
  CHECK(hs::percent_decode("", "test").value().empty());
}

TEST_CASE("percent: malformed escapes are errors naming the source", "[text_codec]") {
  for (const char* bad : {"%", "%4", "abc%", "%zz", "%4g", "%g4", "ok%2"}) {
    const auto result = hs::percent_decode(bad, "URL hash");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == hs::ErrorCode::parse);
    CHECK(result.error().message.rfind("URL hash: ", 0) == 0);
  }
  const auto with_control = hs::percent_decode("%\n\x01", "x");
  REQUIRE_FALSE(with_control.ok());
  CHECK_FALSE(has_raw_control_character(with_control.error().message));
}

TEST_CASE("base64url: RFC 4648 section 10 test vectors without padding", "[text_codec]") {
  CHECK(hs::base64url_encode(bytes_of("")) == "");
  CHECK(hs::base64url_encode(bytes_of("f")) == "Zg");
  CHECK(hs::base64url_encode(bytes_of("fo")) == "Zm8");
  CHECK(hs::base64url_encode(bytes_of("foo")) == "Zm9v");
  CHECK(hs::base64url_encode(bytes_of("foob")) == "Zm9vYg");
  CHECK(hs::base64url_encode(bytes_of("fooba")) == "Zm9vYmE");
  CHECK(hs::base64url_encode(bytes_of("foobar")) == "Zm9vYmFy");
  CHECK(hs::base64url_decode("", "t").value().empty());
  CHECK(hs::base64url_decode("Zg", "t").value() == bytes_of("f"));
  CHECK(hs::base64url_decode("Zm8", "t").value() == bytes_of("fo"));
  CHECK(hs::base64url_decode("Zm9v", "t").value() == bytes_of("foo"));
  CHECK(hs::base64url_decode("Zm9vYg", "t").value() == bytes_of("foob"));
  CHECK(hs::base64url_decode("Zm9vYmE", "t").value() == bytes_of("fooba"));
  CHECK(hs::base64url_decode("Zm9vYmFy", "t").value() == bytes_of("foobar"));
}

TEST_CASE("base64url: the URL alphabet's '-' and '_' (hand-worked bit groups)", "[text_codec]") {
  // 0xFB 0xFF -> 111110 111111 1111(00) -> 62 63 60 -> "-_8"; standard base64 would be "+/8=".
  const std::vector<std::uint8_t> fb_ff = {0xFB, 0xFF};
  CHECK(hs::base64url_encode(fb_ff) == "-_8");
  CHECK(hs::base64url_decode("-_8", "t").value() == fb_ff);
  const std::vector<std::uint8_t> all_ones = {0xFF, 0xFF, 0xFF};
  CHECK(hs::base64url_encode(all_ones) == "____");
  const std::vector<std::uint8_t> sixty_twos = {0xFB, 0xEF, 0xBE};  // 111110 x4
  CHECK(hs::base64url_encode(sixty_twos) == "----");
}

TEST_CASE("base64url: padding is optional but must be correct", "[text_codec]") {
  CHECK(hs::base64url_decode("Zg==", "t").value() == bytes_of("f"));
  CHECK(hs::base64url_decode("Zm8=", "t").value() == bytes_of("fo"));
  for (const char* bad : {"Zg=", "Zg===", "Zm8==", "Zm9v=", "Z=g=", "=", "Zm9vY==="}) {
    const auto result = hs::base64url_decode(bad, "t");
    CHECK_FALSE(result.ok());
  }
}

TEST_CASE("base64url: other alphabets, bad lengths and trailing bits are rejected", "[text_codec]") {
  for (const char* bad :
       {"+/8", "Zm9v+A", "Zm/v", "Zm9 v", "Zm9v\n", "Z", "Zm9vY", "Zh", "Zm9", "Zm9vYmF="}) {
    const auto result = hs::base64url_decode(bad, "URL hash");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == hs::ErrorCode::parse);
    CHECK(result.error().message.rfind("URL hash: ", 0) == 0);
    CHECK_FALSE(has_raw_control_character(result.error().message));
  }
}

TEST_CASE("utf8: well-formed sequences at every boundary (RFC 3629 table)", "[text_codec]") {
  CHECK(hs::is_valid_utf8(""));
  CHECK(hs::is_valid_utf8(std::string("\0", 1)));
  CHECK(hs::is_valid_utf8("\x7F"));
  CHECK(hs::is_valid_utf8("\xC2\x80"));                                      // U+0080
  CHECK(hs::is_valid_utf8("\xDF\xBF"));                                      // U+07FF
  CHECK(hs::is_valid_utf8("\xE0\xA0\x80"));                                  // U+0800
  CHECK(hs::is_valid_utf8("\xED\x9F\xBF"));                                  // U+D7FF
  CHECK(hs::is_valid_utf8("\xEE\x80\x80"));                                  // U+E000
  CHECK(hs::is_valid_utf8("\xEF\xBF\xBF"));                                  // U+FFFF
  CHECK(hs::is_valid_utf8("\xF0\x90\x80\x80"));                              // U+10000
  CHECK(hs::is_valid_utf8("\xF4\x8F\xBF\xBF"));                              // U+10FFFF
  CHECK(hs::is_valid_utf8("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"));  // Kuhn's "kosme"
}

TEST_CASE("utf8: malformed sequences (Kuhn's stress test classes)", "[text_codec]") {
  const char* malformed[] = {
      "\x80",
      "\xBF",
      "\x80\xBF",  // unexpected continuation bytes
      "\xC0\xAF",
      "\xE0\x80\xAF",
      "\xF0\x80\x80\xAF",  // overlong '/'
      "\xC1\xBF",
      "\xE0\x9F\xBF",
      "\xF0\x8F\xBF\xBF",  // largest overlong of each length
      "\xED\xA0\x80",
      "\xED\xBF\xBF",
      "\xED\xAD\xBF",  // UTF-16 surrogates
      "\xF4\x90\x80\x80",
      "\xF5\x80\x80\x80",  // beyond U+10FFFF
      "\xF8\x88\x80\x80\x80",
      "\xFE",
      "\xFF",  // impossible bytes
      "\xE2\x82",
      "\xF0\x9F\x98",
      "\xC2",  // truncated sequences
      "\xC2\x41",
      ("a\xE2\x82\xAC"
       "b\xE2\x82"),  // lead byte followed by ASCII / cut at end
  };
  for (const char* text : malformed) CHECK_FALSE(hs::is_valid_utf8(text));
}

TEST_CASE("utf8: decoding one character gives its code point and length", "[text_codec]") {
  CHECK(hs::decode_utf8_char("A").code_point == U'A');
  CHECK(hs::decode_utf8_char("A").length_bytes == 1);
  const hs::Utf8Char euro = hs::decode_utf8_char("\xE2\x82\xAC!");
  CHECK(euro.code_point == 0x20AC);
  CHECK(euro.length_bytes == 3);
  const hs::Utf8Char clef = hs::decode_utf8_char("\xF0\x9D\x84\x9E");
  CHECK(clef.code_point == 0x1D11E);
  CHECK(clef.length_bytes == 4);
  CHECK(hs::decode_utf8_char("").length_bytes == 0);
  CHECK(hs::decode_utf8_char("\xC0\x80").length_bytes == 0);
}

TEST_CASE("excerpt: control characters, bad bytes and bidi overrides become visible escapes",
          "[text_codec]") {
  CHECK(hs::printable_excerpt("plain text") == "plain text");
  CHECK(hs::printable_excerpt("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(hs::printable_excerpt(std::string("\0\x01\x1F\x7F", 4)) == "\\x00\\x01\\x1F\\x7F");
  CHECK(hs::printable_excerpt("\xFF\xC0") == "\\xFF\\xC0");
  CHECK(hs::printable_excerpt("\xC2\x85") == "\\u{85}");            // C1 control NEL
  CHECK(hs::printable_excerpt("x\xE2\x80\xAEy") == "x\\u{202e}y");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(hs::printable_excerpt("\xC2\xB5m") == "\xC2\xB5m");         // µ stays readable
  CHECK(hs::printable_excerpt("<script>") == "<script>");
}

TEST_CASE("excerpt: long text is cut after max_chars characters", "[text_codec]") {
  CHECK(hs::printable_excerpt(std::string(1000, 'a')) == std::string(40, 'a') + "...");
  CHECK(hs::printable_excerpt("abcdef", 3) == "abc...");
  CHECK(hs::printable_excerpt("abc", 3) == "abc");
  // Cut on a character boundary, never inside a UTF-8 sequence.
  CHECK(hs::printable_excerpt("\xC2\xB5\xC2\xB5\xC2\xB5", 2) == "\xC2\xB5\xC2\xB5...");
}
