// Line, field and decimal parsing for range files.
#include "io/range_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <span>

namespace hs {
namespace {

constexpr std::size_t kMaxDecimalChars = 64;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

Result<std::string> read_range_text(ByteSource& source) {
  if (source.size() > kMaxRangeFileBytes) {
    return make_error(ErrorCode::limit, source.name() + ": " + std::to_string(source.size()) +
                                            " bytes is too large for a range file (limit " +
                                            std::to_string(kMaxRangeFileBytes) + ")");
  }
  std::string text(static_cast<std::size_t>(source.size()), '\0');
  Status status = source.read(0, std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
  if (!status) return status.error();
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<TextLine> content_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<TextLine> lines;
  std::size_t number = 1;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.find('\r'));
    const std::string_view line = trim(text.substr(0, end));
    if (!line.empty() && line.front() != '#') lines.push_back({number, line});
    if (end == std::string_view::npos) break;
    const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
    text.remove_prefix(end + (crlf ? 2 : 1));
    ++number;
  }
  return lines;
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && !is_blank(text[end])) ++end;
    if (end > i) fields.push_back(text.substr(i, end - i));
    i = end;
  }
  return fields;
}

std::optional<double> parse_decimal(std::string_view token) {
  if (token.empty() || token.size() > kMaxDecimalChars) return std::nullopt;
  std::size_t i = 0;
  const bool negative = token[i] == '-';
  if (token[i] == '-' || token[i] == '+') ++i;
  std::string digits;
  long exponent = 0;
  bool radix_seen = false;
  for (; i < token.size() && (is_digit(token[i]) || token[i] == '.' || token[i] == ','); ++i) {
    if (token[i] == '.' || token[i] == ',') {
      if (radix_seen) return std::nullopt;
      radix_seen = true;
    } else {
      digits += token[i];
      if (radix_seen) --exponent;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    const bool negative_exponent = i < token.size() && token[i] == '-';
    if (i < token.size() && (token[i] == '-' || token[i] == '+')) ++i;
    if (i == token.size()) return std::nullopt;
    long written = 0;
    for (; i < token.size() && is_digit(token[i]); ++i)
      written = std::min(written * 10 + (token[i] - '0'), 100000L);
    exponent += negative_exponent ? -written : written;
  }
  if (i != token.size()) return std::nullopt;
  // No radix character reaches strtod, so the C locale cannot change the result.
  const std::string text = (negative ? "-" : "") + digits + "e" + std::to_string(exponent);
  const double value = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::uint32_t> parse_count(std::string_view token) {
  if (token.empty() || token.size() > 9 || !std::all_of(token.begin(), token.end(), is_digit))
    return std::nullopt;
  std::uint32_t value = 0;
  for (char c : token) value = value * 10 + static_cast<std::uint32_t>(c - '0');
  return value;
}

std::string line_prefix(std::string_view source, const TextLine& line) {
  return std::string(source) + ": line " + std::to_string(line.number) + ": ";
}

}  // namespace hs
