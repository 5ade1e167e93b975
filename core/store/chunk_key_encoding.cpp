// Chunk key encodings: parsing, writing and key construction.
#include "store/chunk_key_encoding.h"

#include "store/detail/metadata_json.h"

namespace hs {

Result<ChunkKeyEncoding> parse_chunk_key_encoding(const json::Value& value, std::string_view where) {
  Result<detail::NamedConfig> named = detail::read_named_config(value, where);
  if (!named) return named.error();
  ChunkKeyEncoding encoding;
  if (named->name == "default") {
    encoding = {ChunkKeyEncoding::Kind::standard, '/'};
  } else if (named->name == "v2") {
    encoding = {ChunkKeyEncoding::Kind::v2, '.'};
  } else {
    return make_error(ErrorCode::unsupported,
                      std::string(where) + ": unsupported chunk key encoding '" + named->name + "'");
  }
  if (named->configuration != nullptr) {
    if (Status s = detail::check_members(named->configuration->as_object(), {"separator"}, where); !s) {
      return s.error();
    }
    if (const json::Value* separator = named->configuration->find("separator")) {
      if (!separator->is_string() || (separator->as_string() != "/" && separator->as_string() != ".")) {
        return detail::metadata_error(where, "\"separator\" must be \"/\" or \".\"");
      }
      encoding.separator = separator->as_string()[0];
    }
  }
  return encoding;
}

json::Value chunk_key_encoding_to_json(const ChunkKeyEncoding& encoding) {
  json::Object configuration{{"separator", json::Value(std::string(1, encoding.separator))}};
  return json::Value(json::Object{
      {"name", json::Value(encoding.kind == ChunkKeyEncoding::Kind::standard ? "default" : "v2")},
      {"configuration", json::Value(std::move(configuration))}});
}

std::string encode_chunk_key(const ChunkKeyEncoding& encoding, std::span<const std::uint64_t> chunk_coords) {
  const bool standard = encoding.kind == ChunkKeyEncoding::Kind::standard;
  if (chunk_coords.empty()) return standard ? "c" : "0";
  std::string key = standard ? std::string("c") + encoding.separator : std::string();
  for (std::size_t i = 0; i < chunk_coords.size(); ++i) {
    if (i > 0) key += encoding.separator;
    key += std::to_string(chunk_coords[i]);
  }
  return key;
}

}  // namespace hs
