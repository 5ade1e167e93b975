// hs::Error and hs::Result<T>: errors a user can cause, carried as values with a message that
// names the file, URL or field and the problem. Programming errors assert instead.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hs {

enum class ErrorCode {
  invalid_argument,  // bad command-line use or API call
  parse,             // malformed text or bytes (JSON, URL hash, file header)
  unsupported,       // valid input using a feature we do not implement
  limit,             // input exceeds a configured limit (size, depth, count)
  io,                // file or network failure
  not_found,         // missing file, key or URL (404)
  unavailable,       // transient failure (network error, HTTP 5xx): trying again later may work
  cancelled,         // the user stopped a long job
};

// Stable lower-case name of a code, e.g. "parse".
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::invalid_argument;
  std::string message;  // complete sentence for the user: names the source and the problem
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// Either a value or an Error. Access the value only after checking ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}       // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<T>(data_); }
  const T& value() const& { assert(ok()); return std::get<T>(data_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace hs
