// sharding_indexed codec: the hand-built example shard (index at the end and at the start), hostile
// indexes, configuration errors, round trips over an option matrix, nested sharding, and a fuzz
// loop over mutated shards.
#include <catch2/catch.hpp>

#include "../store_test_util.h"
#include "store/codecs/sharding.h"

namespace hs {
namespace {

const ChunkRepr kShardRepr{{4, 4}, DataType::uint16, test::u16_le({test::kShardFill})};

std::unique_ptr<CodecChain> shard_chain(bool index_at_end) {
  auto chain = test::build_chain(test::shard_codecs_json(index_at_end), kShardRepr, "mem/arr/zarr.json");
  REQUIRE(chain.ok());
  return std::move(*chain);
}

void check_error(const Result<Bytes>& result, std::string_view text) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == ErrorCode::parse);
  CHECK_THAT(result.error().message, Catch::Contains("mem/arr/c/0/0") && Catch::Contains(std::string(text)));
}

// The example shard with its index replaced by `entries` (and a valid checksum).
Bytes shard_with_index(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& entries) {
  Bytes shard = test::hand_built_shard(true);
  const Bytes index = test::with_crc32c(test::shard_index_bytes(entries));
  std::copy(index.begin(), index.end(), shard.end() - static_cast<std::ptrdiff_t>(index.size()));
  return shard;
}

std::uint32_t lcg(std::uint32_t& state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

}  // namespace

TEST_CASE("the hand-built shard decodes with its index at the end or at the start", "[store][sharding]") {
  DecodeContext context;
  for (const bool at_end : {true, false}) {
    INFO("index at end: " << at_end);
    const Bytes shard = test::hand_built_shard(at_end);
    CHECK(shard.size() == 24 + 68);
    const auto chain = shard_chain(at_end);
    const auto& codec = dynamic_cast<const ShardingCodec&>(chain->array_to_bytes());
    CHECK(codec.index_encoded_bytes() == 68);
    CHECK(codec.inner_chunk_count() == 4);
    CHECK(codec.index_range(shard.size(), "k")->offset == (at_end ? 24u : 0u));
    Result<Bytes> decoded = chain->decode(shard, "mem/arr/c/0/0", context);
    REQUIRE(decoded.ok());
    CHECK(*decoded == test::u16_le(test::kShardValues));
  }
}

TEST_CASE("a truncated shard is an error naming the key", "[store][sharding]") {
  DecodeContext context;
  const Bytes shard = test::hand_built_shard(true);
  check_error(shard_chain(true)->decode(Bytes(shard.begin(), shard.begin() + 60), "mem/arr/c/0/0", context),
              "truncated shard");
  // Index first: losing the tail leaves entries pointing past the end.
  const Bytes start = test::hand_built_shard(false);
  check_error(shard_chain(false)->decode(Bytes(start.begin(), start.end() - 1), "mem/arr/c/0/0", context),
              "inner chunk [1, 0] at offset 84 with 8 bytes lies outside the 91-byte shard");
}

TEST_CASE("a shard index with a bad checksum is an error naming the key", "[store][sharding]") {
  DecodeContext context;
  Bytes shard = test::hand_built_shard(true);
  shard[shard.size() - 20] ^= 0x01;  // inside the index entries
  check_error(shard_chain(true)->decode(shard, "mem/arr/c/0/0", context), "crc32c checksum mismatch");
  Bytes checksum_only = test::hand_built_shard(true);
  checksum_only.back() ^= 0x80;
  check_error(shard_chain(true)->decode(checksum_only, "mem/arr/c/0/0", context), "(shard index)");
}

TEST_CASE("shard index entries outside the shard or overflowing are errors", "[store][sharding]") {
  DecodeContext context;
  const auto chain = shard_chain(true);
  const std::uint64_t e = test::kEmptyEntry;
  // offset past the end
  check_error(chain->decode(shard_with_index({{1000, 8}, {e, e}, {16, 8}, {0, 8}}), "mem/arr/c/0/0", context),
              "inner chunk [0, 0] at offset 1000");
  // offset + nbytes overflows 64 bits
  check_error(
      chain->decode(shard_with_index({{8, e - 1}, {e, e}, {16, 8}, {0, 8}}), "mem/arr/c/0/0", context),
      "lies outside the 92-byte shard");
  // only one half of the empty marker
  check_error(chain->decode(shard_with_index({{8, 8}, {e, 8}, {16, 8}, {0, 8}}), "mem/arr/c/0/0", context),
              "inner chunk [0, 1]");
  // inside the shard but of the wrong size for the inner chunk
  check_error(chain->decode(shard_with_index({{8, 6}, {e, e}, {16, 8}, {0, 8}}), "mem/arr/c/0/0", context),
              "inner chunk [0, 0]");
}

TEST_CASE("sharding configuration is validated", "[store][sharding]") {
  const auto rejected = [](std::string_view configuration, std::string_view text) {
    const std::string codecs =
        std::string(R"([{"name":"sharding_indexed","configuration":)") + std::string(configuration) + "}]";
    auto chain = test::build_chain(codecs, kShardRepr, "mem/arr/zarr.json");
    INFO(configuration);
    REQUIRE_FALSE(chain.ok());
    CHECK_THAT(chain.error().message,
               Catch::Contains("mem/arr/zarr.json") && Catch::Contains(std::string(text)));
  };
  const std::string inner = R"("codecs":[{"name":"bytes","configuration":{"endian":"little"}}])";
  const std::string index = R"("index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}])";
  rejected("{\"chunk_shape\":[3,2]," + inner + "," + index + "}", "does not divide");
  rejected("{\"chunk_shape\":[2]," + inner + "," + index + "}", "dimensions");
  rejected("{\"chunk_shape\":[2,2]," + inner + "}", "\"index_codecs\"");
  rejected("{\"chunk_shape\":[2,2]," + inner + "," + index + ",\"index_location\":\"middle\"}",
           "index_location");
  rejected("{\"chunk_shape\":[2,2]," + inner + "," +
               R"("index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},)"
               R"({"name":"zstd","configuration":{"level":1}}]})",
           "fixed encoded size");
  rejected("{\"chunk_shape\":[2,2],\"codecs\":[\"crc32c\"]," + index + "}", "before the array->bytes codec");
}

TEST_CASE("shards round-trip over index location, inner codecs and fill patterns", "[store][sharding]") {
  DecodeContext context;
  const ChunkRepr repr{{6, 8}, DataType::int32, Bytes{0xFF, 0xFF, 0xFF, 0xFF}};  // fill -1
  for (const char* location : {"start", "end"}) {
    for (const char* inner : {R"([{"name":"bytes","configuration":{"endian":"little"}}])",
                              R"([{"name":"bytes","configuration":{"endian":"big"}},)"
                              R"({"name":"zstd","configuration":{"level":3,"checksum":true}}])"}) {
      for (const int pattern : {0, 1, 2}) {  // all fill, one inner chunk of data, all data
        INFO(location << " " << inner << " pattern " << pattern);
        const std::string codecs =
            std::string(R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[3,2],)") +
            "\"codecs\":" + inner +
            R"(,"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"],)" +
            "\"index_location\":\"" + location + "\"}}]";
        auto chain = test::build_chain(codecs, repr);
        REQUIRE(chain.ok());
        Bytes data;
        for (std::uint64_t y = 0; y < 6; ++y) {
          for (std::uint64_t x = 0; x < 8; ++x) {
            const bool in_first_inner = y < 3 && x < 2;
            const bool filled = pattern == 0 || (pattern == 1 && !in_first_inner);
            test::put_le(data, filled ? 0xFFFFFFFFu : static_cast<std::uint32_t>(y * 100 + x), 4);
          }
        }
        Result<Bytes> encoded = (*chain)->encode(data);
        REQUIRE(encoded.ok());
        // 8 inner chunks: index 8 x 16 + 4 bytes; empty entries for fill-only inner chunks.
        const std::size_t index_at = std::string(location) == "end" ? encoded->size() - 132 : 0;
        std::size_t empty_entries = 0;
        for (std::size_t i = 0; i < 8; ++i) {
          const std::uint64_t offset = load_le<std::uint64_t>(encoded->data() + index_at + 16 * i);
          const std::uint64_t nbytes = load_le<std::uint64_t>(encoded->data() + index_at + 16 * i + 8);
          empty_entries += offset == test::kEmptyEntry && nbytes == test::kEmptyEntry;
        }
        CHECK(empty_entries == (pattern == 0 ? 8u : pattern == 1 ? 7u : 0u));
        if (pattern == 0) CHECK(encoded->size() == 132);
        Result<Bytes> decoded = (*chain)->decode(*encoded, "k", context);
        REQUIRE(decoded.ok());
        CHECK(*decoded == data);
      }
    }
  }
}

TEST_CASE("nested sharding round-trips", "[store][sharding]") {
  DecodeContext context;
  const ChunkRepr repr{{8, 8}, DataType::uint16, test::u16_le({0})};
  auto chain = test::build_chain(
      R"([{"name":"sharding_indexed","configuration":{"chunk_shape":[4,4],
            "codecs":[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,2],
                "codecs":[{"name":"bytes","configuration":{"endian":"little"}}],
                "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"]}}],
            "index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},"crc32c"],
            "index_location":"start"}}])",
      repr);
  REQUIRE(chain.ok());
  std::vector<std::uint16_t> values(64);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<std::uint16_t>(i % 13 == 0 ? 0 : i * 3);
  Result<Bytes> encoded = (*chain)->encode(test::u16_le(values));
  REQUIRE(encoded.ok());
  Result<Bytes> decoded = (*chain)->decode(*encoded, "k", context);
  REQUIRE(decoded.ok());
  CHECK(*decoded == test::u16_le(values));
}

TEST_CASE("mutated shards never crash the decoder", "[store][sharding]") {
  DecodeContext context;
  std::uint32_t state = 12345;
  for (const bool at_end : {true, false}) {
    const auto chain = shard_chain(at_end);
    const Bytes original = test::hand_built_shard(at_end);
    int decoded_ok = 0;
    for (int round = 0; round < 1500; ++round) {
      Bytes shard = original;
      const int edits = 1 + static_cast<int>(lcg(state) % 4);
      for (int e = 0; e < edits; ++e) {
        const std::uint32_t what = lcg(state) % 3;
        if (what == 0 || shard.empty()) {
          shard.push_back(static_cast<std::uint8_t>(lcg(state)));
        } else if (what == 1) {
          shard[lcg(state) % shard.size()] ^= static_cast<std::uint8_t>(1u << (lcg(state) % 8));
        } else {
          shard.resize(lcg(state) % shard.size());
        }
      }
      Result<Bytes> decoded = chain->decode(shard, "k", context);
      if (decoded.ok()) {
        ++decoded_ok;
        CHECK(decoded->size() == 32);
      }
    }
    CHECK(decoded_ok < 1500);
  }
}

}  // namespace hs
