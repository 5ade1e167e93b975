// Text helpers shared by the RRNG and RNG range-file parsers: reading a whole (small) file,
// numbered content lines, whitespace fields, and decimals with '.' or ',' as the radix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "util/result.h"

namespace hs {

// Range files are a few kB; anything past this is not one.
inline constexpr std::uint64_t kMaxRangeFileBytes = std::uint64_t{16} << 20;

// The whole file as text; an error naming the file if it exceeds kMaxRangeFileBytes.
Result<std::string> read_range_text(ByteSource& source);

struct TextLine {
  std::size_t number = 0;  // 1-based, counting every line of the file
  std::string_view text;   // without the line ending, surrounding spaces and tabs removed
};

// Lines split at "\n", "\r\n" or "\r", trimmed, a leading UTF-8 byte order mark dropped. Blank lines
// and comment lines (first character '#') are left out.
std::vector<TextLine> content_lines(std::string_view text);

std::string_view trim(std::string_view text);

// Fields separated by runs of spaces and tabs.
std::vector<std::string_view> split_fields(std::string_view text);

// A finite decimal: optional sign, digits with at most one '.' or ',' as the radix, optional
// exponent ("1.5", "-2,25", "3e-2"). Independent of the C locale. nullopt for anything else.
std::optional<double> parse_decimal(std::string_view token);

// Up to 9 ASCII digits, nothing else.
std::optional<std::uint32_t> parse_count(std::string_view token);

// "file.rrng: line 12: " for messages.
std::string line_prefix(std::string_view source, const TextLine& line);

}  // namespace hs
