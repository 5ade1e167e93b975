// A key-value store held in memory: tests, files dropped into the browser, and staging.
// Thread-safe (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "store/store.h"

namespace hs {

class MemoryStore final : public WritableStore {
 public:
  // `name` prefixes keys in messages: describe("a/zarr.json") == name + "/a/zarr.json".
  explicit MemoryStore(std::string name = "memory") : name_(std::move(name)) {}

  Result<std::optional<Bytes>> get(std::string_view key) override;
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override;
  Result<std::optional<std::uint64_t>> size(std::string_view key) override;
  std::string describe(std::string_view key) const override;
  Status set(std::string_view key, ByteView value) override;
  Status erase(std::string_view key) override;

 private:
  std::string name_;
  mutable std::mutex mutex_;
  std::map<std::string, Bytes, std::less<>> values_;
};

// Copies `ranges` out of `value`; an error naming `source` if a range lies beyond its end. Shared
// by stores that hold or read whole values.
Result<std::vector<Bytes>> slice_ranges(ByteView value, std::span<const ByteRange> ranges,
                                        std::string_view source);

}  // namespace hs
