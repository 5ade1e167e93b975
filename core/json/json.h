// Strict JSON (RFC 8259) for the view state and dataset metadata: a value tree that keeps object
// key order, a total parser for untrusted text with size and depth limits, and a deterministic
// writer.
//
// Sections: [Value] the tree · [Parse] reading untrusted text · [Write] serialising.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "util/result.h"

namespace hs::json {

// [Value] ----------------------------------------------------------------------------------------

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;  // insertion order kept; keys unique (parser rejects duplicates)

enum class Type { null, boolean, number, string, array, object };

// Name of a type for messages: "null", "boolean", "number", "string", "array", "object".
const char* type_name(Type type);

class Value {
 public:
  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(double d) : data_(d) {}
  Value(int i) : data_(static_cast<double>(i)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(Array a) : data_(std::move(a)) {}
  Value(Object o) : data_(std::move(o)) {}

  Type type() const { return static_cast<Type>(data_.index()); }
  bool is_null() const { return type() == Type::null; }
  bool is_bool() const { return type() == Type::boolean; }
  bool is_number() const { return type() == Type::number; }
  bool is_string() const { return type() == Type::string; }
  bool is_array() const { return type() == Type::array; }
  bool is_object() const { return type() == Type::object; }

  // Typed access; the caller checks the type first (asserts otherwise).
  bool as_bool() const { return std::get<bool>(data_); }
  double as_number() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return std::get<Array>(data_); }
  Array& as_array() { return std::get<Array>(data_); }
  const Object& as_object() const { return std::get<Object>(data_); }
  Object& as_object() { return std::get<Object>(data_); }

  // Member lookup on an object; nullptr when absent or when this is not an object.
  const Value* find(std::string_view key) const;
  // Appends or replaces a member of an object (this must be an object).
  void set(std::string key, Value value);

  friend bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> data_;
};

// [Parse] ----------------------------------------------------------------------------------------

struct ParseLimits {
  std::size_t max_bytes = 4u << 20;        // whole document
  std::size_t max_depth = 64;              // nested arrays/objects (writing and destroying a tree
                                           // recurse, so keep this modest)
  std::size_t max_string_bytes = 1u << 20; // one string after unescaping
};

// Parses exactly one JSON value (surrounding whitespace allowed). Rejects: invalid UTF-8, lone
// surrogate escapes, control characters in strings, duplicate keys, trailing commas, comments,
// NaN/Infinity, numbers that overflow a double, anything after the value, and input beyond the
// limits. `source` names the document in error messages (e.g. "URL hash", a file path); messages
// also give the byte offset. Never throws, never recurses deeper than max_depth.
Result<Value> parse(std::string_view text, std::string_view source, const ParseLimits& limits = {});

// [Write] ----------------------------------------------------------------------------------------

// Compact, deterministic JSON: members in stored order, numbers in the shortest form that reads
// back to the same double, laid out like JavaScript's Number#toString (integers without a decimal
// point, 1e+21, 1e-7) except that -0 keeps its sign. Strings are escaped so the output is pure
// ASCII (non-ASCII as \u escapes, bytes that are not UTF-8 as U+FFFD) and "<", ">", "&" are
// escaped too, so it can never form markup. Non-finite numbers are written as null.
std::string write(const Value& value);

// The same with two-space indentation, for files a person reads.
std::string write_pretty(const Value& value);

}  // namespace hs::json
