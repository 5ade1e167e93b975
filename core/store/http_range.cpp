// HTTP Range helpers: percent-encoding, range coalescing, Content-Range parsing, answer splitting.
#include "store/http_range.h"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "io/ascii_case.h"

namespace hs {
namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '/';
}

// A whole decimal number without sign or spaces.
std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string percent_encode_key(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (is_unreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    }
  }
  return out;
}

Result<std::vector<RangeRequest>> plan_range_requests(std::span<const ByteRange> ranges,
                                                      std::uint64_t max_gap_bytes, std::string_view source) {
  for (const ByteRange& range : ranges) {
    if (range.length > ~std::uint64_t{0} - range.offset) {
      return make_error(ErrorCode::parse, std::string(source) + ": truncated: bytes " +
                                              std::to_string(range.offset) + "+" + std::to_string(range.length) +
                                              " requested, beyond any value's end");
    }
  }
  std::vector<std::size_t> order(ranges.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ranges[a].offset < ranges[b].offset; });
  std::vector<RangeRequest> requests;
  std::uint64_t end = 0;  // of the last request
  for (const std::size_t index : order) {
    const ByteRange& range = ranges[index];
    const bool joins = !requests.empty() && (range.offset <= end || range.offset - end <= max_gap_bytes);
    if (!joins) {
      requests.push_back(RangeRequest{range.offset, 0, {}});
      end = range.offset;
    }
    end = std::max(end, range.offset + range.length);
    RangeRequest& request = requests.back();
    request.length = end - request.offset;
    request.members.push_back(index);
  }
  return requests;
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  constexpr std::string_view kSpace = " \t\r\n";
  while (!value.empty() && kSpace.find(value.front()) != std::string_view::npos) value.remove_prefix(1);
  while (!value.empty() && kSpace.find(value.back()) != std::string_view::npos) value.remove_suffix(1);
  constexpr std::string_view kUnit = "bytes ";
  if (!starts_with_ignoring_case(value, kUnit)) return std::nullopt;
  value.remove_prefix(kUnit.size());
  const std::size_t slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view span = value.substr(0, slash);
  const std::string_view total_text = value.substr(slash + 1);
  ContentRange out;
  if (total_text != "*") {
    out.total = parse_decimal(total_text);
    if (!out.total) return std::nullopt;
  }
  if (span == "*") {
    if (!out.total) return std::nullopt;  // "bytes */*" says nothing
    out.satisfied = false;
    return out;
  }
  const std::size_t dash = span.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::optional<std::uint64_t> first = parse_decimal(span.substr(0, dash));
  const std::optional<std::uint64_t> last = parse_decimal(span.substr(dash + 1));
  if (!first || !last || *first > *last || (out.total && *last >= *out.total)) return std::nullopt;
  out.first = *first;
  out.last = *last;
  return out;
}

Status split_range_answer(ByteView body, std::uint64_t body_offset, const RangeRequest& request,
                          std::span<const ByteRange> ranges, std::optional<std::uint64_t> total,
                          std::string_view source, std::vector<Bytes>& out) {
  for (const std::size_t member : request.members) {
    const ByteRange& range = ranges[member];
    const bool inside = range.offset >= body_offset && range.offset - body_offset <= body.size() &&
                        range.length <= body.size() - (range.offset - body_offset);
    if (!inside) {
      std::string message = std::string(source) + ": truncated: bytes " + std::to_string(range.offset) + "+" +
                            std::to_string(range.length) + " requested, ";
      message += total ? "the value has " + std::to_string(*total)
                       : "the server sent bytes " + std::to_string(body_offset) + "+" + std::to_string(body.size());
      return make_error(ErrorCode::parse, std::move(message));
    }
    const auto begin = body.begin() + static_cast<std::ptrdiff_t>(range.offset - body_offset);
    out[member].assign(begin, begin + static_cast<std::ptrdiff_t>(range.length));
  }
  return {};
}

}  // namespace hs
