// Key-value stores that Zarr hierarchies live in: one read interface (whole value or a byte range
// of it; a missing key is not an error) for the file system, memory, zip files and HTTP, and a
// write interface for the converter. Keys are '/'-separated paths relative to the store root.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace hs {

// `length` bytes starting at `offset` of one value.
struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

class ReadableStore {
 public:
  virtual ~ReadableStore() = default;

  // The whole value. nullopt when the key does not exist; an error (naming describe(key)) when it
  // exists but cannot be read.
  virtual Result<std::optional<Bytes>> get(std::string_view key) = 0;

  // Several ranges of one value, in the order asked; implementations may coalesce them into fewer
  // requests. nullopt when the key does not exist; an error when a range lies beyond the value's
  // end (the value is shorter than its metadata claims: truncated data).
  virtual Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                               std::span<const ByteRange> ranges) = 0;

  // Size of a value in bytes, or nullopt when the key does not exist.
  virtual Result<std::optional<std::uint64_t>> size(std::string_view key) = 0;

  // Where a key lives, for messages: a path or URL.
  virtual std::string describe(std::string_view key) const = 0;
};

class WritableStore : public ReadableStore {
 public:
  // Creates or replaces a value (atomically where the medium allows: no half-written files).
  virtual Status set(std::string_view key, ByteView value) = 0;
  // Removes a value; removing a missing key is not an error.
  virtual Status erase(std::string_view key) = 0;
};

}  // namespace hs
