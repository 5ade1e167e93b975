// Private helper for strict reading of point-store JSON (attributes, range tables): typed member
// lookup and number checks whose errors all read "<where>.<member> <problem>".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "util/result.h"

namespace hs::detail {

class MemberReader {
 public:
  // `where` names the object being read, e.g. "run.pos/zarr.json: attributes.heteroscope".
  explicit MemberReader(std::string where) : where_(std::move(where)) {}

  // A parse error "<where>.<member> <problem>" ("<where> <problem>" when member is empty).
  Error error(std::string_view member, std::string_view problem) const;
  // The member `key` of `object`, which must be present and of `type`; `member` names it in errors.
  Result<const json::Value*> get(const json::Value& object, std::string_view key, std::string_view member,
                                 json::Type type) const;
  // A whole number from 0 to max.
  Result<std::uint64_t> integer(const json::Value& value, std::string_view member, std::uint64_t max) const;
  Result<std::uint64_t> integer_member(const json::Value& object, std::string_view key, std::string_view member,
                                       std::uint64_t max) const;
  Result<double> finite(const json::Value& value, std::string_view member) const;
  // An array of `n` finite numbers.
  Result<std::vector<double>> numbers(const json::Value& value, std::size_t n, std::string_view member) const;

 private:
  std::string where_;
};

}  // namespace hs::detail
