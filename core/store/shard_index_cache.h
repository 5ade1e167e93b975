// A small least-recently-used cache of decoded shard indexes, bounded in bytes, so reading many
// bricks of one shard fetches its index once. Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/codecs/sharding.h"

namespace hs {

class ShardIndexCache {
 public:
  // `budget_bytes`: most bytes of index entries kept (16 per inner chunk).
  explicit ShardIndexCache(std::uint64_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // The cached index of the shard stored under `key` and that shard's size in bytes, or
  // {nullptr, 0}; a hit becomes the most recently used.
  std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t> find(std::string_view key);
  // Adds (or replaces) an entry, then evicts the least recently used ones beyond the budget.
  void insert(std::string_view key, std::shared_ptr<const ShardIndex> index, std::uint64_t shard_bytes);
  void erase(std::string_view key);

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const ShardIndex> index;
    std::uint64_t shard_bytes = 0;
  };
  void erase_locked(std::string_view key);

  std::uint64_t budget_bytes_;
  std::uint64_t used_bytes_ = 0;
  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace hs
