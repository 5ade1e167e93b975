// Strict parsing of command-line values.
#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace hs::cli {

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::optional<double> parse_number(std::string_view text) {
  const std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return std::stoull(std::string(text));
}

std::optional<std::array<double, 3>> parse_triple(std::string_view text) {
  const std::vector<std::string> parts = split_list(text);
  if (parts.size() == 1) {
    const auto v = parse_number(parts[0]);
    if (!v) return std::nullopt;
    return std::array<double, 3>{*v, *v, *v};
  }
  if (parts.size() != 3) return std::nullopt;
  std::array<double, 3> out{};
  for (int i = 0; i < 3; ++i) {
    const auto v = parse_number(parts[i]);
    if (!v) return std::nullopt;
    out[i] = *v;
  }
  return out;
}

}  // namespace hs::cli
