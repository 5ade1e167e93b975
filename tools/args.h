// Strict parsing of command-line values: numbers, comma lists, z,y,x triples.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs::cli {

std::vector<std::string> split_list(std::string_view text, char separator = ',');
// The whole text must be a finite number (no trailing characters).
std::optional<double> parse_number(std::string_view text);
std::optional<std::uint64_t> parse_count(std::string_view text);
// "V" (same on all axes) or "Z,Y,X".
std::optional<std::array<double, 3>> parse_triple(std::string_view text);

}  // namespace hs::cli
