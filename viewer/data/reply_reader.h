// Strict reading of a worker's JSON reply into plain values: each read checks the member's type
// (and size, range), and the first problem is kept as "path.member problem" while later reads
// return empty values, so a parser reads everything and checks once at the end.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace hs {

class ReplyReader {
 public:
  // Reads the object `object` (nullptr: nothing to read, after a problem) found at `path` ("" at
  // the top); problems go to `problem`, which the readers of its members share.
  ReplyReader(const json::Value* object, std::string path, std::string& problem)
      : object_(object), path_(std::move(path)), problem_(&problem) {}

  bool failed() const { return !problem_->empty(); }
  // Records "path.key what" unless a problem is recorded already.
  void fail(std::string_view key, std::string_view what) const;

  // Whether the member `key` is null (a missing member is a problem).
  bool is_null(std::string_view key) const;
  // The member `key`, which must be present.
  const json::Value* get(std::string_view key) const;

  ReplyReader object(std::string_view key) const;
  std::vector<ReplyReader> objects(std::string_view key) const;  // an array of objects
  // A number; with `null_ok`, null reads as NaN.
  double number(std::string_view key, bool null_ok = false) const;
  // A whole number in [lowest, highest] (both at most 2^53).
  std::uint64_t whole(std::string_view key, double lowest, double highest) const;
  // Numbers or nulls (NaN), `size` of them when given.
  std::vector<double> numbers(std::string_view key, std::optional<std::size_t> size = std::nullopt) const;
  // Numbers (no nulls) as floats, a multiple of `group` of them.
  std::vector<float> floats(std::string_view key, std::size_t group) const;
  // Whole numbers in [lowest, below).
  std::vector<std::uint32_t> indices(std::string_view key, std::uint32_t lowest, std::uint64_t below) const;
  std::array<double, 3> triple(std::string_view key) const;  // 3 numbers or nulls
  std::string text(std::string_view key) const;
  std::vector<std::string> texts(std::string_view key) const;
  bool flag(std::string_view key) const;

 private:
  std::string where(std::string_view key) const;
  const json::Array* array(std::string_view key, std::string_view expected) const;

  const json::Value* object_;
  std::string path_;
  std::string* problem_;
};

}  // namespace hs
