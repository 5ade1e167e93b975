// Brick cache: an ordered key map (for prefix erasure) plus a recency list of the unpinned keys,
// so eviction never has to skip pinned entries.
#include "volume/brick_cache.h"

#include <cassert>
#include <iterator>
#include <utility>

namespace hs {

BrickPut BrickCache::put(std::string_view key, std::shared_ptr<const Bytes> value) {
  assert(value != nullptr);
  const std::uint64_t bytes = value->size();
  if (bytes > budget_bytes_) return BrickPut::too_large;
  auto it = entries_.find(key);
  const bool replacing = it != entries_.end();
  const bool pinned = replacing && it->second.pins > 0;
  // Eviction can free everything but the other pinned entries (pinned_bytes_ <= budget_bytes_).
  const std::uint64_t pinned_others = pinned_bytes_ - (pinned ? it->second.bytes : 0);
  if (bytes > budget_bytes_ - pinned_others) return BrickPut::no_room;

  if (replacing) {  // take the old value out of the accounts, and out of eviction's reach
    used_bytes_ -= it->second.bytes;
    if (pinned) {
      pinned_bytes_ -= it->second.bytes;
    } else {
      lru_.erase(it->second.lru_pos);
    }
  }
  evict_to(budget_bytes_ - bytes);
  assert(used_bytes_ + bytes <= budget_bytes_);
  if (!replacing) it = entries_.emplace(std::string(key), Entry{}).first;
  Entry& entry = it->second;
  entry.value = std::move(value);
  entry.bytes = bytes;
  used_bytes_ += bytes;
  if (pinned) {
    pinned_bytes_ += bytes;
  } else {
    lru_.push_front(&it->first);
    entry.lru_pos = lru_.begin();
  }
  return BrickPut::stored;
}

std::shared_ptr<const Bytes> BrickCache::get(std::string_view key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.pins == 0) lru_.splice(lru_.begin(), lru_, it->second.lru_pos);
  return it->second.value;
}

bool BrickCache::contains(std::string_view key) const {
  return entries_.find(key) != entries_.end();
}

bool BrickCache::pin(std::string_view key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  Entry& entry = it->second;
  if (entry.pins++ == 0) {
    lru_.erase(entry.lru_pos);
    pinned_bytes_ += entry.bytes;
  }
  return true;
}

void BrickCache::unpin(std::string_view key) {
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.pins == 0) return;
  Entry& entry = it->second;
  if (--entry.pins == 0) {
    pinned_bytes_ -= entry.bytes;
    lru_.push_front(&it->first);
    entry.lru_pos = lru_.begin();
  }
}

void BrickCache::erase(std::string_view key) {
  const auto it = entries_.find(key);
  if (it != entries_.end()) remove_entry(it);
}

void BrickCache::erase_prefix(std::string_view prefix) {
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix) {
    const auto next = std::next(it);
    remove_entry(it);
    it = next;
  }
}

Status BrickCache::set_budget(std::uint64_t budget_bytes) {
  if (pinned_bytes_ > budget_bytes) {
    return make_error(ErrorCode::limit, "brick cache: a budget of " + std::to_string(budget_bytes) +
                                            " bytes is below the " + std::to_string(pinned_bytes_) +
                                            " bytes of pinned bricks");
  }
  budget_bytes_ = budget_bytes;
  evict_to(budget_bytes);
  return {};
}

void BrickCache::remove_entry(EntryMap::iterator it) {
  const Entry& entry = it->second;
  used_bytes_ -= entry.bytes;
  if (entry.pins > 0) {
    pinned_bytes_ -= entry.bytes;
  } else {
    lru_.erase(entry.lru_pos);
  }
  entries_.erase(it);
}

void BrickCache::evict_to(std::uint64_t limit_bytes) {
  while (used_bytes_ > limit_bytes && !lru_.empty()) remove_entry(entries_.find(*lru_.back()));
}

}  // namespace hs
