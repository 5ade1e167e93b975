// Strict JSON: an iterative, limit-checked parser for untrusted text and a deterministic writer
// whose output is ASCII and can never form markup.
#include "json/json.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

#include "util/text_codec.h"

namespace hs::json {
namespace {

// [Numbers] decimal <-> double, independent of the C locale -------------------------------------

// Decimal exponents are clamped to this: any digit string that fits in memory times 10^±1e9 is
// already 0 or infinite as a double, so clamping never changes a result.
constexpr long long kMaxDecimalExponent = 1'000'000'000;

// ASCII digits (at least one) times 10^exponent, correctly rounded. The text given to strtod has
// no radix character, the only part of its syntax that depends on the locale.
double decimal_to_double(std::string_view digits, long long exponent) {
  exponent = std::clamp(exponent, -kMaxDecimalExponent, kMaxDecimalExponent);
  std::string text(digits);
  text += 'e';
  text += std::to_string(exponent);
  return std::strtod(text.c_str(), nullptr);
}

// A positive finite number as significant digits d1 d2 ... dk (no trailing zeros) and the decimal
// exponent of d1: value = d1.d2...dk x 10^exponent.
struct Decimal {
  std::string digits;
  int exponent = 0;
};

// Correctly rounded to `significant_digits` (printf is exact in glibc and musl). Only ASCII digits
// are taken from its output, so a locale's radix character cannot leak in.
Decimal to_decimal(double magnitude, int significant_digits) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*e", significant_digits - 1, magnitude);
  Decimal decimal;
  const char* p = buffer.data();
  for (; *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') decimal.digits += *p;
  }
  const bool negative_exponent = p[1] == '-';
  const char* exponent_begin = p + 2;
  std::from_chars(exponent_begin, exponent_begin + std::char_traits<char>::length(exponent_begin),
                  decimal.exponent);
  if (negative_exponent) decimal.exponent = -decimal.exponent;
  const std::size_t last_nonzero = decimal.digits.find_last_not_of('0');
  decimal.digits.resize(last_nonzero == std::string::npos ? 1 : last_nonzero + 1);
  return decimal;
}

bool reads_back_as(const Decimal& decimal, double magnitude) {
  const auto digit_count = static_cast<long long>(decimal.digits.size());
  return decimal_to_double(decimal.digits, decimal.exponent - (digit_count - 1)) == magnitude;
}

// The layout of JavaScript's Number.prototype.toString: plain notation for decimal exponents in
// [-7, 21), otherwise d.ddde+XX.
std::string layout_decimal(const Decimal& decimal) {
  const std::string& digits = decimal.digits;
  const int k = static_cast<int>(digits.size());
  const int n = decimal.exponent + 1;  // digits before the decimal point
  if (k <= n && n <= 21) return digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) return digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  std::string out = digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  out += n - 1 < 0 ? "e-" : "e+";
  out += std::to_string(std::abs(n - 1));
  return out;
}

// The fewest significant digits that read back to the same double (17 always do). For a normal
// double, if up to 15 digits suffice then rounding to 15 and dropping trailing zeros gives them, so
// 15, 16 and 17 are the only candidates; subnormals have fewer bits and may need as few as 1.
// Rounding to 16 can miss a 16-digit form next to an exact power of two (its rounding interval is
// lopsided); 17 digits are written then, which still read back exactly.
std::string format_number(double value) {
  if (!std::isfinite(value)) return "null";
  const std::string sign = std::signbit(value) ? "-" : "";
  if (value == 0) return sign + "0";
  const double magnitude = std::fabs(value);
  const int fewest_digits = magnitude < std::numeric_limits<double>::min() ? 1 : 15;
  for (int significant_digits = fewest_digits; significant_digits < 17; ++significant_digits) {
    const Decimal decimal = to_decimal(magnitude, significant_digits);
    if (reads_back_as(decimal, magnitude)) return sign + layout_decimal(decimal);
  }
  return sign + layout_decimal(to_decimal(magnitude, 17));
}

// [Strings] -------------------------------------------------------------------------------------

// RFC 8259 section 7 two-character escapes: '\\' + kEscapeLetters[i] stands for kEscapedChars[i].
constexpr std::string_view kEscapeLetters = "\"\\/bfnrt";
constexpr std::string_view kEscapedChars = "\"\\/\b\f\n\r\t";

std::optional<int> hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

void append_utf8(std::string& out, char32_t code_point) {
  const auto byte = [&out](char32_t bits) { out += static_cast<char>(bits); };
  if (code_point < 0x80) {
    byte(code_point);
  } else if (code_point < 0x800) {
    byte(0xC0 | (code_point >> 6));
    byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    byte(0xE0 | (code_point >> 12));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  } else {
    byte(0xF0 | (code_point >> 18));
    byte(0x80 | ((code_point >> 12) & 0x3F));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  }
}

void append_u_escape(std::string& out, char32_t utf16_unit) {
  std::array<char, 16> buffer{};  // room for any unsigned value, so no truncation warning
  std::snprintf(buffer.data(), buffer.size(), "\\u%04x", static_cast<unsigned>(utf16_unit & 0xFFFF));
  out += buffer.data();
}

// Non-ASCII characters as \uXXXX (a surrogate pair above U+FFFF).
void append_code_point_escape(std::string& out, char32_t code_point) {
  if (code_point < 0x10000) {
    append_u_escape(out, code_point);
    return;
  }
  const char32_t offset = code_point - 0x10000;
  append_u_escape(out, 0xD800 + (offset >> 10));
  append_u_escape(out, 0xDC00 + (offset & 0x3FF));
}

void append_escaped_ascii(std::string& out, unsigned char c) {
  const std::size_t short_escape =
      c == '/' ? std::string_view::npos : kEscapedChars.find(static_cast<char>(c));
  if (short_escape != std::string_view::npos) {
    out += '\\';
    out += kEscapeLetters[short_escape];
  } else if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&') {
    append_u_escape(out, c);  // control characters, and markup characters so output never forms markup
  } else {
    out += static_cast<char>(c);
  }
}

// A quoted string in pure ASCII; bytes that are not UTF-8 become U+FFFD.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text[0]);
    if (c < 0x80) {
      append_escaped_ascii(out, c);
      text.remove_prefix(1);
      continue;
    }
    const Utf8Char decoded = decode_utf8_char(text);
    append_code_point_escape(out, decoded.length_bytes == 0 ? 0xFFFD : decoded.code_point);
    text.remove_prefix(std::max<std::size_t>(decoded.length_bytes, 1));
  }
  out += '"';
}

// [Parser] --------------------------------------------------------------------------------------

// Reads one value with an explicit stack of open containers, so nesting costs heap, not C++ stack.
class Parser {
 public:
  Parser(std::string_view text, std::string_view source, const ParseLimits& limits)
      : text_(text), source_(source), limits_(limits) {}

  Result<Value> run();

 private:
  struct Frame {
    Value container;         // the Array or Object being filled
    std::size_t offset = 0;  // of its '[' or '{'
    std::string key;         // objects: key of the member whose value comes next
  };

  bool begin_value(std::vector<Frame>& stack, Value& value, bool& complete);
  bool open_container(std::vector<Frame>& stack, Value& value, bool& complete);
  bool begin_member(Frame& frame);
  bool attach_completed(std::vector<Frame>& stack, Value& value);
  bool check_unique_keys(const Frame& frame);
  bool parse_string(std::string& out);
  bool parse_escape(std::string& out);
  bool parse_unicode_escape(std::size_t escape_offset, std::string& out);
  bool parse_hex4(char32_t& unit);
  bool parse_number(Value& out);
  bool read_digits(std::string& digits);
  long long read_exponent();
  bool parse_literal(Value& out);

  bool at_end() const { return pos_ >= text_.size(); }
  bool next_is(char c) const { return !at_end() && text_[pos_] == c; }
  bool consume(char c);
  void skip_whitespace();
  bool fail(ErrorCode code, std::size_t offset, const std::string& problem);
  bool fail_unexpected(std::string_view expected);

  std::string_view text_;
  std::string_view source_;
  ParseLimits limits_;
  std::size_t pos_ = 0;
  std::optional<Error> error_;
};

Result<Value> Parser::run() {
  if (text_.size() > limits_.max_bytes) {
    return make_error(ErrorCode::limit, std::string(source_) + ": JSON document is " +
                                            std::to_string(text_.size()) + " bytes, more than the limit of " +
                                            std::to_string(limits_.max_bytes));
  }
  std::vector<Frame> stack;
  Value value;
  for (;;) {
    bool complete = false;
    if (!begin_value(stack, value, complete)) return *error_;
    if (!complete) continue;
    if (!attach_completed(stack, value)) return *error_;
    if (stack.empty()) break;
  }
  skip_whitespace();
  if (!at_end()) {
    fail_unexpected("the end of the text after the JSON value");
    return *error_;
  }
  return value;
}

// Reads a scalar (complete = true) or opens a container. An empty container is complete at
// once; otherwise the container is pushed and, for an object, its first key read.
bool Parser::begin_value(std::vector<Frame>& stack, Value& value, bool& complete) {
  skip_whitespace();
  if (at_end()) return fail_unexpected("a JSON value");
  const char c = text_[pos_];
  if (c == '[' || c == '{') return open_container(stack, value, complete);
  complete = true;
  if (c == '"') {
    std::string text;
    if (!parse_string(text)) return false;
    value = Value(std::move(text));
    return true;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(value);
  return parse_literal(value);
}

bool Parser::open_container(std::vector<Frame>& stack, Value& value, bool& complete) {
  if (stack.size() >= limits_.max_depth) {
    return fail(ErrorCode::limit, pos_,
                "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }
  const bool is_object = text_[pos_] == '{';
  stack.push_back(Frame{is_object ? Value(Object{}) : Value(Array{}), pos_, {}});
  ++pos_;
  skip_whitespace();
  complete = consume(is_object ? '}' : ']');
  if (!complete) return begin_member(stack.back());
  value = std::move(stack.back().container);
  stack.pop_back();
  return true;
}

// For an object, reads `"key" :` before the member's value; nothing to do for an array.
bool Parser::begin_member(Frame& frame) {
  if (!frame.container.is_object()) return true;
  skip_whitespace();
  if (!next_is('"')) return fail_unexpected("a string key");
  if (!parse_string(frame.key)) return false;
  skip_whitespace();
  return consume(':') || fail_unexpected("':'");
}

// Adds a complete value to the innermost open container, closing containers that end here, until
// the document value is complete (empty stack) or a ',' announces the next value.
bool Parser::attach_completed(std::vector<Frame>& stack, Value& value) {
  while (!stack.empty()) {
    Frame& top = stack.back();
    const bool is_object = top.container.is_object();
    if (is_object) {
      top.container.as_object().emplace_back(std::move(top.key), std::move(value));
    } else {
      top.container.as_array().push_back(std::move(value));
    }
    skip_whitespace();
    if (consume(',')) return begin_member(top);
    if (!consume(is_object ? '}' : ']')) return fail_unexpected(is_object ? "',' or '}'" : "',' or ']'");
    if (is_object && !check_unique_keys(top)) return false;
    value = std::move(top.container);
    stack.pop_back();
  }
  return true;
}

// Sorting the keys keeps this O(n log n) however many members a hostile object has.
bool Parser::check_unique_keys(const Frame& frame) {
  const Object& members = frame.container.as_object();
  std::vector<const std::string*> keys;
  keys.reserve(members.size());
  for (const Member& member : members) keys.push_back(&member.first);
  std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  const auto duplicate = std::adjacent_find(
      keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a == *b; });
  if (duplicate == keys.end()) return true;
  return fail(ErrorCode::parse, frame.offset,
              "duplicate key \"" + printable_excerpt(**duplicate) + "\" in object");
}

bool Parser::parse_string(std::string& out) {
  const std::size_t start = pos_;
  ++pos_;  // opening quote
  out.clear();
  for (;;) {
    if (at_end()) return fail(ErrorCode::parse, start, "unterminated string");
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      if (!parse_escape(out)) return false;
    } else if (c < 0x20) {
      return fail(
          ErrorCode::parse, pos_,
          "unescaped control character \"" + printable_excerpt(text_.substr(pos_, 1)) + "\" in string");
    } else {
      const Utf8Char decoded = decode_utf8_char(text_.substr(pos_));
      if (decoded.length_bytes == 0) return fail(ErrorCode::parse, pos_, "invalid UTF-8 in string");
      out.append(text_.substr(pos_, decoded.length_bytes));
      pos_ += decoded.length_bytes;
    }
    if (out.size() > limits_.max_string_bytes) {
      return fail(ErrorCode::limit, start,
                  "string longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
    }
  }
}

bool Parser::parse_escape(std::string& out) {
  const std::size_t start = pos_;
  ++pos_;  // backslash
  if (at_end()) return fail(ErrorCode::parse, start, "unterminated escape");
  const char letter = text_[pos_++];
  if (letter == 'u') return parse_unicode_escape(start, out);
  const std::size_t index = kEscapeLetters.find(letter);
  if (index == std::string_view::npos) {
    return fail(ErrorCode::parse, start,
                "invalid escape \"\\" + printable_excerpt(text_.substr(start + 1, 1)) + "\"");
  }
  out += kEscapedChars[index];
  return true;
}

// After "\u": one UTF-16 unit, or a high surrogate followed by "\u" and a low surrogate.
bool Parser::parse_unicode_escape(std::size_t escape_offset, std::string& out) {
  char32_t unit = 0;
  if (!parse_hex4(unit)) return false;
  if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return fail(ErrorCode::parse, escape_offset, "lone low surrogate escape");
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    char32_t low = 0;
    if (text_.substr(pos_, 2) != "\\u") {
      return fail(ErrorCode::parse, escape_offset, "high surrogate escape without a low surrogate");
    }
    pos_ += 2;
    if (!parse_hex4(low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) {
      return fail(ErrorCode::parse, escape_offset, "high surrogate escape without a low surrogate");
    }
    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, unit);
  return true;
}

bool Parser::parse_hex4(char32_t& unit) {
  unit = 0;
  for (int i = 0; i < 4; ++i) {
    const auto digit = at_end() ? std::nullopt : hex_digit_value(text_[pos_]);
    if (!digit) return fail_unexpected("a hex digit of a \\u escape");
    unit = unit * 16 + static_cast<char32_t>(*digit);
    ++pos_;
  }
  return true;
}

// RFC 8259 number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
bool Parser::parse_number(Value& out) {
  const std::size_t start = pos_;
  const bool negative = consume('-');
  std::string digits;
  if (!read_digits(digits)) return fail_unexpected("a digit");
  if (digits.size() > 1 && digits[0] == '0') {
    return fail(ErrorCode::parse, start, "number with a leading zero");
  }
  long long exponent = 0;
  if (consume('.')) {
    const std::size_t integer_digits = digits.size();
    if (!read_digits(digits)) return fail_unexpected("a digit after '.'");
    exponent -= static_cast<long long>(digits.size() - integer_digits);
  }
  if (consume('e') || consume('E')) {
    const bool negative_exponent = consume('-');
    if (!negative_exponent) consume('+');
    if (at_end() || text_[pos_] < '0' || text_[pos_] > '9') return fail_unexpected("a digit of the exponent");
    const long long written_exponent = read_exponent();
    exponent += negative_exponent ? -written_exponent : written_exponent;
  }
  const double magnitude = decimal_to_double(digits, exponent);
  if (std::isinf(magnitude)) {
    return fail(
        ErrorCode::parse, start,
        "number " + printable_excerpt(text_.substr(start, pos_ - start)) + " is too large for a double");
  }
  out = Value(negative ? -magnitude : magnitude);
  return true;
}

bool Parser::read_digits(std::string& digits) {
  const std::size_t start = pos_;
  while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') digits += text_[pos_++];
  return pos_ > start;
}

// Saturates beyond kMaxDecimalExponent (clamped later anyway).
long long Parser::read_exponent() {
  long long value = 0;
  while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') {
    if (value < kMaxDecimalExponent) value = value * 10 + (text_[pos_] - '0');
    ++pos_;
  }
  return value;
}

bool Parser::parse_literal(Value& out) {
  const std::string_view rest = text_.substr(pos_);
  if (rest.starts_with("true")) {
    out = Value(true);
    pos_ += 4;
  } else if (rest.starts_with("false")) {
    out = Value(false);
    pos_ += 5;
  } else if (rest.starts_with("null")) {
    out = Value(nullptr);
    pos_ += 4;
  } else {
    return fail_unexpected("a JSON value");
  }
  return true;
}

bool Parser::consume(char c) {
  if (!next_is(c)) return false;
  ++pos_;
  return true;
}

void Parser::skip_whitespace() {
  while (!at_end() &&
         (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
    ++pos_;
  }
}

bool Parser::fail(ErrorCode code, std::size_t offset, const std::string& problem) {
  const char* what = code == ErrorCode::limit ? "JSON beyond a limit" : "invalid JSON";
  error_ = make_error(
      code, std::string(source_) + ": " + what + " at byte " + std::to_string(offset) + ": " + problem);
  return false;
}

bool Parser::fail_unexpected(std::string_view expected) {
  const std::string found =
      at_end() ? "the end of the text" : "'" + printable_excerpt(text_.substr(pos_, 1)) + "'";
  return fail(ErrorCode::parse, pos_, "found " + found + ", expected " + std::string(expected));
}

// [Writer] --------------------------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(bool pretty) : pretty_(pretty) {}

  void value(const Value& value, int depth);
  std::string take() { return std::move(out_); }

 private:
  void array(const Array& elements, int depth);
  void object(const Object& members, int depth);
  void newline(int depth);

  bool pretty_;
  std::string out_;
};

void Writer::value(const Value& value, int depth) {
  switch (value.type()) {
    case Type::null:
      out_ += "null";
      return;
    case Type::boolean:
      out_ += value.as_bool() ? "true" : "false";
      return;
    case Type::number:
      out_ += format_number(value.as_number());
      return;
    case Type::string:
      append_quoted(out_, value.as_string());
      return;
    case Type::array:
      array(value.as_array(), depth);
      return;
    case Type::object:
      object(value.as_object(), depth);
      return;
  }
}

void Writer::array(const Array& elements, int depth) {
  out_ += '[';
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out_ += ',';
    newline(depth + 1);
    value(elements[i], depth + 1);
  }
  if (!elements.empty()) newline(depth);
  out_ += ']';
}

void Writer::object(const Object& members, int depth) {
  out_ += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out_ += ',';
    newline(depth + 1);
    append_quoted(out_, members[i].first);
    out_ += pretty_ ? ": " : ":";
    value(members[i].second, depth + 1);
  }
  if (!members.empty()) newline(depth);
  out_ += '}';
}

void Writer::newline(int depth) {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(static_cast<std::size_t>(depth) * 2, ' ');
}

std::string write_with(const Value& value, bool pretty) {
  Writer writer(pretty);
  writer.value(value, 0);
  return writer.take();
}

}  // namespace

// [Value] ---------------------------------------------------------------------------------------

const char* type_name(Type type) {
  switch (type) {
    case Type::null:
      return "null";
    case Type::boolean:
      return "boolean";
    case Type::number:
      return "number";
    case Type::string:
      return "string";
    case Type::array:
      return "array";
    case Type::object:
      return "object";
  }
  return "unknown";
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const Member& member : as_object()) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

void Value::set(std::string key, Value value) {
  assert(is_object());
  for (Member& member : as_object()) {
    if (member.first == key) {
      member.second = std::move(value);
      return;
    }
  }
  as_object().emplace_back(std::move(key), std::move(value));
}

// [Parse] / [Write] -----------------------------------------------------------------------------

Result<Value> parse(std::string_view text, std::string_view source, const ParseLimits& limits) {
  return Parser(text, source, limits).run();
}

std::string write(const Value& value) {
  return write_with(value, false);
}

std::string write_pretty(const Value& value) {
  return write_with(value, true);
}

}  // namespace hs::json
