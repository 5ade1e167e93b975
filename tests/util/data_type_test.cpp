// Element type names and sizes against the Zarr v3 specification's table of core data types.
#include <catch2/catch.hpp>

#include "util/data_type.h"

TEST_CASE("data types: Zarr v3 names round-trip and sizes match the specification", "[data_type]") {
  const struct {
    const char* name;
    std::size_t size;
  } spec[] = {{"bool", 1},   {"int8", 1},   {"int16", 2},  {"int32", 4},   {"int64", 8},  {"uint8", 1},
              {"uint16", 2}, {"uint32", 4}, {"uint64", 8}, {"float32", 4}, {"float64", 8}};
  for (const auto& row : spec) {
    const auto type = hs::parse_data_type(row.name);
    REQUIRE(type.has_value());
    CHECK(hs::data_type_name(*type) == row.name);
    CHECK(hs::data_type_size(*type) == row.size);
  }
  CHECK_FALSE(hs::parse_data_type("float16").has_value());
  CHECK_FALSE(hs::parse_data_type("<f4").has_value());
  CHECK_FALSE(hs::parse_data_type("").has_value());
  CHECK(hs::is_float(hs::DataType::float32));
  CHECK_FALSE(hs::is_float(hs::DataType::int32));
  CHECK(hs::is_signed_integer(hs::DataType::int64));
  CHECK_FALSE(hs::is_signed_integer(hs::DataType::uint8));
}
