// The in-memory store: a sorted map of keys to values under a mutex.
#include "store/memory_store.h"

namespace hs {

Result<std::vector<Bytes>> slice_ranges(ByteView value, std::span<const ByteRange> ranges,
                                        std::string_view source) {
  std::vector<Bytes> out;
  out.reserve(ranges.size());
  for (const ByteRange& range : ranges) {
    if (range.offset > value.size() || range.length > value.size() - range.offset) {
      return make_error(ErrorCode::parse, std::string(source) + ": truncated: bytes " +
                                              std::to_string(range.offset) + "+" +
                                              std::to_string(range.length) + " requested, the value has " +
                                              std::to_string(value.size()));
    }
    const auto begin = value.begin() + static_cast<std::ptrdiff_t>(range.offset);
    out.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(range.length));
  }
  return out;
}

Result<std::optional<Bytes>> MemoryStore::get(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = values_.find(key);
  if (it == values_.end()) return std::optional<Bytes>();
  return std::optional<Bytes>(it->second);
}

Result<std::optional<std::vector<Bytes>>> MemoryStore::get_ranges(std::string_view key,
                                                                  std::span<const ByteRange> ranges) {
  const std::lock_guard lock(mutex_);
  const auto it = values_.find(key);
  if (it == values_.end()) return std::optional<std::vector<Bytes>>();
  Result<std::vector<Bytes>> slices = slice_ranges(it->second, ranges, describe(key));
  if (!slices) return slices.error();
  return std::optional<std::vector<Bytes>>(std::move(*slices));
}

Result<std::optional<std::uint64_t>> MemoryStore::size(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = values_.find(key);
  if (it == values_.end()) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(it->second.size());
}

std::string MemoryStore::describe(std::string_view key) const {
  return name_ + "/" + std::string(key);
}

Status MemoryStore::set(std::string_view key, ByteView value) {
  const std::lock_guard lock(mutex_);
  values_.insert_or_assign(std::string(key), Bytes(value.begin(), value.end()));
  return {};
}

Status MemoryStore::erase(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = values_.find(key);
  if (it != values_.end()) values_.erase(it);
  return {};
}

}  // namespace hs
