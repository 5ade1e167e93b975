// Codecs JSON of the writer profile: sharding_indexed over bytes + zstd, crc32c-checked index.
#include "store/writer_profile.h"

namespace hs {

json::Value sharded_codecs_json(DataType type, std::span<const std::uint64_t> inner_chunk_shape, int zstd_level) {
  json::Object bytes{{"name", json::Value("bytes")}};
  if (data_type_size(type) > 1) {
    bytes.emplace_back("configuration", json::Value(json::Object{{"endian", json::Value("little")}}));
  }
  const json::Value zstd(json::Object{
      {"name", json::Value("zstd")},
      {"configuration", json::Value(json::Object{{"level", json::Value(zstd_level)}, {"checksum", json::Value(false)}})}});
  const json::Value index_bytes(json::Object{
      {"name", json::Value("bytes")},
      {"configuration", json::Value(json::Object{{"endian", json::Value("little")}})}});
  json::Array chunk_shape;
  for (const std::uint64_t n : inner_chunk_shape) chunk_shape.emplace_back(static_cast<double>(n));
  json::Object config{
      {"chunk_shape", json::Value(std::move(chunk_shape))},
      {"codecs", json::Value(json::Array{json::Value(std::move(bytes)), zstd})},
      {"index_codecs", json::Value(json::Array{index_bytes, json::Value(json::Object{{"name", json::Value("crc32c")}})})},
      {"index_location", json::Value("end")}};
  return json::Value(json::Array{json::Value(
      json::Object{{"name", json::Value("sharding_indexed")}, {"configuration", json::Value(std::move(config))}})});
}

}  // namespace hs
