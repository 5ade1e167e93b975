// Writing: create_array / write_chunk layouts compared with bytes built by hand, fill-valued
// chunks and shards not written, the index at its configured place, and invalid metadata refused
// before anything is stored.
#include <catch2/catch.hpp>

#include "store/zarr_writer.h"
#include "store_test_util.h"

namespace hs {
namespace {

ArrayMetadata metadata_for(std::vector<std::uint64_t> shape, std::vector<std::uint64_t> chunk_shape,
                           DataType type, Bytes fill, std::string_view codecs) {
  ArrayMetadata metadata;
  metadata.shape = std::move(shape);
  metadata.chunk_shape = std::move(chunk_shape);
  metadata.data_type = type;
  metadata.fill_value = std::move(fill);
  metadata.codecs = test::parse_json(codecs);
  return metadata;
}

}  // namespace

TEST_CASE("create_array writes a zarr.json that opens to the same metadata", "[store][zarr_writer]") {
  MemoryStore store("mem");
  ArrayMetadata metadata =
      metadata_for({100, 200, 3}, {64, 64, 3}, DataType::float32, Bytes{0, 0, 0xC0, 0x7F},
                   R"([{"name":"bytes","configuration":{"endian":"little"}},
                                            {"name":"zstd","configuration":{"level":3,"checksum":false}}])");
  metadata.chunk_key_encoding = {ChunkKeyEncoding::Kind::v2, '/'};
  metadata.dimension_names = std::vector<std::optional<std::string>>{"z", "y", std::nullopt};
  metadata.attributes.emplace_back("unit", json::Value("angstrom"));
  Result<ZarrArray> created = create_array(store, "xrd/0", metadata);
  REQUIRE(created.ok());
  const json::Value document = test::parse_json(test::bytes_text(store.get("xrd/0/zarr.json")->value()));
  CHECK(json::write(*document.find("fill_value")) == "\"NaN\"");
  CHECK(json::write(*document.find("dimension_names")) == R"(["z","y",null])");
  CHECK(json::write(*document.find("chunk_key_encoding")) ==
        R"({"name":"v2","configuration":{"separator":"/"}})");

  Result<ZarrArray> opened = ZarrArray::open(store, "xrd/0");
  REQUIRE(opened.ok());
  CHECK(json::write(array_metadata_to_json(opened->metadata())) ==
        json::write(array_metadata_to_json(metadata)));
  CHECK(opened->chunk_key(std::vector<std::uint64_t>{1, 2, 0}) == "xrd/0/1/2/0");
}

TEST_CASE("write_chunk stores encoded chunks and leaves fill-only ones out", "[store][zarr_writer]") {
  MemoryStore store("mem");
  Result<ZarrArray> array =
      create_array(store, "a",
                   metadata_for({4, 3}, {2, 3}, DataType::uint16, test::u16_le({5}),
                                R"([{"name":"bytes","configuration":{"endian":"big"}},"crc32c"])"));
  REQUIRE(array.ok());
  REQUIRE(write_chunk(store, *array, std::vector<std::uint64_t>{1, 0}, test::u16_le({1, 2, 3, 0x0A0B, 5, 6}))
              .ok());
  CHECK(store.get("a/c/1/0")->value() == test::with_crc32c(Bytes{0, 1, 0, 2, 0, 3, 0x0A, 0x0B, 0, 5, 0, 6}));
  // Only fill values: nothing stored, and an older chunk is removed.
  REQUIRE(
      write_chunk(store, *array, std::vector<std::uint64_t>{0, 0}, test::u16_le({5, 5, 5, 5, 5, 5})).ok());
  CHECK_FALSE(store.get("a/c/0/0")->has_value());
  REQUIRE(
      write_chunk(store, *array, std::vector<std::uint64_t>{1, 0}, test::u16_le({5, 5, 5, 5, 5, 5})).ok());
  CHECK_FALSE(store.get("a/c/1/0")->has_value());

  const Status outside =
      write_chunk(store, *array, std::vector<std::uint64_t>{2, 0}, test::u16_le({1, 2, 3, 4, 5, 6}));
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.error().code == ErrorCode::invalid_argument);
  CHECK_THAT(outside.error().message, Catch::Contains("mem/a/c/2/0"));
  CHECK(write_chunk(store, *array, std::vector<std::uint64_t>{0, 0}, Bytes(10)).error().code ==
        ErrorCode::invalid_argument);
}

TEST_CASE("sharded writes leave fill inner chunks out and place the index as configured",
          "[store][zarr_writer]") {
  for (const bool at_end : {true, false}) {
    INFO("index at end: " << at_end);
    MemoryStore store("mem");
    Result<ZarrArray> array = create_array(
        store, "arr",
        metadata_for({4, 4}, {4, 4}, DataType::uint16, test::u16_le({7}), test::shard_codecs_json(at_end)));
    REQUIRE(array.ok());
    REQUIRE(
        write_chunk(store, *array, std::vector<std::uint64_t>{0, 0}, test::u16_le(test::kShardValues)).ok());
    // Inner chunks in C order, (0,1) left out: body = (0,0), (1,0), (1,1).
    const std::uint64_t base = at_end ? 0 : 68;
    const Bytes index = test::with_crc32c(test::shard_index_bytes(
        {{base, 8}, {test::kEmptyEntry, test::kEmptyEntry}, {base + 8, 8}, {base + 16, 8}}));
    Bytes expected = at_end ? Bytes() : index;
    for (const Bytes& inner :
         {test::u16_le({1, 2, 11, 12}), test::u16_le({21, 22, 31, 32}), test::u16_le({23, 24, 33, 34})}) {
      expected.insert(expected.end(), inner.begin(), inner.end());
    }
    if (at_end) expected.insert(expected.end(), index.begin(), index.end());
    CHECK(store.get("arr/c/0/0")->value() == expected);

    // A shard of fill values only is not written (and replaces nothing).
    REQUIRE(write_chunk(store, *array, std::vector<std::uint64_t>{0, 0},
                        test::u16_le(std::vector<std::uint16_t>(16, 7)))
                .ok());
    CHECK_FALSE(store.get("arr/c/0/0")->has_value());
  }
}

TEST_CASE("create_array refuses metadata that cannot be read back, writing nothing", "[store][zarr_writer]") {
  MemoryStore store("mem");
  const std::string little = R"([{"name":"bytes","configuration":{"endian":"little"}}])";
  const std::vector<std::pair<ArrayMetadata, std::string>> cases = {
      {metadata_for({4}, {2}, DataType::int64, Bytes{0, 0, 0, 0, 0, 0, 0, 0x10}, little), "2^53"},
      {metadata_for({4}, {2}, DataType::uint8, Bytes{0}, R"(["bytes","bytes"])"),
       "second array->bytes codec"},
      {metadata_for({4}, {0}, DataType::uint8, Bytes{0}, little), "must be positive"},
      {metadata_for({4}, {2, 2}, DataType::uint8, Bytes{0}, little), "dimensions"},
  };
  for (const auto& [metadata, text] : cases) {
    Result<ZarrArray> array = create_array(store, "bad", metadata);
    INFO(text);
    REQUIRE_FALSE(array.ok());
    CHECK_THAT(array.error().message, Catch::Contains("mem/bad/zarr.json") && Catch::Contains(text));
    CHECK_FALSE(store.get("bad/zarr.json")->has_value());
  }
  CHECK(
      create_array(store, "a/../b", metadata_for({4}, {2}, DataType::uint8, Bytes{0}, little)).error().code ==
      ErrorCode::invalid_argument);
}

}  // namespace hs
