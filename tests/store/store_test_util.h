// Helpers for the store tests: bytes built by hand (little-endian values, text), a bitwise
// CRC-32C written from its definition (independent of the codec's table), and a store wrapper
// that counts and records requests.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "json/json.h"
#include "store/codecs/codec_chain.h"
#include "store/memory_store.h"
#include "util/bytes.h"

namespace hs::test {

inline Bytes text_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

inline std::string bytes_text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// Appends `value` as `n` little-endian bytes.
inline void put_le(Bytes& out, std::uint64_t value, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

inline Bytes u16_le(const std::vector<std::uint16_t>& values) {
  Bytes out;
  for (const std::uint16_t v : values) put_le(out, v, 2);
  return out;
}

// CRC-32C bit by bit: reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF.
inline std::uint32_t reference_crc32c(const Bytes& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const std::uint8_t byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// `bytes` followed by their CRC-32C, little-endian (what the crc32c codec writes).
inline Bytes with_crc32c(Bytes bytes) {
  const std::uint32_t crc = reference_crc32c(bytes);
  put_le(bytes, crc, 4);
  return bytes;
}

// Parses JSON text written in a test (asserts it is valid).
inline json::Value parse_json(std::string_view text) {
  Result<json::Value> value = json::parse(text, "test JSON");
  assert(value.ok());
  return std::move(*value);
}

// Builds a codec chain from a "codecs" JSON array for chunks of `repr`.
inline Result<std::unique_ptr<CodecChain>> build_chain(std::string_view codecs_json, const ChunkRepr& repr,
                                                       std::string_view where = "t/zarr.json") {
  return CodecChain::build(parse_json(codecs_json), repr, where);
}

// The example shard of the tests: a 4x4 uint16 array (fill value 7) in one shard of 2x2 inner
// chunks, inner codecs [bytes little], index codecs [bytes little, crc32c]. Values are
// 10*y + x + 1, except inner chunk (0,1), which is empty. Inner chunks are stored out of order:
// (1,1) first, then (0,0), then (1,0).
inline constexpr std::uint16_t kShardFill = 7;
inline const std::vector<std::uint16_t> kShardValues = {1,  2,  7,  7,  11, 12, 7,  7,
                                                        21, 22, 23, 24, 31, 32, 33, 34};
inline std::string shard_codecs_json(bool index_at_end) {
  return std::string(
             R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[2,2],)"
             R"("codecs":[{"name":"bytes","configuration":{"endian":"little"}}],)"
             R"("index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}],)"
             R"("index_location":")") +
         (index_at_end ? "end" : "start") + R"("}}])";
}
inline constexpr std::uint64_t kEmptyEntry = ~std::uint64_t{0};

// Index bytes (before the checksum) from (offset, nbytes) pairs in C order of inner chunks.
inline Bytes shard_index_bytes(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& entries) {
  Bytes index;
  for (const auto& [offset, nbytes] : entries) {
    put_le(index, offset, 8);
    put_le(index, nbytes, 8);
  }
  return index;
}

inline Bytes hand_built_shard(bool index_at_end) {
  const Bytes chunk00 = u16_le({1, 2, 11, 12});
  const Bytes chunk10 = u16_le({21, 22, 31, 32});
  const Bytes chunk11 = u16_le({23, 24, 33, 34});
  const std::uint64_t base = index_at_end ? 0 : 4 * 16 + 4;  // the index (64 bytes + CRC) comes first
  const Bytes index = with_crc32c(
      shard_index_bytes({{base + 8, 8}, {kEmptyEntry, kEmptyEntry}, {base + 16, 8}, {base + 0, 8}}));
  Bytes shard = index_at_end ? Bytes() : index;
  for (const Bytes* chunk : {&chunk11, &chunk00, &chunk10})
    shard.insert(shard.end(), chunk->begin(), chunk->end());
  if (index_at_end) shard.insert(shard.end(), index.begin(), index.end());
  return shard;
}

// An array zarr.json; `shape`, `chunk_shape`, `fill_value` and `codecs` are JSON text.
inline std::string array_json(std::string_view shape, std::string_view data_type,
                              std::string_view chunk_shape, std::string_view fill_value,
                              std::string_view codecs,
                              std::string_view chunk_key_encoding = R"({"name":"default"})") {
  return std::string(R"({"zarr_format":3,"node_type":"array","shape":)") + std::string(shape) +
         R"(,"data_type":")" + std::string(data_type) +
         R"(","chunk_grid":{"name":"regular","configuration":{"chunk_shape":)" + std::string(chunk_shape) +
         R"(}},"chunk_key_encoding":)" + std::string(chunk_key_encoding) + R"(,"fill_value":)" +
         std::string(fill_value) + R"(,"codecs":)" + std::string(codecs) + "}";
}

// The behaviour every writable store shares: set/get/size/get_ranges/erase, missing keys as
// nullopt, ranges beyond the end as errors naming the key. Uses keys below "contract/".
inline void check_store_contract(WritableStore& store) {
  CHECK_FALSE(store.get("contract/missing")->has_value());
  CHECK_FALSE(store.size("contract/missing")->has_value());
  const std::vector<ByteRange> one{{0, 1}};
  CHECK_FALSE(store.get_ranges("contract/missing", one)->has_value());
  CHECK(store.erase("contract/missing").ok());

  const Bytes value = text_bytes("0123456789abcdef");
  REQUIRE(store.set("contract/a/b/value", value).ok());
  CHECK(store.get("contract/a/b/value")->value() == value);
  CHECK(store.size("contract/a/b/value")->value() == 16u);
  const std::vector<ByteRange> ranges{{10, 3}, {0, 2}, {16, 0}, {4, 12}};
  Result<std::optional<std::vector<Bytes>>> parts = store.get_ranges("contract/a/b/value", ranges);
  REQUIRE(parts.ok());
  REQUIRE(parts->has_value());
  REQUIRE((*parts)->size() == 4);
  CHECK(bytes_text((**parts)[0]) == "abc");
  CHECK(bytes_text((**parts)[1]) == "01");
  CHECK((**parts)[2].empty());
  CHECK(bytes_text((**parts)[3]) == "456789abcdef");
  for (const ByteRange beyond : {ByteRange{15, 2}, ByteRange{17, 0}, ByteRange{~std::uint64_t{0}, 2}}) {
    Result<std::optional<std::vector<Bytes>>> bad =
        store.get_ranges("contract/a/b/value", std::vector{beyond});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("contract/a/b/value") && Catch::Contains("truncated"));
  }
  REQUIRE(store.set("contract/a/b/value", text_bytes("new")).ok());  // replaces
  CHECK(bytes_text(store.get("contract/a/b/value")->value()) == "new");
  REQUIRE(store.set("contract/empty", Bytes{}).ok());
  CHECK(store.size("contract/empty")->value() == 0u);
  REQUIRE(store.erase("contract/a/b/value").ok());
  CHECK_FALSE(store.get("contract/a/b/value")->has_value());
}

// A memory store that counts calls and records the ranges asked for.
class CountingStore final : public WritableStore {
 public:
  Result<std::optional<Bytes>> get(std::string_view key) override {
    ++gets;
    return inner.get(key);
  }
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override {
    ++get_ranges_calls;
    range_requests.emplace_back(ranges.begin(), ranges.end());
    for (const ByteRange& r : ranges) bytes_fetched += r.length;
    return inner.get_ranges(key, ranges);
  }
  Result<std::optional<std::uint64_t>> size(std::string_view key) override {
    ++sizes;
    return inner.size(key);
  }
  std::string describe(std::string_view key) const override { return inner.describe(key); }
  Status set(std::string_view key, ByteView value) override { return inner.set(key, value); }
  Status erase(std::string_view key) override { return inner.erase(key); }

  void reset_counts() {
    gets = get_ranges_calls = sizes = 0;
    bytes_fetched = 0;
    range_requests.clear();
  }

  MemoryStore inner{"mem"};
  int gets = 0;
  int get_ranges_calls = 0;
  int sizes = 0;
  std::uint64_t bytes_fetched = 0;
  std::vector<std::vector<ByteRange>> range_requests;
};

}  // namespace hs::test
