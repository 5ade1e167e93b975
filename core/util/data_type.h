// Element types of arrays (the Zarr v3 core data types), their sizes and names.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace hs {

enum class DataType {
  boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64,
};

// Bytes per element: 1 for bool and (u)int8, up to 8.
std::size_t data_type_size(DataType type);
// Zarr v3 name: "bool", "int8", ..., "float64".
std::string_view data_type_name(DataType type);
// Parses a Zarr v3 name; nullopt for anything else.
std::optional<DataType> parse_data_type(std::string_view name);
bool is_float(DataType type);
bool is_signed_integer(DataType type);

}  // namespace hs
