// Reading arrays: the hand-built sharded array, fill values for missing data, chunk key
// encodings, transposed and big-endian chunks, hostile shards through the partial-read path,
// request counting (index + needed inner chunks, coalesced), and a multi-shard region checked
// against a formula.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>

#include "store/zarr_array.h"
#include "store/zarr_writer.h"
#include "store_test_util.h"

namespace hs {
namespace {

const std::string kLittle = R"({"name":"bytes","configuration":{"endian":"little"}})";

void put(WritableStore& store, std::string_view key, const Bytes& value) {
  REQUIRE(store.set(key, value).ok());
}
void put(WritableStore& store, std::string_view key, std::string_view text) {
  put(store, key, test::text_bytes(text));
}

// The example sharded array at "arr" (shard stored at arr/c/0/0, or `shard` instead).
void put_example_array(WritableStore& store, bool index_at_end, const Bytes* shard = nullptr) {
  put(store, "arr/zarr.json",
      test::array_json("[4,4]", "uint16", "[4,4]", "7", test::shard_codecs_json(index_at_end)));
  put(store, "arr/c/0/0", shard ? *shard : test::hand_built_shard(index_at_end));
}

ZarrArray open_array(ReadableStore& store, std::string_view path = "arr") {
  Result<ZarrArray> array = ZarrArray::open(store, path);
  if (!array.ok()) FAIL(array.error().message);
  return std::move(*array);
}

std::vector<std::uint16_t> u16_values(const Bytes& bytes) {
  std::vector<std::uint16_t> values(bytes.size() / 2);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = load_le<std::uint16_t>(bytes.data() + 2 * i);
  return values;
}

Result<Bytes> region(const ZarrArray& array, std::vector<std::uint64_t> start,
                     std::vector<std::uint64_t> shape) {
  std::uint64_t elements = 1;
  for (const std::uint64_t e : shape) elements *= e;
  Bytes out(static_cast<std::size_t>(elements * array.element_bytes()), 0xEE);
  DecodeContext context;
  if (Status s = array.read_region(start, shape, out, context); !s) return s.error();
  return out;
}

void check_read_error(ReadableStore& store, std::string_view text) {
  const ZarrArray array = open_array(store);
  Result<Bytes> whole = region(array, {0, 0}, {4, 4});
  REQUIRE_FALSE(whole.ok());
  CHECK(whole.error().code == ErrorCode::parse);
  CHECK_THAT(whole.error().message, Catch::Contains("mem/arr/c/0/0") && Catch::Contains(std::string(text)));
}

}  // namespace

TEST_CASE("the hand-built sharded array reads whole, by brick and by region", "[store][zarr_array]") {
  for (const bool at_end : {true, false}) {
    INFO("index at end: " << at_end);
    MemoryStore store("mem");
    put_example_array(store, at_end);
    const ZarrArray array = open_array(store);
    CHECK(array.reads_partial_shards());
    CHECK(array.brick_shape() == std::vector<std::uint64_t>{2, 2});
    CHECK(array.brick_grid_shape() == std::vector<std::uint64_t>{2, 2});
    Result<Bytes> whole = region(array, {0, 0}, {4, 4});
    REQUIRE(whole.ok());
    CHECK(u16_values(*whole) == test::kShardValues);
    Result<Bytes> part = region(array, {1, 1}, {3, 2});  // rows 1..3, columns 1..2
    REQUIRE(part.ok());
    CHECK(u16_values(*part) == std::vector<std::uint16_t>{12, 7, 22, 23, 32, 33});
    DecodeContext context;
    CHECK(u16_values(*array.read_brick(std::vector<std::uint64_t>{0, 1}, context)) ==
          std::vector<std::uint16_t>{7, 7, 7, 7});
    CHECK(u16_values(*array.read_brick(std::vector<std::uint64_t>{1, 1}, context)) ==
          std::vector<std::uint16_t>{23, 24, 33, 34});
    CHECK(array.read_brick(std::vector<std::uint64_t>{2, 0}, context).error().code ==
          ErrorCode::invalid_argument);
  }
}

TEST_CASE("hostile shards read through an array are errors naming the key", "[store][zarr_array]") {
  const Bytes good = test::hand_built_shard(true);
  const std::uint64_t e = test::kEmptyEntry;
  const auto with_index = [&](const std::vector<std::pair<std::uint64_t, std::uint64_t>>& entries) {
    Bytes shard(good.begin(), good.begin() + 24);
    const Bytes index = test::with_crc32c(test::shard_index_bytes(entries));
    shard.insert(shard.end(), index.begin(), index.end());
    return shard;
  };
  {
    MemoryStore store("mem");
    const Bytes truncated(good.begin(), good.begin() + 50);
    put_example_array(store, true, &truncated);
    check_read_error(store, "truncated shard: 50 bytes cannot hold its 68-byte index");
  }
  {
    MemoryStore store("mem");
    Bytes corrupt = good;
    corrupt[30] ^= 0x04;
    put_example_array(store, true, &corrupt);
    check_read_error(store, "crc32c checksum mismatch");
  }
  {
    MemoryStore store("mem");
    const Bytes past_end = with_index({{8, 8}, {e, e}, {16, 80}, {0, 8}});
    put_example_array(store, true, &past_end);
    check_read_error(store, "inner chunk [1, 0] at offset 16 with 80 bytes lies outside the 92-byte shard");
  }
  {
    MemoryStore store("mem");
    const Bytes overflow = with_index({{8, 8}, {e, e}, {16, 8}, {4, e - 3}});
    put_example_array(store, true, &overflow);
    check_read_error(store, "inner chunk [1, 1]");
  }
  {
    MemoryStore store("mem");
    const Bytes wrong_size = with_index({{8, 8}, {e, e}, {16, 4}, {0, 8}});
    put_example_array(store, true, &wrong_size);
    check_read_error(store, "mem/arr/c/0/0, inner chunk [1, 0]: 4 bytes, expected 8");
  }
}

TEST_CASE("missing chunks and shards read as the fill value", "[store][zarr_array]") {
  MemoryStore store("mem");
  put(store, "u16/zarr.json", test::array_json("[5,5]", "uint16", "[2,2]", "7", "[" + kLittle + "]"));
  put(store, "f32/zarr.json", test::array_json("[3,4]", "float32", "[2,2]", "\"NaN\"", "[" + kLittle + "]"));
  put(store, "inf/zarr.json",
      test::array_json("[3]", "float64", "[2]", "\"-Infinity\"", "[" + kLittle + "]"));
  put(store, "sharded/zarr.json",
      test::array_json("[4,4]", "uint16", "[4,4]", "9", test::shard_codecs_json(true)));

  Result<Bytes> u16 = region(open_array(store, "u16"), {1, 0}, {4, 5});
  REQUIRE(u16.ok());
  CHECK(u16_values(*u16) == std::vector<std::uint16_t>(20, 7));
  Result<Bytes> f32 = region(open_array(store, "f32"), {0, 0}, {3, 4});
  REQUIRE(f32.ok());
  for (std::size_t i = 0; i < 12; ++i) {
    CHECK(load_le<std::uint32_t>(f32->data() + 4 * i) == 0x7FC00000u);
    CHECK(std::isnan(load_f32_le(f32->data() + 4 * i)));
  }
  Result<Bytes> inf = region(open_array(store, "inf"), {0}, {3});
  REQUIRE(inf.ok());
  CHECK(load_f64_le(inf->data() + 16) == -INFINITY);
  Result<Bytes> sharded = region(open_array(store, "sharded"), {0, 0}, {4, 4});
  REQUIRE(sharded.ok());
  CHECK(u16_values(*sharded) == std::vector<std::uint16_t>(16, 9));
  DecodeContext context;
  CHECK(u16_values(*open_array(store, "sharded").read_brick(std::vector<std::uint64_t>{1, 0}, context)) ==
        std::vector<std::uint16_t>(4, 9));
}

TEST_CASE("both chunk key encodings address chunks with either separator", "[store][zarr_array]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"name":"default","configuration":{"separator":"/"}})", "arr/c/1/1"},
      {R"({"name":"default","configuration":{"separator":"."}})", "arr/c.1.1"},
      {R"({"name":"v2","configuration":{"separator":"."}})", "arr/1.1"},
      {R"({"name":"v2","configuration":{"separator":"/"}})", "arr/1/1"},
  };
  for (const auto& [encoding, key] : cases) {
    INFO(encoding);
    MemoryStore store("mem");
    put(store, "arr/zarr.json", test::array_json("[4,6]", "uint8", "[2,3]", "0", "[\"bytes\"]", encoding));
    put(store, key, Bytes{1, 2, 3, 4, 5, 6});
    const ZarrArray array = open_array(store);
    CHECK(array.chunk_key(std::vector<std::uint64_t>{1, 1}) == key);
    Result<Bytes> whole = region(array, {0, 0}, {4, 6});
    REQUIRE(whole.ok());
    CHECK(*whole == Bytes{0, 0, 0, 0, 0, 0,  //
                          0, 0, 0, 0, 0, 0,  //
                          0, 0, 0, 1, 2, 3,  //
                          0, 0, 0, 4, 5, 6});
  }
}

TEST_CASE("transposed and big-endian chunks read as C-order native values", "[store][zarr_array]") {
  MemoryStore store("mem");
  put(store, "t/zarr.json",
      test::array_json("[2,3]", "uint16", "[2,3]", "0",
                       R"([{"name":"transpose","configuration":{"order":[1,0]}},
                           {"name":"bytes","configuration":{"endian":"big"}}])"));
  // [[1,2,3],[4,5,6]] stored column by column, big-endian.
  put(store, "t/c/0/0", Bytes{0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6});
  Result<Bytes> t = region(open_array(store, "t"), {0, 0}, {2, 3});
  REQUIRE(t.ok());
  CHECK(u16_values(*t) == std::vector<std::uint16_t>{1, 2, 3, 4, 5, 6});

  // int32 big-endian in chunks of 2 along 5 elements: the last chunk is stored whole (padded).
  put(store, "be/zarr.json",
      test::array_json("[5]", "int32", "[2]", "0", R"([{"name":"bytes","configuration":{"endian":"big"}}])"));
  put(store, "be/c/0", Bytes{0xFF, 0xFF, 0xFF, 0xFE, 0x00, 0x01, 0x02, 0x03});
  put(store, "be/c/2", Bytes{0x7F, 0xFF, 0xFF, 0xFF, 0xAA, 0xAA, 0xAA, 0xAA});
  Result<Bytes> be = region(open_array(store, "be"), {0}, {5});
  REQUIRE(be.ok());
  Bytes expected;
  for (const std::uint32_t v : {0xFFFFFFFEu, 0x00010203u, 0u, 0u, 0x7FFFFFFFu}) test::put_le(expected, v, 4);
  CHECK(*be == expected);
}

TEST_CASE("a one-brick read fetches only the index and that inner chunk, neighbours are coalesced",
          "[store][zarr_array]") {
  test::CountingStore store;
  const std::string codecs = R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[2,2],
      "codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1}}],
      "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"]}}])";
  put(store, "arr/zarr.json", test::array_json("[8,8]", "uint16", "[8,8]", "0", codecs));
  {
    const ZarrArray writer = open_array(store);
    std::vector<std::uint16_t> values(64);
    for (std::size_t i = 0; i < 64; ++i) values[i] = static_cast<std::uint16_t>(i * 37 + 1);
    REQUIRE(write_chunk(store, writer, std::vector<std::uint64_t>{0, 0}, test::u16_le(values)).ok());
  }
  const std::uint64_t shard_bytes = store.size("arr/c/0/0")->value();
  const std::uint64_t index_bytes = 16 * 16 + 4;
  const ZarrArray array = open_array(store);
  store.reset_counts();

  DecodeContext context;
  Result<Bytes> brick = array.read_brick(std::vector<std::uint64_t>{1, 2}, context);
  REQUIRE(brick.ok());
  // Brick (1,2) holds rows 2..3, columns 4..5.
  CHECK(u16_values(*brick) == std::vector<std::uint16_t>{(2 * 8 + 4) * 37 + 1, (2 * 8 + 5) * 37 + 1,
                                                         (3 * 8 + 4) * 37 + 1, (3 * 8 + 5) * 37 + 1});
  CHECK(store.gets == 0);
  CHECK(store.sizes == 1);
  REQUIRE(store.get_ranges_calls == 2);
  CHECK(store.range_requests[0] == std::vector<ByteRange>{{shard_bytes - index_bytes, index_bytes}});
  REQUIRE(store.range_requests[1].size() == 1);
  CHECK(store.bytes_fetched < shard_bytes);
  CHECK(store.bytes_fetched - index_bytes == store.range_requests[1][0].length);

  // Bricks (2,0), (2,1), (2,2) follow each other in the shard: one call, one range.
  store.reset_counts();
  Result<Bytes> row = region(array, {4, 0}, {2, 6});
  REQUIRE(row.ok());
  CHECK(store.sizes == 0);  // the index is cached
  REQUIRE(store.get_ranges_calls == 1);
  CHECK(store.range_requests[0].size() == 1);
  for (std::size_t y = 0; y < 2; ++y) {
    for (std::size_t x = 0; x < 6; ++x) CHECK(u16_values(*row)[y * 6 + x] == ((4 + y) * 8 + x) * 37 + 1);
  }
  // Bricks (0,0) and (1,0) are not neighbours in the shard: one call with two ranges.
  store.reset_counts();
  REQUIRE(region(array, {0, 0}, {4, 2}).ok());
  REQUIRE(store.get_ranges_calls == 1);
  CHECK(store.range_requests[0].size() == 2);
}

TEST_CASE("a region across several shards and chunk edges matches the formula", "[store][zarr_array]") {
  MemoryStore store("mem");
  const std::string codecs = R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[2,4,2],
      "codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":3}}],
      "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"],"index_location":"start"}}])";
  put(store, "vol/zarr.json", test::array_json("[10,13,7]", "int32", "[4,8,4]", "-1", codecs));
  const ZarrArray array = open_array(store, "vol");
  const auto value = [](std::uint64_t z, std::uint64_t y, std::uint64_t x) {
    return static_cast<std::int32_t>(z * 10000 + y * 100 + x);
  };
  // Every shard but (1,0,1) is written; inside the array's edge the formula, beyond it -1.
  const std::vector<std::uint64_t> missing = {1, 0, 1};
  for (std::uint64_t cz = 0; cz < 3; ++cz) {
    for (std::uint64_t cy = 0; cy < 2; ++cy) {
      for (std::uint64_t cx = 0; cx < 2; ++cx) {
        if (std::vector<std::uint64_t>{cz, cy, cx} == missing) continue;
        Bytes chunk;
        for (std::uint64_t z = cz * 4; z < cz * 4 + 4; ++z)
          for (std::uint64_t y = cy * 8; y < cy * 8 + 8; ++y)
            for (std::uint64_t x = cx * 4; x < cx * 4 + 4; ++x) {
              const bool inside = z < 10 && y < 13 && x < 7;
              test::put_le(chunk, static_cast<std::uint32_t>(inside ? value(z, y, x) : -1), 4);
            }
        REQUIRE(write_chunk(store, array, std::vector<std::uint64_t>{cz, cy, cx}, chunk).ok());
      }
    }
  }
  const std::vector<std::uint64_t> start = {1, 3, 2}, shape = {8, 9, 5};
  Result<Bytes> read = region(array, start, shape);
  REQUIRE(read.ok());
  std::size_t mismatches = 0;
  std::size_t i = 0;
  for (std::uint64_t z = start[0]; z < start[0] + shape[0]; ++z) {
    for (std::uint64_t y = start[1]; y < start[1] + shape[1]; ++y) {
      for (std::uint64_t x = start[2]; x < start[2] + shape[2]; ++x, ++i) {
        const bool in_missing = z / 4 == 1 && y / 8 == 0 && x / 4 == 1;
        const std::int32_t expected = in_missing ? -1 : value(z, y, x);
        mismatches += static_cast<std::int32_t>(load_le<std::uint32_t>(read->data() + 4 * i)) != expected;
      }
    }
  }
  CHECK(i == 8 * 9 * 5);
  CHECK(mismatches == 0);
}

TEST_CASE("region reads check their arguments and stop when cancelled", "[store][zarr_array]") {
  MemoryStore store("mem");
  put_example_array(store, true);
  const ZarrArray array = open_array(store);
  DecodeContext context;
  Bytes out(8);
  const std::vector<std::uint64_t> origin = {0, 0}, two = {2, 2}, past = {3, 3}, flat = {4};
  CHECK(array.read_region(past, two, out, context).error().code == ErrorCode::invalid_argument);
  CHECK(array.read_region(origin, flat, out, context).error().code == ErrorCode::invalid_argument);
  Bytes small(6);
  const Status wrong_size = array.read_region(origin, two, small, context);
  REQUIRE_FALSE(wrong_size.ok());
  CHECK_THAT(wrong_size.error().message, Catch::Contains("mem/arr/zarr.json") && Catch::Contains("8 bytes"));
  std::atomic<bool> cancel{true};
  const Status cancelled = array.read_region(origin, two, out, context, ReadOptions{&cancel});
  REQUIRE_FALSE(cancelled.ok());
  CHECK_THAT(cancelled.error().message, Catch::Contains("cancelled"));
  cancel = false;
  CHECK(array.read_region(origin, two, out, context, ReadOptions{&cancel}).ok());
}

TEST_CASE("sharding behind other codecs decodes whole shards, 0-d arrays read", "[store][zarr_array]") {
  MemoryStore store("mem");
  const std::string codecs = R"([{"name":"transpose","configuration":{"order":[1,0]}},
      {"name":"sharding_indexed","configuration":{"chunk_shape":[2,3],
        "codecs":[{"name":"bytes","configuration":{"endian":"little"}}],
        "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"]}}])";
  put(store, "t/zarr.json", test::array_json("[3,4]", "uint16", "[3,4]", "0", codecs));
  const ZarrArray array = open_array(store, "t");
  CHECK_FALSE(array.reads_partial_shards());
  CHECK(array.brick_shape() == std::vector<std::uint64_t>{3, 4});
  const std::vector<std::uint16_t> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  REQUIRE(write_chunk(store, array, std::vector<std::uint64_t>{0, 0}, test::u16_le(values)).ok());
  Result<Bytes> read = region(array, {0, 0}, {3, 4});
  REQUIRE(read.ok());
  CHECK(u16_values(*read) == values);

  put(store, "scalar/zarr.json", test::array_json("[]", "uint8", "[]", "5", "[\"bytes\"]"));
  const ZarrArray scalar = open_array(store, "scalar");
  CHECK(*region(scalar, {}, {}) == Bytes{5});
  REQUIRE(write_chunk(store, scalar, std::vector<std::uint64_t>{}, Bytes{9}).ok());
  CHECK(store.get("scalar/c")->value() == Bytes{9});
  CHECK(*region(scalar, {}, {}) == Bytes{9});
}

TEST_CASE("opening an array reports missing, wrong or invalid nodes by name", "[store][zarr_array]") {
  MemoryStore store("mem");
  Result<ZarrArray> missing = ZarrArray::open(store, "nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::not_found);
  CHECK_THAT(missing.error().message, Catch::Contains("mem/nope/zarr.json"));
  put(store, "g/zarr.json", R"({"zarr_format":3,"node_type":"group"})");
  CHECK_THAT(ZarrArray::open(store, "g").error().message,
             Catch::Contains("mem/g/zarr.json") && Catch::Contains("not an array"));
  put(store, "bad/zarr.json", test::array_json("[4]", "uint8", "[2]", "0", R"(["bytes","bytes"])"));
  CHECK_THAT(ZarrArray::open(store, "bad").error().message,
             Catch::Contains("mem/bad/zarr.json") && Catch::Contains("second array->bytes codec"));
  put(store, "gz/zarr.json", test::array_json("[4]", "uint8", "[2]", "0", R"(["bytes","lz4"])"));
  CHECK(ZarrArray::open(store, "gz").error().code == ErrorCode::unsupported);

  // 2 GiB shards: fine when read by inner chunk, refused when only whole shards can be decoded.
  const std::string huge_shards = R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[64,64],
      "codecs":[{"name":"bytes","configuration":{"endian":"little"}}],
      "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"]}})";
  put(store, "big/zarr.json",
      test::array_json("[65536,65536]", "uint16", "[32768,32768]", "0", huge_shards + "]"));
  CHECK(open_array(store, "big").brick_shape() == std::vector<std::uint64_t>{64, 64});
  put(store, "big2/zarr.json",
      test::array_json("[65536,65536]", "uint16", "[32768,32768]", "0", huge_shards + ",\"crc32c\"]"));
  Result<ZarrArray> whole_only = ZarrArray::open(store, "big2");
  REQUIRE_FALSE(whole_only.ok());
  CHECK(whole_only.error().code == ErrorCode::limit);
  CHECK_THAT(whole_only.error().message, Catch::Contains("mem/big2/zarr.json"));
}

}  // namespace hs
