// Reading and writing fill values of every core data type.
#include "store/fill_value.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "store/detail/metadata_json.h"

namespace hs {
namespace {

constexpr std::uint32_t kCanonicalNanF32 = 0x7fc00000u;
constexpr std::uint64_t kCanonicalNanF64 = 0x7ff8000000000000ull;

Bytes element_of(std::uint64_t bits, std::size_t bytes) {
  Bytes out(bytes);
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>(bits >> (8 * i));
  return out;
}

// Range of an integer type as doubles (exactly representable bounds, or ±2^53 for 64 bits).
void integer_range(DataType type, double& low, double& high) {
  const double exact = 9007199254740992.0;
  switch (type) {
    case DataType::int8:
      low = -128;
      high = 127;
      return;
    case DataType::int16:
      low = -32768;
      high = 32767;
      return;
    case DataType::int32:
      low = -2147483648.0;
      high = 2147483647.0;
      return;
    case DataType::int64:
      low = -exact;
      high = exact;
      return;
    case DataType::uint8:
      low = 0;
      high = 255;
      return;
    case DataType::uint16:
      low = 0;
      high = 65535;
      return;
    case DataType::uint32:
      low = 0;
      high = 4294967295.0;
      return;
    default:
      low = 0;
      high = exact;
      return;  // uint64
  }
}

Result<std::uint64_t> parse_hex_bits(const std::string& text, std::size_t bytes, std::string_view where) {
  if (text.size() != 2 + 2 * bytes || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return detail::metadata_error(where, "\"" + text + "\" is not a fill value (hex floats need exactly " +
                                             std::to_string(2 * bytes) + " hex digits after 0x)");
  }
  std::uint64_t bits = 0;
  for (std::size_t i = 2; i < text.size(); ++i) {
    const char c = text[i];
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0)
      return detail::metadata_error(where, "\"" + text + "\" has a character that is not a hex digit");
    bits = (bits << 4) | static_cast<std::uint64_t>(digit);
  }
  return bits;
}

Result<Bytes> parse_float(const json::Value& value, DataType type, std::string_view where) {
  const bool f32 = type == DataType::float32;
  double number = 0;
  if (value.is_string()) {
    const std::string& text = value.as_string();
    if (text == "NaN") return f32 ? element_of(kCanonicalNanF32, 4) : element_of(kCanonicalNanF64, 8);
    if (text == "Infinity")
      number = std::numeric_limits<double>::infinity();
    else if (text == "-Infinity")
      number = -std::numeric_limits<double>::infinity();
    else {
      Result<std::uint64_t> bits = parse_hex_bits(text, f32 ? 4 : 8, where);
      if (!bits) return bits.error();
      return element_of(*bits, f32 ? 4 : 8);
    }
  } else if (value.is_number()) {
    number = value.as_number();
    // Numbers from FLT_MAX up to the rounding midpoint below 2^128 still round to FLT_MAX.
    if (f32 && std::fabs(number) >= 0x1.ffffffp+127) {
      return detail::metadata_error(where, std::to_string(number) + " is out of range for float32");
    }
  } else {
    return detail::metadata_error(where,
                                  std::string("expected a number, \"NaN\", \"Infinity\", \"-Infinity\" or "
                                              "hex bits for a float, got ") +
                                      json::type_name(value.type()));
  }
  if (f32) return element_of(bit_cast<std::uint32_t>(static_cast<float>(number)), 4);
  return element_of(bit_cast<std::uint64_t>(number), 8);
}

std::string hex_bits(std::uint64_t bits, std::size_t bytes) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%0*llx", static_cast<int>(2 * bytes),
                static_cast<unsigned long long>(bits));
  return text;
}

}  // namespace

Result<Bytes> parse_fill_value(const json::Value& value, DataType type, std::string_view where) {
  if (type == DataType::boolean) {
    if (!value.is_bool()) return detail::metadata_error(where, "a bool array needs true or false");
    return Bytes{static_cast<std::uint8_t>(value.as_bool() ? 1 : 0)};
  }
  if (is_float(type)) return parse_float(value, type, where);
  Result<std::int64_t> integer = detail::read_int(value, where);
  if (!integer) return integer.error();
  double low = 0;
  double high = 0;
  integer_range(type, low, high);
  const double number = static_cast<double>(*integer);
  if (number < low || number > high) {
    return detail::metadata_error(
        where, std::to_string(*integer) + " is out of range for " + std::string(data_type_name(type)));
  }
  return element_of(static_cast<std::uint64_t>(*integer), data_type_size(type));
}

json::Value fill_value_to_json(ByteView element, DataType type) {
  assert(element.size() == data_type_size(type));
  switch (type) {
    case DataType::boolean:
      return json::Value(element[0] != 0);
    case DataType::int8:
      return json::Value(static_cast<double>(static_cast<std::int8_t>(element[0])));
    case DataType::int16:
      return json::Value(
          static_cast<double>(static_cast<std::int16_t>(load_le<std::uint16_t>(element.data()))));
    case DataType::int32:
      return json::Value(
          static_cast<double>(static_cast<std::int32_t>(load_le<std::uint32_t>(element.data()))));
    case DataType::int64:
      return json::Value(
          static_cast<double>(static_cast<std::int64_t>(load_le<std::uint64_t>(element.data()))));
    case DataType::uint8:
      return json::Value(static_cast<double>(element[0]));
    case DataType::uint16:
      return json::Value(static_cast<double>(load_le<std::uint16_t>(element.data())));
    case DataType::uint32:
      return json::Value(static_cast<double>(load_le<std::uint32_t>(element.data())));
    case DataType::uint64:
      return json::Value(static_cast<double>(load_le<std::uint64_t>(element.data())));
    case DataType::float32:
    case DataType::float64:
      break;
  }
  const bool f32 = type == DataType::float32;
  const std::uint64_t bits =
      f32 ? load_le<std::uint32_t>(element.data()) : load_le<std::uint64_t>(element.data());
  const double number = f32 ? static_cast<double>(load_f32_le(element.data())) : load_f64_le(element.data());
  if (std::isnan(number)) {
    return json::Value(bits == (f32 ? kCanonicalNanF32 : kCanonicalNanF64) ? std::string("NaN")
                                                                           : hex_bits(bits, f32 ? 4 : 8));
  }
  if (std::isinf(number)) return json::Value(number > 0 ? "Infinity" : "-Infinity");
  return json::Value(number);
}

}  // namespace hs
