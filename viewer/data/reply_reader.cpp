// Strict, first-problem-kept reading of a JSON reply.
#include "data/reply_reader.h"

#include <cmath>
#include <limits>
#include <utility>

namespace hs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string shortest(double n) { return json::write(json::Value(n)); }

bool is_whole_in(double n, double lowest, double highest) { return n >= lowest && n <= highest && n == std::floor(n); }

}  // namespace

void ReplyReader::fail(std::string_view key, std::string_view what) const {
  if (!failed()) *problem_ = where(key) + " " + std::string(what);
}

std::string ReplyReader::where(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const json::Value* ReplyReader::get(std::string_view key) const {
  if (failed() || object_ == nullptr) return nullptr;
  const json::Value* v = object_->find(key);
  if (v == nullptr) fail(key, "is missing");
  return v;
}

bool ReplyReader::is_null(std::string_view key) const {
  const json::Value* v = get(key);
  return v != nullptr && v->is_null();
}

const json::Array* ReplyReader::array(std::string_view key, std::string_view expected) const {
  const json::Value* v = get(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    fail(key, expected);
    return nullptr;
  }
  return &v->as_array();
}

ReplyReader ReplyReader::object(std::string_view key) const {
  const json::Value* v = get(key);
  if (v != nullptr && !v->is_object()) fail(key, "must be an object");
  return ReplyReader(v != nullptr && v->is_object() ? v : nullptr, where(key), *problem_);
}

std::vector<ReplyReader> ReplyReader::objects(std::string_view key) const {
  std::vector<ReplyReader> out;
  const json::Array* list = array(key, "must be an array of objects");
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (!(*list)[i].is_object()) {
      fail(key, "must be an array of objects");
      return {};
    }
    out.emplace_back(&(*list)[i], where(key) + "[" + std::to_string(i) + "]", *problem_);
  }
  return out;
}

double ReplyReader::number(std::string_view key, bool null_ok) const {
  const json::Value* v = get(key);
  if (v == nullptr) return kNaN;
  if (v->is_number()) return v->as_number();
  if (null_ok && v->is_null()) return kNaN;
  fail(key, null_ok ? "must be a number or null" : "must be a number");
  return kNaN;
}

std::uint64_t ReplyReader::whole(std::string_view key, double lowest, double highest) const {
  const double n = number(key);
  if (failed()) return 0;
  if (!is_whole_in(n, lowest, highest)) {
    fail(key, "must be a whole number from " + shortest(lowest) + " to " + shortest(highest));
    return 0;
  }
  return static_cast<std::uint64_t>(n);
}

std::vector<double> ReplyReader::numbers(std::string_view key, std::optional<std::size_t> size) const {
  std::vector<double> out;
  const std::string expected =
      "must be an array of " + (size ? std::to_string(*size) + " " : std::string()) + "numbers or nulls";
  const json::Array* list = array(key, expected);
  if (list == nullptr) return out;
  if (size && list->size() != *size) {
    fail(key, expected);
    return out;
  }
  out.reserve(list->size());
  for (const json::Value& v : *list) {
    if (!v.is_number() && !v.is_null()) {
      fail(key, expected);
      return {};
    }
    out.push_back(v.is_number() ? v.as_number() : kNaN);
  }
  return out;
}

std::vector<float> ReplyReader::floats(std::string_view key, std::size_t group) const {
  std::vector<float> out;
  const std::string expected = "must be an array of numbers, " + std::to_string(group) + " per item";
  const json::Array* list = array(key, expected);
  if (list == nullptr) return out;
  if (list->size() % group != 0) {
    fail(key, expected);
    return out;
  }
  out.reserve(list->size());
  for (const json::Value& v : *list) {
    if (!v.is_number()) {
      fail(key, expected);
      return {};
    }
    out.push_back(static_cast<float>(v.as_number()));
  }
  return out;
}

std::vector<std::uint32_t> ReplyReader::indices(std::string_view key, std::uint32_t lowest, std::uint64_t below) const {
  std::vector<std::uint32_t> out;
  const std::string expected =
      "must be an array of whole numbers in [" + std::to_string(lowest) + ", " + std::to_string(below) + ")";
  const json::Array* list = array(key, expected);
  if (list == nullptr) return out;
  out.reserve(list->size());
  for (const json::Value& v : *list) {
    const double n = v.is_number() ? v.as_number() : kNaN;
    if (!is_whole_in(n, lowest, static_cast<double>(below) - 1)) {
      fail(key, expected);
      return {};
    }
    out.push_back(static_cast<std::uint32_t>(n));
  }
  return out;
}

std::array<double, 3> ReplyReader::triple(std::string_view key) const {
  const std::vector<double> v = numbers(key, 3);
  return v.size() == 3 ? std::array<double, 3>{v[0], v[1], v[2]} : std::array<double, 3>{kNaN, kNaN, kNaN};
}

std::string ReplyReader::text(std::string_view key) const {
  const json::Value* v = get(key);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    fail(key, "must be a string");
    return {};
  }
  return v->as_string();
}

std::vector<std::string> ReplyReader::texts(std::string_view key) const {
  std::vector<std::string> out;
  const json::Array* list = array(key, "must be an array of strings");
  if (list == nullptr) return out;
  for (const json::Value& v : *list) {
    if (!v.is_string()) {
      fail(key, "must be an array of strings");
      return {};
    }
    out.push_back(v.as_string());
  }
  return out;
}

bool ReplyReader::flag(std::string_view key) const {
  const json::Value* v = get(key);
  if (v != nullptr && !v->is_bool()) fail(key, "must be true or false");
  return v != nullptr && v->is_bool() && v->as_bool();
}

}  // namespace hs
