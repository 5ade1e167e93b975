// HTTP Range request helpers shared by the native (libcurl) and browser (fetch) HTTP stores: URL
// paths for keys, coalescing byte ranges into few requests, parsing Content-Range, and cutting the
// answer of one request back into the ranges asked for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "util/bytes.h"
#include "util/result.h"

namespace hs {

// A key as a URL path: keeps A-Z a-z 0-9 - . _ ~ and '/', writes every other byte as %XX.
std::string percent_encode_key(std::string_view key);

// One "Range: bytes=offset-(offset+length-1)" request serving the ranges at `members` (indexes
// into the caller's list). length == 0 when every member is empty: such a group needs no bytes,
// only a check that the value exists and reaches `offset`.
struct RangeRequest {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::vector<std::size_t> members;
};

// Groups ranges whose gaps are at most `max_gap_bytes` (adjacent and overlapping ones included)
// into one request each, in increasing offset. ErrorCode::parse naming `source` ("truncated")
// when a range's end overflows 64 bits.
Result<std::vector<RangeRequest>> plan_range_requests(std::span<const ByteRange> ranges,
                                                      std::uint64_t max_gap_bytes, std::string_view source);

// A parsed Content-Range header value: "bytes first-last/total", "bytes first-last/*" or, in a
// 416 answer, "bytes */total" (satisfied == false).
struct ContentRange {
  bool satisfied = true;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::optional<std::uint64_t> total;
};

// nullopt when the text is malformed (bad numbers, first > last, last >= total, other units).
std::optional<ContentRange> parse_content_range(std::string_view value);

// Copies the members of `request` out of `body`, the bytes of the value starting at
// `body_offset`, into out[member]. A member reaching past the body's end is an ErrorCode::parse
// error naming `source` ("truncated"), with the value's size when `total` is known.
Status split_range_answer(ByteView body, std::uint64_t body_offset, const RangeRequest& request,
                          std::span<const ByteRange> ranges, std::optional<std::uint64_t> total,
                          std::string_view source, std::vector<Bytes>& out);

}  // namespace hs
