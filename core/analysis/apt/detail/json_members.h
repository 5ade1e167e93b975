// Strict reading of one JSON object's members for the atom probe JSON readers (apt_params_json,
// apt_job_json): known members only, typed, each error naming `where` and the member. Private to
// core/analysis/apt.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "util/result.h"

namespace hs::apt_json {

class Members {
 public:
  Members(const json::Value& value, std::string_view where) : value_(value), where_(where) {}

  // "where.member problem" (or "where problem" for an empty member).
  Error error(std::string_view member, std::string_view problem) const {
    return make_error(ErrorCode::parse, std::string(where_) + (member.empty() ? "" : ".") +
                                            std::string(member) + " " + std::string(problem));
  }
  // "where.member", for the readers of nested values.
  std::string path(std::string_view member) const { return std::string(where_) + "." + std::string(member); }
  // Not an object, or a member outside `known`.
  std::optional<Error> check(std::initializer_list<std::string_view> known) const {
    if (!value_.is_object()) return error("", "must be an object");
    for (const json::Member& m : value_.as_object()) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || m.first == k;
      if (!ok) return error(m.first, "is not a known member");
    }
    return std::nullopt;
  }
  // The member's value, or nullptr when absent.
  const json::Value* find(std::string_view key) const { return value_.find(key); }
  Result<std::optional<double>> number(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<double>();
    if (!v->is_number() || !std::isfinite(v->as_number())) return error(key, "must be a finite number");
    return std::optional<double>(v->as_number());
  }
  // Stores the member in `field` when present: a finite number above 0, or with `zero_ok` 0 or more.
  Status positive(std::string_view key, bool zero_ok, double& field) const {
    auto n = number(key);
    if (!n) return n.error();
    if (*n && !(**n > 0 || (zero_ok && **n == 0)))
      return error(key, zero_ok ? "must be 0 or more" : "must be above 0");
    field = n->value_or(field);
    return {};
  }
  Result<std::optional<std::array<double, 3>>> triple(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<std::array<double, 3>>();
    if (!v->is_array() || v->as_array().size() != 3) return error(key, "must be an array of 3 numbers");
    std::array<double, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) {
      const json::Value& x = v->as_array()[i];
      if (!x.is_number() || !std::isfinite(x.as_number()))
        return error(key, "must be an array of 3 finite numbers");
      out[i] = x.as_number();
    }
    return std::optional<std::array<double, 3>>(out);
  }
  Result<std::optional<std::string>> text(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->is_string()) return error(key, "must be a string");
    return std::optional<std::string>(v->as_string());
  }
  // An array of at most `most` strings.
  Result<std::optional<std::vector<std::string>>> texts(std::string_view key, std::size_t most) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<std::vector<std::string>>();
    const std::string expected = "must be an array of at most " + std::to_string(most) + " strings";
    if (!v->is_array() || v->as_array().size() > most) return error(key, expected);
    std::vector<std::string> out;
    for (const json::Value& x : v->as_array()) {
      if (!x.is_string()) return error(key, expected);
      out.push_back(x.as_string());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
  }
  // A whole number in [lowest, highest].
  Result<std::optional<std::uint64_t>> count(std::string_view key, std::uint64_t lowest,
                                             std::uint64_t highest) const {
    auto n = number(key);
    if (!n) return n.error();
    if (!*n) return std::optional<std::uint64_t>();
    const double d = **n;
    if (d != std::floor(d) || d < static_cast<double>(lowest) || d > static_cast<double>(highest)) {
      return error(
          key, "must be a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest));
    }
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(d));
  }

 private:
  const json::Value& value_;
  std::string_view where_;
};

}  // namespace hs::apt_json
