// Helpers for the sample tests: a store that lists its keys (to compare whole stores byte for
// byte), whole-array reads, and access to attributes.heteroscope and its truth.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "json/json.h"
#include "store/codecs/decode_context.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"
#include "store/zarr_array.h"

namespace hs::test {
inline namespace sample_support {

// A store in memory whose keys and values can be listed and compared.
class ListedStore final : public WritableStore {
 public:
  Result<std::optional<Bytes>> get(std::string_view key) override {
    const auto it = values.find(std::string(key));
    if (it == values.end()) return std::optional<Bytes>();
    return std::optional<Bytes>(it->second);
  }
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key, std::span<const ByteRange> ranges) override {
    const auto it = values.find(std::string(key));
    if (it == values.end()) return std::optional<std::vector<Bytes>>();
    auto sliced = slice_ranges(it->second, ranges, key);
    if (!sliced) return sliced.error();
    return std::optional<std::vector<Bytes>>(std::move(*sliced));
  }
  Result<std::optional<std::uint64_t>> size(std::string_view key) override {
    const auto it = values.find(std::string(key));
    if (it == values.end()) return std::optional<std::uint64_t>();
    return std::optional<std::uint64_t>(it->second.size());
  }
  std::string describe(std::string_view key) const override { return "listed/" + std::string(key); }
  Status set(std::string_view key, ByteView value) override {
    values[std::string(key)] = Bytes(value.begin(), value.end());
    return {};
  }
  Status erase(std::string_view key) override {
    values.erase(std::string(key));
    return {};
  }

  std::map<std::string, Bytes> values;
};

// Every element of the array at `path` (C order), as T (the array's element type).
template <typename T>
std::vector<T> read_array(ReadableStore& store, std::string_view path) {
  auto array = ZarrArray::open(store, path);
  REQUIRE(array.ok());
  REQUIRE(array->element_bytes() == sizeof(T));
  const std::vector<std::uint64_t>& shape = array->metadata().shape;
  std::uint64_t count = 1;
  for (std::uint64_t n : shape) count *= n;
  Bytes bytes(static_cast<std::size_t>(count) * sizeof(T));
  DecodeContext context;
  const std::vector<std::uint64_t> start(shape.size(), 0);
  REQUIRE(array->read_region(start, shape, bytes, context).ok());
  std::vector<T> values(static_cast<std::size_t>(count));
  if (count > 0) std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

// attributes.heteroscope of the root group.
inline json::Value heteroscope_attributes(ReadableStore& store) {
  auto group = read_group_metadata(store, "");
  REQUIRE(group.ok());
  for (const json::Member& m : group->attributes) {
    if (m.first == "heteroscope") return m.second;
  }
  FAIL("the root group has no attributes.heteroscope");
  return {};
}

// The member at a path of keys, which must exist.
inline const json::Value& at(const json::Value& value, std::initializer_list<std::string_view> keys) {
  const json::Value* v = &value;
  for (std::string_view key : keys) {
    v = v->find(key);
    REQUIRE(v != nullptr);
  }
  return *v;
}
inline double number_at(const json::Value& value, std::initializer_list<std::string_view> keys) {
  const json::Value& v = at(value, keys);
  REQUIRE(v.is_number());
  return v.as_number();
}

}  // namespace sample_support
}  // namespace hs::test
