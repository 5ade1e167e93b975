// Strict JSON against RFC 8259's grammar and examples, JavaScript's number formatting, and hostile
// input (deep nesting, huge strings, truncation, random bytes).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "json/json.h"

using hs::json::Array;
using hs::json::Object;
using hs::json::Value;

namespace {

// RFC 8259 section 13, first example (without the trailing newline so that every proper prefix is
// an incomplete document).
constexpr std::string_view kRfcImage = R"({
      "Image": {
          "Width":  800,
          "Height": 600,
          "Title":  "View from 15th Floor",
          "Thumbnail": {
              "Url":    "http://www.example.com/image/481989943",
              "Height": 125,
              "Width":  100
          },
          "Animated" : false,
          "IDs": [116, 943, 234, 38793]
        }
    })";

// RFC 8259 section 13, second example.
constexpr std::string_view kRfcLocations = R"([
        {
           "precision": "zip",
           "Latitude":  37.7668,
           "Longitude": -122.3959,
           "Address":   "",
           "City":      "SAN FRANCISCO",
           "State":     "CA",
           "Zip":       "94107",
           "Country":   "US"
        },
        {
           "precision": "zip",
           "Latitude":  37.371991,
           "Longitude": -122.026020,
           "Address":   "",
           "City":      "SUNNYVALE",
           "State":     "CA",
           "Zip":       "94085",
           "Country":   "US"
        }
      ])";

// Numerical Recipes' 32-bit LCG: a fixed, portable pseudo-random sequence.
struct Lcg {
  std::uint32_t state;
  std::uint32_t next() { return state = state * 1664525u + 1013904223u; }
  std::uint64_t next64() { return (std::uint64_t{next()} << 32) | next(); }
};

bool has_raw_control_character(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

hs::Result<Value> parse(std::string_view text) {
  return hs::json::parse(text, "test.json");
}

double parse_number(std::string_view text) {
  const auto result = parse(text);
  REQUIRE(result.ok());
  REQUIRE(result->is_number());
  return result->as_number();
}

void require_parse_error(std::string_view text, hs::ErrorCode code = hs::ErrorCode::parse) {
  INFO("input: " << text.substr(0, 80));
  const auto result = parse(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == code);
  CHECK(result.error().message.rfind("test.json: ", 0) == 0);
  if (code == hs::ErrorCode::parse) CHECK(result.error().message.find("at byte ") != std::string::npos);
  CHECK_FALSE(has_raw_control_character(result.error().message));
}

}  // namespace

TEST_CASE("json: RFC 8259 image example", "[json]") {
  const auto doc = parse(kRfcImage);
  REQUIRE(doc.ok());
  const Value* image = doc->find("Image");
  REQUIRE(image != nullptr);
  CHECK(image->find("Width")->as_number() == 800);
  CHECK(image->find("Height")->as_number() == 600);
  CHECK(image->find("Title")->as_string() == "View from 15th Floor");
  CHECK(image->find("Thumbnail")->find("Url")->as_string() == "http://www.example.com/image/481989943");
  CHECK(image->find("Animated")->as_bool() == false);
  CHECK(*image->find("IDs") == Value(Array{116, 943, 234, 38793}));
  CHECK(image->find("Missing") == nullptr);
  // Member order is kept.
  const Object& members = image->as_object();
  REQUIRE(members.size() == 6);
  CHECK(members[0].first == "Width");
  CHECK(members[5].first == "IDs");
}

TEST_CASE("json: RFC 8259 array-of-objects example", "[json]") {
  const auto doc = parse(kRfcLocations);
  REQUIRE(doc.ok());
  REQUIRE(doc->as_array().size() == 2);
  const Value& second = doc->as_array()[1];
  CHECK(second.find("Latitude")->as_number() == 37.371991);
  CHECK(second.find("Longitude")->as_number() == -122.026020);
  CHECK(second.find("Address")->as_string().empty());
  CHECK(second.find("City")->as_string() == "SUNNYVALE");
}

TEST_CASE("json: any value may be the whole text (RFC 8259 section 2)", "[json]") {
  CHECK(parse("\"Hello world!\"").value() == Value("Hello world!"));
  CHECK(parse("42").value() == Value(42));
  CHECK(parse("true").value() == Value(true));
  CHECK(parse(" \t\r\nfalse \n").value() == Value(false));
  CHECK(parse("null").value().is_null());
  CHECK(parse("[]").value() == Value(Array{}));
  CHECK(parse("{ }").value() == Value(Object{}));
}

TEST_CASE("json: string escapes and UTF-8", "[json]") {
  CHECK(parse(R"("\"\\\/\b\f\n\r\t")").value().as_string() == "\"\\/\b\f\n\r\t");
  CHECK(parse(R"("\u00e9\u00E9")").value().as_string() == "\xC3\xA9\xC3\xA9");
  CHECK(parse(R"("\u20AC")").value().as_string() == "\xE2\x82\xAC");
  // RFC 8259 section 7: G clef U+1D11E as a surrogate pair.
  CHECK(parse(R"("\uD834\uDD1E")").value().as_string() == "\xF0\x9D\x84\x9E");
  CHECK(parse(R"("\u0000")").value().as_string() == std::string("\0", 1));
  CHECK(parse("\"\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\"").value().as_string() ==
        "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5");
  CHECK(parse("\"\xF4\x8F\xBF\xBF\"").ok());  // U+10FFFF
}

TEST_CASE("json: numbers are read correctly rounded", "[json]") {
  CHECK(parse_number("0") == 0.0);
  CHECK_FALSE(std::signbit(parse_number("0")));
  CHECK(std::signbit(parse_number("-0")));
  CHECK(parse_number("-1") == -1.0);
  CHECK(parse_number("0.5") == 0.5);
  CHECK(parse_number("1e3") == 1000.0);
  CHECK(parse_number("1E+3") == 1000.0);
  CHECK(parse_number("1e-3") == 0.001);
  CHECK(parse_number("123.456e2") == 12345.6);
  CHECK(parse_number("0.1") == 0.1);
  CHECK(parse_number("9007199254740993") == 9007199254740992.0);  // ties to even
  CHECK(parse_number("2.2250738585072014e-308") == std::numeric_limits<double>::min());
  CHECK(parse_number("4.9406564584124654e-324") == std::numeric_limits<double>::denorm_min());
  CHECK(parse_number("1.7976931348623157e308") == std::numeric_limits<double>::max());
  CHECK(parse_number("1e-400") == 0.0);
  CHECK(parse_number("0.1000000000000000055511151231257827021181583404541015625") == 0.1);
  CHECK(parse_number("1" + std::string(400, '0') + "e-400") == 1.0);
  CHECK(parse_number("0." + std::string(400, '0') + "1e401") == 1.0);
  CHECK(parse_number("1e0000000000000000000000001") == 10.0);
  CHECK(parse_number("0e99999999999999999999") == 0.0);
}

TEST_CASE("json: numbers that overflow a double are rejected", "[json]") {
  require_parse_error("1e400");
  require_parse_error("-1e400");
  require_parse_error("1.7976931348623159e308");
  require_parse_error("[1e99999999999999999999]");
  require_parse_error("1" + std::string(400, '0'));
}

TEST_CASE("json: texts outside the RFC 8259 grammar are rejected", "[json]") {
  const char* invalid[] = {
      "",        " ",         "[1,]",        "{\"a\":1,}",  "[1 2]",
      "[,1]",    "01",        "-01",         "-",           "1.",
      ".5",      "+1",        "1e",          "1e+",         "1.e3",
      "0x10",    "NaN",       "Infinity",    "-Infinity",   "nan",
      "tru",     "nul",       "True",        "[",           "]",
      "{",       "}",         "{\"a\"}",     "{\"a\":}",    "{a:1}",
      "{'a':1}", "['a']",     "{\"a\" 1}",   "{1:2}",       "\"abc",
      "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "/* c */1",
      "1 // c",  "[1]x",      "1 2",         "\"a\"\"b\"",  "\xEF\xBB\xBF{}",
      "[1]]",    "{}}",       "\x01",        "\"\\",
  };
  for (const char* text : invalid) require_parse_error(text);
}

TEST_CASE("json: control characters, bad UTF-8 and lone surrogates in strings", "[json]") {
  require_parse_error("\"\t\"");
  require_parse_error("\"\n\"");
  require_parse_error(std::string("\"\0\"", 3));
  require_parse_error("\"\x1F\"");
  require_parse_error("\"\xFF\"");
  require_parse_error("\"\xC0\xAF\"");          // overlong '/'
  require_parse_error("\"\xED\xA0\x80\"");      // encoded surrogate
  require_parse_error("\"\xE2\x82\"");          // truncated sequence
  require_parse_error("\"\xF4\x90\x80\x80\"");  // beyond U+10FFFF
  require_parse_error("{\"\xFF\":1}");          // in a key
  require_parse_error(R"("\uD800")");
  require_parse_error(R"("\uDC00")");
  require_parse_error(R"("\uDBFF\uDBFF")");
  require_parse_error(R"("\uD800\u0041")");
  require_parse_error(R"("\uD800x")");
  require_parse_error(R"("\uDD1E\uD834")");
}

TEST_CASE("json: duplicate keys are rejected, also when spelled differently", "[json]") {
  require_parse_error(R"({"a":1,"a":2})");
  require_parse_error(R"({"a":1,"b":{"c":1,"d":2,"c":3}})");
  require_parse_error(R"({"a":1,"\u0061":2})");
  CHECK(parse(R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})").ok());  // same key in different objects
}

TEST_CASE("json: errors give the byte offset", "[json]") {
  CHECK(parse("[1,]").error().message ==
        "test.json: invalid JSON at byte 3: found ']', expected a JSON value");
  CHECK(parse("  {\"a\":1,\"a\":2}").error().message ==
        "test.json: invalid JSON at byte 2: duplicate key \"a\" in object");
  CHECK(parse("[1,\n2 x]").error().message.find("at byte 6") != std::string::npos);
  CHECK(parse("\"ab").error().message.find("at byte 0: unterminated string") != std::string::npos);
}

TEST_CASE("json: nesting is bounded and never overflows the stack", "[json][limits]") {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(parse(nested(64)).ok());
  require_parse_error(nested(65), hs::ErrorCode::limit);
  require_parse_error(std::string(100000, '['), hs::ErrorCode::limit);
  require_parse_error(nested(100000), hs::ErrorCode::limit);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  require_parse_error(objects, hs::ErrorCode::limit);
  hs::json::ParseLimits shallow;
  shallow.max_depth = 2;
  CHECK(hs::json::parse("[[1]]", "t", shallow).ok());
  CHECK(hs::json::parse("[[[1]]]", "t", shallow).error().code == hs::ErrorCode::limit);
}

TEST_CASE("json: document and string sizes are bounded", "[json][limits]") {
  hs::json::ParseLimits limits;
  limits.max_bytes = 100;
  limits.max_string_bytes = 10;
  CHECK(hs::json::parse(std::string(100, ' '), "t", limits).error().code == hs::ErrorCode::parse);
  CHECK(hs::json::parse(std::string(101, ' '), "t", limits).error().code == hs::ErrorCode::limit);
  CHECK(hs::json::parse("\"0123456789\"", "t", limits).ok());
  CHECK(hs::json::parse("\"0123456789a\"", "t", limits).error().code == hs::ErrorCode::limit);
  CHECK(hs::json::parse("\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9a\"", "t", limits).error().code ==
        hs::ErrorCode::limit);  // 11 bytes after unescaping
  // Defaults: 4 MiB documents, 1 MiB strings.
  const std::string huge_string = "\"" + std::string((1u << 20) + 1, 'x') + "\"";
  require_parse_error(huge_string, hs::ErrorCode::limit);
  CHECK(parse("\"" + std::string(1u << 20, 'x') + "\"").ok());
  require_parse_error(std::string((4u << 20) + 1, ' '), hs::ErrorCode::limit);
}

TEST_CASE("json: every proper prefix of a document fails cleanly", "[json]") {
  for (std::size_t length = 0; length < kRfcImage.size(); ++length) {
    const auto result = parse(kRfcImage.substr(0, length));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == hs::ErrorCode::parse);
  }
  CHECK(parse(kRfcImage).ok());
}

TEST_CASE("json: value access and editing", "[json]") {
  Value doc = Object{};
  doc.set("b", 1);
  doc.set("a", "x");
  doc.set("b", true);
  REQUIRE(doc.as_object().size() == 2);
  CHECK(doc.as_object()[0].first == "b");
  CHECK(*doc.find("b") == Value(true));
  CHECK(Value(Array{}).find("a") == nullptr);
  CHECK(std::string(hs::json::type_name(hs::json::Type::object)) == "object");
  CHECK(std::string(hs::json::type_name(Value(2.5).type())) == "number");
  CHECK(Value(1) == Value(1.0));
  CHECK_FALSE(Value(1) == Value("1"));
}

TEST_CASE("json: compact writer keeps member order and escapes", "[json][write]") {
  const Value doc = Object{{"b", 1}, {"a", Array{true, nullptr, "x", Object{}, Array{}}}};
  CHECK(hs::json::write(doc) == R"({"b":1,"a":[true,null,"x",{},[]]})");
  CHECK(hs::json::write(Value("\"\\/\b\f\n\r\t\x01\x7F")) == R"("\"\\/\b\f\n\r\t\u0001\u007f")");
  CHECK(hs::json::write(Value(std::string("\0", 1))) == R"("\u0000")");
  CHECK(hs::json::write(Value("\xC3\xA9")) == R"("\u00e9")");
  CHECK(hs::json::write(Value("\xF0\x9D\x84\x9E")) == R"("\ud834\udd1e")");
  CHECK(hs::json::write(Value("\xE2\x80\xA8")) == R"("\u2028")");
  CHECK(hs::json::write(Value("a\xFF"
                              "b")) == R"("a\ufffdb")");
  CHECK(hs::json::write(Value(std::numeric_limits<double>::quiet_NaN())) == "null");
  CHECK(hs::json::write(Value(-std::numeric_limits<double>::infinity())) == "null");
}

TEST_CASE("json: writer output can never form markup", "[json][write]") {
  const std::string script = "<script>alert(1)</script>";
  const Value doc = Object{{script, script}, {"x", "&amp; <!-- ]]> -->"}};
  const std::string text = hs::json::write(doc);
  CHECK(text.find_first_of("<>&") == std::string::npos);
  CHECK(hs::json::write(Value(script)) == R"("\u003cscript\u003ealert(1)\u003c/script\u003e")");
  CHECK(hs::json::write(Value("&")) == R"("\u0026")");
  CHECK(hs::json::write_pretty(doc).find_first_of("<>&") == std::string::npos);
  CHECK(parse(text).value() == doc);
}

TEST_CASE("json: numbers are written like JavaScript's Number#toString", "[json][write]") {
  // Expected strings from node: String(x).
  const std::pair<double, const char*> cases[] = {
      {0.1, "0.1"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {123.456, "123.456"},
      {5e-324, "5e-324"},
      {1.5e-323, "1.5e-323"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e-7, "1e-7"},
      {0.000001, "0.000001"},
      {1.5e-6, "0.0000015"},
      {-1.5, "-1.5"},
      {100, "100"},
      {9007199254740992.0, "9007199254740992"},
      {1.0 / 3.0, "0.3333333333333333"},
      {2.0 / 3.0, "0.6666666666666666"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {123456789012345680000.0, "123456789012345680000"},
      {4.35, "4.35"},
      {0.000123, "0.000123"},
      {1e300, "1e+300"},
      {9.999999999999999e22, "1e+23"},
      {1.2345678901234567e-7, "1.2345678901234566e-7"},
      {0.0, "0"},
  };
  for (const auto& [value, expected] : cases) {
    INFO("expected " << expected);
    CHECK(hs::json::write(Value(value)) == expected);
  }
  CHECK(hs::json::write(Value(-0.0)) == "-0");  // unlike JavaScript: keeps the sign bit
}

TEST_CASE("json: pretty writer indents by two spaces", "[json][write]") {
  const Value doc = Object{{"a", Array{1, 2}}, {"b", Object{}}, {"c", Array{}}, {"d", Object{{"e", "f"}}}};
  CHECK(
      hs::json::write_pretty(doc) ==
      "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": {\n    \"e\": \"f\"\n  }\n}");
  CHECK(hs::json::write_pretty(Value(3)) == "3");
  CHECK(parse(hs::json::write_pretty(doc)).value() == doc);
}

TEST_CASE("json: doubles round-trip bit-exactly through text", "[json][write]") {
  Lcg lcg{7};
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t bits = lcg.next64();
    if (i % 4 == 1) bits &= 0x800FFFFFFFFFFFFFull;  // subnormals
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = hs::json::write(Value(value));
    const auto back = parse(text);
    INFO("text " << text);
    REQUIRE(back.ok());
    REQUIRE(bits_of(back->as_number()) == bits);
  }
}

TEST_CASE("json: random bytes never crash, and what parses round-trips", "[json][fuzz]") {
  constexpr std::string_view kAlphabet =
      "[]{}:,\"\\/ \t\n0123456789-+.eEtrufalsn\x01\xC3\xA9\xFF\xED\xA0uD8Cx";
  Lcg lcg{99};
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    if (i % 2 == 0) {
      const std::size_t length = lcg.next() % 40;
      for (std::size_t j = 0; j < length; ++j) text += kAlphabet[lcg.next() % kAlphabet.size()];
    } else {
      text = std::string(kRfcImage);
      for (int flips = 0; flips < 2; ++flips) {
        text[lcg.next() % text.size()] = static_cast<char>(lcg.next() >> 24);
      }
    }
    const auto result = parse(text);
    if (!result.ok()) {
      REQUIRE_FALSE(has_raw_control_character(result.error().message));
      continue;
    }
    ++parsed;
    const std::string written = hs::json::write(*result);
    const auto again = parse(written);
    REQUIRE(again.ok());
    REQUIRE(*again == *result);
    REQUIRE(hs::json::write(*again) == written);
  }
  CHECK(parsed > 100);  // the fuzz reaches valid documents too
}
