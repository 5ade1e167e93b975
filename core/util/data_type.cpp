// Element types: sizes and names.
#include "util/data_type.h"

#include <array>

namespace hs {
namespace {

struct TypeInfo {
  DataType type;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<TypeInfo, 11> kTypes = {{
    {DataType::boolean, "bool", 1},
    {DataType::int8, "int8", 1},
    {DataType::int16, "int16", 2},
    {DataType::int32, "int32", 4},
    {DataType::int64, "int64", 8},
    {DataType::uint8, "uint8", 1},
    {DataType::uint16, "uint16", 2},
    {DataType::uint32, "uint32", 4},
    {DataType::uint64, "uint64", 8},
    {DataType::float32, "float32", 4},
    {DataType::float64, "float64", 8},
}};

const TypeInfo& info(DataType type) { return kTypes[static_cast<std::size_t>(type)]; }

}  // namespace

std::size_t data_type_size(DataType type) { return info(type).size; }
std::string_view data_type_name(DataType type) { return info(type).name; }

std::optional<DataType> parse_data_type(std::string_view name) {
  for (const TypeInfo& t : kTypes) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

bool is_float(DataType type) { return type == DataType::float32 || type == DataType::float64; }

bool is_signed_integer(DataType type) {
  return type == DataType::int8 || type == DataType::int16 || type == DataType::int32 || type == DataType::int64;
}

}  // namespace hs
