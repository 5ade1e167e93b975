// LRU cache of shard indexes: a list in recency order plus a key map.
#include "store/shard_index_cache.h"

namespace hs {
namespace {

std::uint64_t bytes_of(const ShardIndex& index) {
  return index.size() * sizeof(ShardIndexEntry);
}

}  // namespace

std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t> ShardIndexCache::find(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = by_key_.find(std::string(key));
  if (it == by_key_.end()) return {nullptr, 0};
  entries_.splice(entries_.begin(), entries_, it->second);
  return {it->second->index, it->second->shard_bytes};
}

void ShardIndexCache::insert(std::string_view key, std::shared_ptr<const ShardIndex> index,
                             std::uint64_t shard_bytes) {
  const std::lock_guard lock(mutex_);
  erase_locked(key);
  used_bytes_ += bytes_of(*index);
  entries_.push_front(Entry{std::string(key), std::move(index), shard_bytes});
  by_key_[entries_.front().key] = entries_.begin();
  while (used_bytes_ > budget_bytes_ && !entries_.empty()) {
    const std::string oldest = entries_.back().key;
    erase_locked(oldest);
  }
}

void ShardIndexCache::erase(std::string_view key) {
  const std::lock_guard lock(mutex_);
  erase_locked(key);
}

void ShardIndexCache::erase_locked(std::string_view key) {
  const auto it = by_key_.find(std::string(key));
  if (it == by_key_.end()) return;
  used_bytes_ -= bytes_of(*it->second->index);
  entries_.erase(it->second);
  by_key_.erase(it);
}

}  // namespace hs
