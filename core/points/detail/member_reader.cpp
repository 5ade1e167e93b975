// Strict reading of point-store JSON members with errors that name the member.
#include "points/detail/member_reader.h"

#include <cmath>

namespace hs::detail {

Error MemberReader::error(std::string_view member, std::string_view problem) const {
  std::string message = where_;
  if (!member.empty()) message += "." + std::string(member);
  return make_error(ErrorCode::parse, message + " " + std::string(problem));
}

Result<const json::Value*> MemberReader::get(const json::Value& object, std::string_view key, std::string_view member,
                                             json::Type type) const {
  const json::Value* v = object.find(key);
  if (v == nullptr) return error(member, "is missing");
  if (v->type() != type) return error(member, std::string("must be ") + json::type_name(type));
  return v;
}

Result<std::uint64_t> MemberReader::integer(const json::Value& value, std::string_view member,
                                            std::uint64_t max) const {
  if (!value.is_number()) return error(member, "must be a number");
  const double d = value.as_number();
  if (!(d >= 0) || d != std::floor(d) || d > static_cast<double>(max)) {
    return error(member, "must be a whole number from 0 to " + std::to_string(max));
  }
  return static_cast<std::uint64_t>(d);
}

Result<std::uint64_t> MemberReader::integer_member(const json::Value& object, std::string_view key,
                                                   std::string_view member, std::uint64_t max) const {
  auto v = get(object, key, member, json::Type::number);
  if (!v) return v.error();
  return integer(**v, member, max);
}

Result<double> MemberReader::finite(const json::Value& value, std::string_view member) const {
  if (!value.is_number() || !std::isfinite(value.as_number())) return error(member, "must be a finite number");
  return value.as_number();
}

Result<std::vector<double>> MemberReader::numbers(const json::Value& value, std::size_t n,
                                                  std::string_view member) const {
  if (!value.is_array() || value.as_array().size() != n) {
    return error(member, "must be an array of " + std::to_string(n) + " numbers");
  }
  std::vector<double> out;
  for (const json::Value& v : value.as_array()) {
    auto d = finite(v, member);
    if (!d) return d.error();
    out.push_back(*d);
  }
  return out;
}

}  // namespace hs::detail
