// HTTP Range helpers: key percent-encoding, coalescing ranges into requests, Content-Range
// parsing (valid, unsatisfied, malformed, overflowing) and cutting answers into ranges.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/http_range.h"
#include "store_test_util.h"

namespace hs {
namespace {

TEST_CASE("http_range percent-encodes keys but keeps slashes and unreserved characters", "[http_range]") {
  CHECK(percent_encode_key("a/c/0/1") == "a/c/0/1");
  CHECK(percent_encode_key("A-z_0.9~") == "A-z_0.9~");
  CHECK(percent_encode_key("my data/x y#?%") == "my%20data/x%20y%23%3F%25");
  CHECK(percent_encode_key("\xC3\xA9") == "%C3%A9");  // UTF-8 e-acute, byte by byte
  CHECK(percent_encode_key(std::string_view("\0+", 2)) == "%00%2B");
}

TEST_CASE("http_range coalesces near and adjacent ranges and keeps far ones apart", "[http_range]") {
  const std::vector<ByteRange> ranges{{100, 10}, {0, 4}, {4, 4}, {50'000, 5}, {110 + 16, 2}, {2, 1}};
  Result<std::vector<RangeRequest>> plan = plan_range_requests(ranges, 16, "u");
  REQUIRE(plan.ok());
  REQUIRE(plan->size() == 3);
  // [0,8) from ranges 1, 5 (inside), 2 (adjacent); the gap to 100 is 92 > 16.
  CHECK((*plan)[0].offset == 0);
  CHECK((*plan)[0].length == 8);
  CHECK((*plan)[0].members == std::vector<std::size_t>{1, 5, 2});
  // [100,128): range 4 starts exactly 16 bytes after range 0 ends.
  CHECK((*plan)[1].offset == 100);
  CHECK((*plan)[1].length == 28);
  CHECK((*plan)[1].members == std::vector<std::size_t>{0, 4});
  CHECK((*plan)[2].offset == 50'000);
  CHECK((*plan)[2].length == 5);

  SECTION("a gap one byte larger than allowed splits") {
    const std::vector<ByteRange> two{{0, 10}, {27, 1}};
    CHECK(plan_range_requests(two, 16, "u")->size() == 2);
    CHECK(plan_range_requests(two, 17, "u")->size() == 1);
  }
  SECTION("empty ranges alone make a request of no bytes") {
    const std::vector<ByteRange> empty{{40, 0}};
    Result<std::vector<RangeRequest>> only = plan_range_requests(empty, 16, "u");
    REQUIRE(only->size() == 1);
    CHECK((*only)[0].offset == 40);
    CHECK((*only)[0].length == 0);
  }
  SECTION("no ranges, no requests") {
    CHECK(plan_range_requests({}, 16, "u")->empty());
  }
  SECTION("a range whose end overflows is a truncation error naming the source") {
    const std::vector<ByteRange> huge{{~std::uint64_t{0} - 1, 3}};
    Result<std::vector<RangeRequest>> bad = plan_range_requests(huge, 16, "http://h/k");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("http://h/k") && Catch::Contains("truncated"));
  }
}

TEST_CASE("http_range parses Content-Range values", "[http_range]") {
  std::optional<ContentRange> range = parse_content_range(" bytes 10-19/100\r");
  REQUIRE(range.has_value());
  CHECK(range->satisfied);
  CHECK(range->first == 10);
  CHECK(range->last == 19);
  CHECK(range->total == std::optional<std::uint64_t>(100));

  range = parse_content_range("Bytes 0-0/*");
  REQUIRE(range.has_value());
  CHECK_FALSE(range->total.has_value());

  range = parse_content_range("bytes */0");
  REQUIRE(range.has_value());
  CHECK_FALSE(range->satisfied);
  CHECK(range->total == std::optional<std::uint64_t>(0));

  range = parse_content_range("bytes 0-18446744073709551614/18446744073709551615");
  REQUIRE(range.has_value());
  CHECK(range->last == 18446744073709551614u);

  for (const char* bad : {"", "bytes", "bytes 1-2", "bytes 5-4/10", "bytes 0-10/10", "bytes */*", "items 0-1/2",
                          "bytes -1-2/3", "bytes 1--2/3", "bytes 0-1/18446744073709551616", "bytes 0x1-2/3",
                          "bytes 1-2/3 4", "bytes 1 - 2/3"}) {
    INFO(bad);
    CHECK_FALSE(parse_content_range(bad).has_value());
  }
}

TEST_CASE("http_range cuts an answer into the ranges asked for and reports short answers", "[http_range]") {
  const Bytes body = test::text_bytes("ABCDEFGHIJ");  // bytes 100..109 of the value
  const std::vector<ByteRange> ranges{{105, 5}, {0, 1}, {100, 2}, {110, 0}};
  RangeRequest request{100, 10, {0, 2, 3}};
  std::vector<Bytes> out(ranges.size());
  REQUIRE(split_range_answer(body, 100, request, ranges, 110, "u", out).ok());
  CHECK(test::bytes_text(out[0]) == "FGHIJ");
  CHECK(out[1].empty());  // not a member
  CHECK(test::bytes_text(out[2]) == "AB");
  CHECK(out[3].empty());

  const std::vector<ByteRange> beyond{{108, 4}};
  RangeRequest short_request{100, 12, {0}};
  Status status = split_range_answer(body, 100, short_request, beyond, 110, "http://h/k", out);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message == "http://h/k: truncated: bytes 108+4 requested, the value has 110");
  status = split_range_answer(body, 100, short_request, beyond, std::nullopt, "http://h/k", out);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message == "http://h/k: truncated: bytes 108+4 requested, the server sent bytes 100+10");
  const std::vector<ByteRange> before{{99, 2}};
  CHECK_FALSE(split_range_answer(body, 100, RangeRequest{99, 2, {0}}, before, 110, "u", out).ok());
}

}  // namespace
}  // namespace hs
