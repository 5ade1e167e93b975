// Array zarr.json: a complete document read field by field, the strictness cases (each rejected
// with a message naming the array), extensions, and writing back.
#include <catch2/catch.hpp>

#include "store/array_metadata.h"
#include "store_test_util.h"

namespace hs {
namespace {

const std::string kSource = "mem/volumes/raw/zarr.json";

const std::string kBase = R"({
  "zarr_format": 3,
  "node_type": "array",
  "shape": [10, 20],
  "data_type": "uint16",
  "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [5, 8]}},
  "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
  "fill_value": 0,
  "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
  "attributes": {"units": "nm"},
  "dimension_names": ["y", null],
  "storage_transformers": []
})";

// kBase with the first `from` replaced by `to` (which must be there).
std::string edited(std::string_view from, std::string_view to) {
  std::string text = kBase;
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

void rejected(const std::string& text, ErrorCode code, std::string_view message) {
  Result<ArrayMetadata> metadata = parse_array_metadata(test::parse_json(text), kSource);
  INFO(text);
  REQUIRE_FALSE(metadata.ok());
  CHECK(metadata.error().code == code);
  CHECK_THAT(metadata.error().message, Catch::StartsWith(kSource) && Catch::Contains(std::string(message)));
}

}  // namespace

TEST_CASE("array metadata is read field by field", "[store][array_metadata]") {
  Result<ArrayMetadata> metadata = parse_array_metadata(test::parse_json(kBase), kSource);
  REQUIRE(metadata.ok());
  CHECK(metadata->shape == std::vector<std::uint64_t>{10, 20});
  CHECK(metadata->data_type == DataType::uint16);
  CHECK(metadata->chunk_shape == std::vector<std::uint64_t>{5, 8});
  CHECK(metadata->chunk_key_encoding == ChunkKeyEncoding{ChunkKeyEncoding::Kind::standard, '/'});
  CHECK(metadata->fill_value == Bytes{0, 0});
  REQUIRE(metadata->codecs.is_array());
  CHECK(metadata->codecs.as_array().size() == 1);
  REQUIRE(metadata->dimension_names.has_value());
  CHECK(metadata->dimension_names->at(0) == std::optional<std::string>("y"));
  CHECK_FALSE(metadata->dimension_names->at(1).has_value());
  REQUIRE(metadata->attributes.size() == 1);
  CHECK(metadata->attributes[0].second.as_string() == "nm");
  CHECK(chunk_grid_shape(*metadata) == std::vector<std::uint64_t>{2, 3});

  // Writing and reading back gives the same metadata.
  const std::string written = json::write(array_metadata_to_json(*metadata));
  Result<ArrayMetadata> again = parse_array_metadata(test::parse_json(written), kSource);
  REQUIRE(again.ok());
  CHECK(json::write(array_metadata_to_json(*again)) == written);
  CHECK(again->fill_value == metadata->fill_value);

  // Optional members may be absent; a 0-d array has empty shapes.
  const std::string scalar = R"({"zarr_format":3,"node_type":"array","shape":[],"data_type":"float32",
      "chunk_grid":{"name":"regular","configuration":{"chunk_shape":[]}},
      "chunk_key_encoding":{"name":"v2"},"fill_value":"NaN","codecs":[{"name":"bytes","configuration":{"endian":"little"}}]})";
  Result<ArrayMetadata> zero_d = parse_array_metadata(test::parse_json(scalar), kSource);
  REQUIRE(zero_d.ok());
  CHECK(zero_d->shape.empty());
  CHECK(zero_d->chunk_key_encoding.separator == '.');
}

TEST_CASE("array metadata strictness: each problem is named with the array", "[store][array_metadata]") {
  const ErrorCode parse = ErrorCode::parse;
  const ErrorCode unsupported = ErrorCode::unsupported;
  rejected(edited("\"zarr_format\": 3", "\"zarr_format\": 2"), unsupported, "\"zarr_format\" must be 3");
  rejected(edited("\"node_type\": \"array\"", "\"node_type\": \"group\""), parse, "not an array");
  rejected(edited("\"shape\": [10, 20],", ""), parse, "missing \"shape\"");
  rejected(edited("[10, 20]", "[10, -20]"), parse, "\"shape\"[1]");
  rejected(edited("[10, 20]", "[10, 2.5]"), parse, "integer");
  rejected(edited("[10, 20]", "[10, 1e300]"), unsupported, "2^53");
  rejected(edited("[5, 8]", "[5, 0]"), parse, "must be positive");
  rejected(edited("[5, 8]", "[5]"), parse, "\"chunk_shape\" has 1 dimensions");
  rejected(edited("\"name\": \"regular\"", "\"name\": \"rectilinear\""), unsupported,
           "chunk grid 'rectilinear'");
  rejected(edited("\"uint16\"", "\"float16\""), unsupported, "data_type 'float16'");
  rejected(edited("\"uint16\"", "{\"name\": \"uint16\"}"), unsupported, "\"data_type\"");
  rejected(edited("\"name\": \"default\"", "\"name\": \"v9\""), unsupported, "chunk key encoding 'v9'");
  rejected(edited("\"separator\": \"/\"", "\"separator\": \"-\""), parse, "\"separator\"");
  rejected(edited("\"fill_value\": 0", "\"fill_value\": 70000"), parse, "out of range for uint16");
  rejected(edited("\"fill_value\": 0", "\"fill_value\": null"), parse, "\"fill_value\"");
  rejected(edited("\"fill_value\": 0,", ""), parse, "missing \"fill_value\"");
  rejected(edited("\"codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]",
                  "\"codecs\": \"bytes\""),
           parse, "\"codecs\" must be an array");
  rejected(edited("\"storage_transformers\": []", "\"storage_transformers\": [{\"name\": \"x\"}]"),
           unsupported, "storage transformers are not supported");
  rejected(edited("[\"y\", null]", "[\"y\"]"), parse, "\"dimension_names\"");
  rejected(edited("[\"y\", null]", "[\"y\", 3]"), parse, "\"dimension_names\"");
  rejected(edited("{\"units\": \"nm\"}", "[1]"), parse, "\"attributes\" must be an object");
  rejected(edited("[10, 20]", "[4294967296, 4294967296]"), ErrorCode::limit, "2^62");
  rejected(edited("[10, 20]", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"),
           ErrorCode::limit, "33 dimensions");
}

TEST_CASE("unknown members need must_understand false to be ignored", "[store][array_metadata]") {
  rejected(edited("\"zarr_format\": 3,", "\"zarr_format\": 3, \"foo\": 1,"), ErrorCode::unsupported, "'foo'");
  rejected(edited("\"zarr_format\": 3,", "\"zarr_format\": 3, \"foo\": {\"must_understand\": true},"),
           ErrorCode::unsupported, "'foo'");
  rejected(edited("\"zarr_format\": 3,", "\"zarr_format\": 3, \"foo\": {\"value\": 2},"),
           ErrorCode::unsupported, "'foo'");
  Result<ArrayMetadata> optional = parse_array_metadata(
      test::parse_json(edited("\"zarr_format\": 3,",
                              "\"zarr_format\": 3, \"foo\": {\"must_understand\": false, "
                              "\"x\": [1]},")),
      kSource);
  CHECK(optional.ok());
  // Inside a configuration, unknown members are errors too.
  rejected(edited("\"chunk_shape\": [5, 8]", "\"chunk_shape\": [5, 8], \"origin\": [0, 0]"),
           ErrorCode::unsupported, "'origin'");
}

}  // namespace hs
