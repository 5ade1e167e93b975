// fill_value: every JSON form of the spec for each type, range checks, and the written form.
#include <catch2/catch.hpp>

#include <cmath>

#include "store/fill_value.h"
#include "store_test_util.h"

namespace hs {
namespace {

Bytes fill(std::string_view json_text, DataType type) {
  Result<Bytes> value =
      parse_fill_value(test::parse_json(json_text), type, "mem/a/zarr.json: \"fill_value\"");
  INFO(json_text);
  REQUIRE(value.ok());
  return *value;
}

Error fill_error(std::string_view json_text, DataType type) {
  Result<Bytes> value =
      parse_fill_value(test::parse_json(json_text), type, "mem/a/zarr.json: \"fill_value\"");
  INFO(json_text);
  REQUIRE_FALSE(value.ok());
  CHECK_THAT(value.error().message, Catch::Contains("mem/a/zarr.json"));
  return value.error();
}

}  // namespace

TEST_CASE("fill values of integer and bool types", "[store][fill_value]") {
  CHECK(fill("true", DataType::boolean) == Bytes{1});
  CHECK(fill("false", DataType::boolean) == Bytes{0});
  CHECK(fill("-1", DataType::int8) == Bytes{0xFF});
  CHECK(fill("-2", DataType::int16) == Bytes{0xFE, 0xFF});
  CHECK(fill("65535", DataType::uint16) == Bytes{0xFF, 0xFF});
  CHECK(fill("305419896", DataType::uint32) == Bytes{0x78, 0x56, 0x34, 0x12});
  CHECK(fill("-9007199254740992", DataType::int64) == Bytes{0, 0, 0, 0, 0, 0, 0xE0, 0xFF});
  CHECK(fill("4294967296", DataType::uint64) == Bytes{0, 0, 0, 0, 1, 0, 0, 0});
  CHECK(fill("1e2", DataType::uint8) == Bytes{100});

  fill_error("1", DataType::boolean);
  fill_error("256", DataType::uint8);
  fill_error("-1", DataType::uint32);
  fill_error("-129", DataType::int8);
  fill_error("2147483648", DataType::int32);
  fill_error("1.5", DataType::int16);
  fill_error("\"0x01\"", DataType::uint8);
  fill_error("\"NaN\"", DataType::int32);
  fill_error("null", DataType::uint16);
  CHECK(fill_error("18446744073709551615", DataType::uint64).code == ErrorCode::unsupported);
}

TEST_CASE("fill values of float types: numbers, NaN, infinities and hex bits", "[store][fill_value]") {
  CHECK(fill("0.5", DataType::float32) == Bytes{0, 0, 0, 0x3F});
  CHECK(fill("-2", DataType::float64) == Bytes{0, 0, 0, 0, 0, 0, 0, 0xC0});
  CHECK(fill("\"NaN\"", DataType::float32) == Bytes{0x00, 0x00, 0xC0, 0x7F});
  CHECK(fill("\"NaN\"", DataType::float64) == Bytes{0, 0, 0, 0, 0, 0, 0xF8, 0x7F});
  CHECK(fill("\"Infinity\"", DataType::float32) == Bytes{0, 0, 0x80, 0x7F});
  CHECK(fill("\"-Infinity\"", DataType::float64) == Bytes{0, 0, 0, 0, 0, 0, 0xF0, 0xFF});
  CHECK(fill("\"0x7fc00000\"", DataType::float32) == Bytes{0x00, 0x00, 0xC0, 0x7F});
  CHECK(fill("\"0x7FC00001\"", DataType::float32) == Bytes{0x01, 0x00, 0xC0, 0x7F});
  CHECK(fill("\"0x3ff0000000000000\"", DataType::float64) == Bytes{0, 0, 0, 0, 0, 0, 0xF0, 0x3F});
  CHECK(fill("3.4028234663852886e38", DataType::float32) == Bytes{0xFF, 0xFF, 0x7F, 0x7F});

  fill_error("\"0x7fc0000\"", DataType::float32);   // 7 digits
  fill_error("\"0x7fc00000\"", DataType::float64);  // 8 digits for 8 bytes
  fill_error("\"0x7fc0000g\"", DataType::float32);
  fill_error("\"nan\"", DataType::float32);
  fill_error("\"inf\"", DataType::float64);
  fill_error("1e39", DataType::float32);
  fill_error("true", DataType::float32);
}

TEST_CASE("fill values are written in the spec's JSON forms", "[store][fill_value]") {
  const auto written = [](const Bytes& element, DataType type) {
    return json::write(fill_value_to_json(element, type));
  };
  CHECK(written(Bytes{0x00, 0x00, 0xC0, 0x7F}, DataType::float32) == "\"NaN\"");
  CHECK(written(Bytes{0x01, 0x00, 0xC0, 0x7F}, DataType::float32) == "\"0x7fc00001\"");
  CHECK(written(Bytes{0, 0, 0x80, 0xFF}, DataType::float32) == "\"-Infinity\"");
  CHECK(written(Bytes{0, 0, 0, 0x3F}, DataType::float32) == "0.5");
  CHECK(written(Bytes{0xFE, 0xFF}, DataType::int16) == "-2");
  CHECK(written(Bytes{1}, DataType::boolean) == "true");
  CHECK(written(Bytes{0xFF, 0xFF, 0xFF, 0xFF}, DataType::uint32) == "4294967295");
}

}  // namespace hs
