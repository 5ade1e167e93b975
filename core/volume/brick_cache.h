// Decoded bricks (and point-cloud nodes) kept in memory under their string keys, least recently
// used first out, within a hard byte budget: bytes_used() never exceeds budget_bytes(). Entries can
// be pinned (e.g. while being uploaded to the GPU) and are then never evicted. Not thread-safe:
// owned by the viewer's main thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace hs {

enum class BrickPut {
  stored,     // the entry is in the cache (least recently used unpinned entries were evicted)
  too_large,  // the value alone is larger than the whole budget: not stored, the cache is unchanged
  no_room,    // pinned entries leave too little room: not stored, the cache is unchanged
};

class BrickCache {
 public:
  explicit BrickCache(std::uint64_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // Stores (or replaces) `key`, counting value->size() bytes, as the most recently used entry,
  // evicting least recently used unpinned entries until it fits. A replaced entry keeps its pins.
  // `value` must not be null.
  [[nodiscard]] BrickPut put(std::string_view key, std::shared_ptr<const Bytes> value);

  // The value of `key` (now the most recently used), or nullptr.
  std::shared_ptr<const Bytes> get(std::string_view key);
  // Whether `key` is cached, without changing its recency.
  bool contains(std::string_view key) const;

  // Pins `key` (pins nest): it is not evicted until unpinned as often. False when `key` is absent.
  bool pin(std::string_view key);
  // Undoes one pin; when none is left the entry becomes the most recently used. Absent or
  // unpinned keys are ignored (an erased entry loses its pins).
  void unpin(std::string_view key);

  // Removes `key`, or every key starting with `prefix` (a removed layer), pinned or not. Holders
  // of a value's shared_ptr keep it alive.
  void erase(std::string_view key);
  void erase_prefix(std::string_view prefix);

  // Changes the budget; shrinking evicts least recently used unpinned entries at once. An error
  // (ErrorCode::limit, budget unchanged) when the pinned entries alone exceed `budget_bytes`.
  Status set_budget(std::uint64_t budget_bytes);

  std::uint64_t budget_bytes() const { return budget_bytes_; }
  std::uint64_t bytes_used() const { return used_bytes_; }
  std::uint64_t pinned_bytes() const { return pinned_bytes_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::shared_ptr<const Bytes> value;
    std::uint64_t bytes = 0;
    int pins = 0;
    std::list<const std::string*>::iterator lru_pos;  // valid while pins == 0
  };
  using EntryMap = std::map<std::string, Entry, std::less<>>;

  void remove_entry(EntryMap::iterator it);
  // Evicts least recently used unpinned entries until at most `limit_bytes` are used (or none is left).
  void evict_to(std::uint64_t limit_bytes);

  std::uint64_t budget_bytes_;
  std::uint64_t used_bytes_ = 0;
  std::uint64_t pinned_bytes_ = 0;
  EntryMap entries_;
  std::list<const std::string*> lru_;  // unpinned keys, most recently used first
};

}  // namespace hs
