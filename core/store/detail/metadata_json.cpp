// Strict reading of Zarr v3 metadata JSON members, integers, shapes and named configurations.
#include "store/detail/metadata_json.h"

#include <cmath>
#include <string>

namespace hs::detail {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

bool is_optional_extension(const json::Value& value) {
  const json::Value* must_understand = value.find("must_understand");
  return must_understand != nullptr && must_understand->is_bool() && !must_understand->as_bool();
}

}  // namespace

Error metadata_error(std::string_view where, std::string_view message) {
  return make_error(ErrorCode::parse, std::string(where) + ": " + std::string(message));
}

Status check_members(const json::Object& object, std::initializer_list<std::string_view> known,
                     std::string_view where) {
  for (const json::Member& member : object) {
    bool is_known = false;
    for (const std::string_view name : known) is_known = is_known || member.first == name;
    if (is_known || is_optional_extension(member.second)) continue;
    return make_error(ErrorCode::unsupported, std::string(where) + ": unsupported member '" + member.first +
                                                  "' (not part of Zarr v3 here, and not marked "
                                                  "\"must_understand\": false)");
  }
  return {};
}

Result<std::int64_t> read_int(const json::Value& value, std::string_view where) {
  if (!value.is_number()) {
    return metadata_error(where, std::string("expected an integer, got ") + json::type_name(value.type()));
  }
  const double number = value.as_number();
  if (std::floor(number) != number) return metadata_error(where, "expected an integer, got a fraction");
  if (std::fabs(number) > kMaxExactInteger) {
    return make_error(ErrorCode::unsupported,
                      std::string(where) + ": integer beyond 2^53 cannot be read exactly");
  }
  return static_cast<std::int64_t>(number);
}

Result<std::uint64_t> read_uint(const json::Value& value, std::string_view where) {
  Result<std::int64_t> number = read_int(value, where);
  if (!number) return number.error();
  if (*number < 0) return metadata_error(where, "expected a non-negative integer");
  return static_cast<std::uint64_t>(*number);
}

Result<std::vector<std::uint64_t>> read_extents(const json::Value& value, std::string_view where,
                                                bool allow_scalar, bool allow_zero_extent) {
  if (!value.is_array()) return metadata_error(where, "expected an array of integers");
  const json::Array& items = value.as_array();
  if (items.empty() && !allow_scalar) return metadata_error(where, "must have at least one dimension");
  if (items.size() > kMaxRank) {
    return make_error(ErrorCode::limit, std::string(where) + ": " + std::to_string(items.size()) +
                                            " dimensions (at most " + std::to_string(kMaxRank) + ")");
  }
  std::vector<std::uint64_t> extents;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string field = std::string(where) + "[" + std::to_string(i) + "]";
    Result<std::uint64_t> extent = read_uint(items[i], field);
    if (!extent) return extent.error();
    if (*extent == 0 && !allow_zero_extent) return metadata_error(field, "must be positive");
    extents.push_back(*extent);
  }
  return extents;
}

Result<NamedConfig> read_named_config(const json::Value& value, std::string_view where) {
  NamedConfig named;
  if (value.is_string()) {
    named.name = value.as_string();
    return named;
  }
  if (!value.is_object()) return metadata_error(where, "expected a name or an object with a \"name\"");
  if (Status s = check_members(value.as_object(), {"name", "configuration", "must_understand"}, where); !s) {
    return s.error();
  }
  const json::Value* name = value.find("name");
  if (name == nullptr || !name->is_string()) return metadata_error(where, "missing string \"name\"");
  named.name = name->as_string();
  named.configuration = value.find("configuration");
  if (named.configuration != nullptr && !named.configuration->is_object()) {
    return metadata_error(where, "\"configuration\" must be an object");
  }
  if (const json::Value* must_understand = value.find("must_understand")) {
    if (!must_understand->is_bool()) return metadata_error(where, "\"must_understand\" must be a boolean");
    named.must_understand = must_understand->as_bool();
  }
  return named;
}

}  // namespace hs::detail
