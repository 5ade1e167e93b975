// Strict parsing and writing of array zarr.json documents.
#include "store/array_metadata.h"

#include <limits>

#include "store/detail/metadata_json.h"
#include "store/fill_value.h"

namespace hs {
namespace {

// Most bytes an array or chunk may describe (keeps every size computation inside uint64).
constexpr std::uint64_t kMaxDescribedBytes = std::uint64_t{1} << 62;

// Product of extents times element size; nullopt when it exceeds kMaxDescribedBytes.
std::optional<std::uint64_t> byte_size(const std::vector<std::uint64_t>& extents, std::size_t element_bytes) {
  std::uint64_t bytes = element_bytes;
  for (const std::uint64_t extent : extents) {
    if (extent != 0 && bytes > kMaxDescribedBytes / extent) return std::nullopt;
    bytes *= extent;
  }
  return bytes;
}

const json::Value* require(const json::Value& document, std::string_view name, std::string_view source,
                           Error& error) {
  const json::Value* value = document.find(name);
  if (value == nullptr) error = detail::metadata_error(source, "missing \"" + std::string(name) + "\"");
  return value;
}

Result<std::vector<std::uint64_t>> parse_chunk_grid(const json::Value& value, std::size_t rank,
                                                    std::string_view source) {
  const std::string where = std::string(source) + ": \"chunk_grid\"";
  Result<detail::NamedConfig> grid = detail::read_named_config(value, where);
  if (!grid) return grid.error();
  if (grid->name != "regular") {
    return make_error(ErrorCode::unsupported, where + ": unsupported chunk grid '" + grid->name + "'");
  }
  const json::Value* chunk_shape = grid->configuration ? grid->configuration->find("chunk_shape") : nullptr;
  if (chunk_shape == nullptr) return detail::metadata_error(where, "missing \"chunk_shape\"");
  if (Status s = detail::check_members(grid->configuration->as_object(), {"chunk_shape"}, where); !s) {
    return s.error();
  }
  Result<std::vector<std::uint64_t>> extents =
      detail::read_extents(*chunk_shape, where + ": \"chunk_shape\"", rank == 0, false);
  if (!extents) return extents.error();
  if (extents->size() != rank) {
    return detail::metadata_error(where, "\"chunk_shape\" has " + std::to_string(extents->size()) +
                                             " dimensions, \"shape\" has " + std::to_string(rank));
  }
  return extents;
}

Result<std::vector<std::optional<std::string>>> parse_dimension_names(const json::Value& value,
                                                                      std::size_t rank,
                                                                      std::string_view source) {
  const std::string where = std::string(source) + ": \"dimension_names\"";
  if (!value.is_array() || value.as_array().size() != rank) {
    return detail::metadata_error(where, "must be an array of " + std::to_string(rank) + " names");
  }
  std::vector<std::optional<std::string>> names;
  for (const json::Value& name : value.as_array()) {
    if (name.is_null()) {
      names.emplace_back();
    } else if (name.is_string()) {
      names.emplace_back(name.as_string());
    } else {
      return detail::metadata_error(where, "each name must be a string or null");
    }
  }
  return names;
}

}  // namespace

Result<ArrayMetadata> parse_array_metadata(const json::Value& document, std::string_view source) {
  if (!document.is_object()) return detail::metadata_error(source, "zarr.json must hold a JSON object");
  if (Status s = detail::check_members(
          document.as_object(),
          {"zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value",
           "codecs", "storage_transformers", "dimension_names", "attributes"},
          source);
      !s) {
    return s.error();
  }
  Error error;
  const json::Value* format = require(document, "zarr_format", source, error);
  const json::Value* node_type = require(document, "node_type", source, error);
  if (format == nullptr || node_type == nullptr) return error;
  if (!format->is_number() || format->as_number() != 3) {
    return make_error(ErrorCode::unsupported,
                      std::string(source) + ": not Zarr v3 (\"zarr_format\" must be 3)");
  }
  if (!node_type->is_string() || node_type->as_string() != "array") {
    return detail::metadata_error(source, "not an array (\"node_type\" is not \"array\")");
  }
  const json::Value* shape_json = require(document, "shape", source, error);
  const json::Value* type_json = require(document, "data_type", source, error);
  const json::Value* grid_json = require(document, "chunk_grid", source, error);
  const json::Value* key_json = require(document, "chunk_key_encoding", source, error);
  const json::Value* fill_json = require(document, "fill_value", source, error);
  const json::Value* codecs_json = require(document, "codecs", source, error);
  if (!shape_json || !type_json || !grid_json || !key_json || !fill_json || !codecs_json) return error;

  ArrayMetadata metadata;
  Result<std::vector<std::uint64_t>> shape =
      detail::read_extents(*shape_json, std::string(source) + ": \"shape\"", true, true);
  if (!shape) return shape.error();
  metadata.shape = std::move(*shape);
  const std::size_t rank = metadata.shape.size();

  if (!type_json->is_string()) {
    return make_error(ErrorCode::unsupported, std::string(source) +
                                                  ": unsupported \"data_type\" (only the core "
                                                  "types bool, int8..uint64, float32, float64)");
  }
  const std::optional<DataType> type = parse_data_type(type_json->as_string());
  if (!type) {
    return make_error(ErrorCode::unsupported,
                      std::string(source) + ": unsupported data_type '" + type_json->as_string() + "'");
  }
  metadata.data_type = *type;

  Result<std::vector<std::uint64_t>> chunk_shape = parse_chunk_grid(*grid_json, rank, source);
  if (!chunk_shape) return chunk_shape.error();
  metadata.chunk_shape = std::move(*chunk_shape);
  const std::size_t element_bytes = data_type_size(metadata.data_type);
  if (!byte_size(metadata.shape, element_bytes) || !byte_size(metadata.chunk_shape, element_bytes)) {
    return make_error(ErrorCode::limit, std::string(source) +
                                            ": \"shape\" or \"chunk_shape\" describes more than 2^62 "
                                            "bytes");
  }

  Result<ChunkKeyEncoding> key_encoding =
      parse_chunk_key_encoding(*key_json, std::string(source) + ": \"chunk_key_encoding\"");
  if (!key_encoding) return key_encoding.error();
  metadata.chunk_key_encoding = *key_encoding;

  Result<Bytes> fill =
      parse_fill_value(*fill_json, metadata.data_type, std::string(source) + ": \"fill_value\"");
  if (!fill) return fill.error();
  metadata.fill_value = std::move(*fill);

  if (!codecs_json->is_array()) return detail::metadata_error(source, "\"codecs\" must be an array");
  metadata.codecs = *codecs_json;

  if (const json::Value* transformers = document.find("storage_transformers")) {
    if (!transformers->is_array())
      return detail::metadata_error(source, "\"storage_transformers\" must be an array");
    if (!transformers->as_array().empty()) {
      return make_error(ErrorCode::unsupported,
                        std::string(source) + ": storage transformers are not supported");
    }
  }
  if (const json::Value* names = document.find("dimension_names")) {
    Result<std::vector<std::optional<std::string>>> parsed = parse_dimension_names(*names, rank, source);
    if (!parsed) return parsed.error();
    metadata.dimension_names = std::move(*parsed);
  }
  if (const json::Value* attributes = document.find("attributes")) {
    if (!attributes->is_object()) return detail::metadata_error(source, "\"attributes\" must be an object");
    metadata.attributes = attributes->as_object();
  }
  return metadata;
}

json::Value array_metadata_to_json(const ArrayMetadata& metadata) {
  auto extents = [](const std::vector<std::uint64_t>& values) {
    json::Array array;
    for (const std::uint64_t v : values) array.emplace_back(static_cast<double>(v));
    return json::Value(std::move(array));
  };
  json::Object grid_config{{"chunk_shape", extents(metadata.chunk_shape)}};
  json::Object document{
      {"zarr_format", json::Value(3)},
      {"node_type", json::Value("array")},
      {"shape", extents(metadata.shape)},
      {"data_type", json::Value(std::string(data_type_name(metadata.data_type)))},
      {"chunk_grid", json::Value(json::Object{{"name", json::Value("regular")},
                                              {"configuration", json::Value(std::move(grid_config))}})},
      {"chunk_key_encoding", chunk_key_encoding_to_json(metadata.chunk_key_encoding)},
      {"fill_value", fill_value_to_json(metadata.fill_value, metadata.data_type)},
      {"codecs", metadata.codecs},
  };
  if (metadata.dimension_names) {
    json::Array names;
    for (const std::optional<std::string>& name : *metadata.dimension_names) {
      names.push_back(name ? json::Value(*name) : json::Value());
    }
    document.emplace_back("dimension_names", json::Value(std::move(names)));
  }
  document.emplace_back("attributes", json::Value(metadata.attributes));
  return json::Value(std::move(document));
}

std::vector<std::uint64_t> chunk_grid_shape(const ArrayMetadata& metadata) {
  std::vector<std::uint64_t> grid(metadata.shape.size());
  for (std::size_t d = 0; d < grid.size(); ++d) {
    grid[d] =
        metadata.shape[d] / metadata.chunk_shape[d] + (metadata.shape[d] % metadata.chunk_shape[d] != 0);
  }
  return grid;
}

}  // namespace hs
