// The brick cache: LRU eviction, the hard byte budget, pinning, prefix erasure, budget changes, and
// randomized agreement with a std::list reference model.
#include <catch2/catch.hpp>

#include <cstdint>
#include <iterator>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "volume/brick_cache.h"

namespace hs {
namespace {

std::shared_ptr<const Bytes> bytes_of(std::size_t size, std::uint8_t fill = 7) {
  return std::make_shared<const Bytes>(size, fill);
}

// Deterministic pseudo-random numbers (64-bit LCG, Knuth's MMIX constants), top bits used.
struct Lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

}  // namespace

TEST_CASE("brick cache returns what was put", "[brick_cache]") {
  BrickCache cache(1000);
  const auto a = bytes_of(100, 1);
  const auto b = bytes_of(250, 2);
  CHECK(cache.put("l/0/0", a) == BrickPut::stored);
  CHECK(cache.put("l/0/1", b) == BrickPut::stored);
  CHECK(cache.get("l/0/0") == a);
  CHECK(cache.get("l/0/1") == b);
  CHECK(cache.get("l/0/2") == nullptr);
  CHECK(cache.contains("l/0/1"));
  CHECK_FALSE(cache.contains("l/0"));
  CHECK(cache.bytes_used() == 350);
  CHECK(cache.size() == 2);
  CHECK(cache.budget_bytes() == 1000);
}

TEST_CASE("brick cache evicts the least recently used entry", "[brick_cache]") {
  BrickCache cache(300);
  REQUIRE(cache.put("a", bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.put("b", bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.put("c", bytes_of(100)) == BrickPut::stored);
  CHECK(cache.get("a") != nullptr);  // b is now the least recently used
  CHECK(cache.contains("b"));        // contains() does not change recency
  CHECK(cache.put("d", bytes_of(100)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("b"));
  CHECK(cache.contains("a"));
  CHECK(cache.contains("c"));
  CHECK(cache.contains("d"));
  // Room for 150 more: c (then the oldest) and a both go.
  CHECK(cache.put("e", bytes_of(150)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("c"));
  CHECK_FALSE(cache.contains("a"));
  CHECK(cache.contains("d"));
  CHECK(cache.bytes_used() == 250);
}

TEST_CASE("brick cache refuses an entry larger than the budget", "[brick_cache]") {
  BrickCache cache(100);
  REQUIRE(cache.put("a", bytes_of(60)) == BrickPut::stored);
  CHECK(cache.put("huge", bytes_of(101)) == BrickPut::too_large);
  CHECK_FALSE(cache.contains("huge"));
  CHECK(cache.contains("a"));  // nothing evicted for nothing
  CHECK(cache.bytes_used() == 60);
  CHECK(cache.put("a", bytes_of(101)) == BrickPut::too_large);  // a replacement too
  CHECK(cache.get("a")->size() == 60);
  CHECK(cache.put("full", bytes_of(100)) == BrickPut::stored);  // exactly the budget
  CHECK_FALSE(cache.contains("a"));
  CHECK(cache.bytes_used() == 100);
}

TEST_CASE("brick cache never evicts pinned entries", "[brick_cache]") {
  BrickCache cache(300);
  REQUIRE(cache.put("a", bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.put("b", bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.put("c", bytes_of(100)) == BrickPut::stored);
  CHECK(cache.pin("a"));
  CHECK(cache.pin("b"));
  CHECK_FALSE(cache.pin("absent"));
  CHECK(cache.pinned_bytes() == 200);
  CHECK(cache.put("d", bytes_of(100)) == BrickPut::stored);  // evicts c, the only unpinned one
  CHECK_FALSE(cache.contains("c"));

  // 200 pinned + 200 new > 300: refused, and d is not evicted for nothing.
  CHECK(cache.put("e", bytes_of(200)) == BrickPut::no_room);
  CHECK_FALSE(cache.contains("e"));
  CHECK(cache.contains("d"));
  CHECK(cache.bytes_used() == 300);

  cache.unpin("a");  // a becomes the most recently used: d goes first, then a
  CHECK(cache.pinned_bytes() == 100);
  CHECK(cache.put("e", bytes_of(200)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("d"));
  CHECK_FALSE(cache.contains("a"));
  CHECK(cache.contains("b"));
  CHECK(cache.bytes_used() == 300);
}

TEST_CASE("brick cache pins nest", "[brick_cache]") {
  BrickCache cache(200);
  REQUIRE(cache.put("a", bytes_of(100)) == BrickPut::stored);
  CHECK(cache.pin("a"));
  CHECK(cache.pin("a"));
  cache.unpin("a");
  CHECK(cache.put("b", bytes_of(150)) == BrickPut::no_room);  // a still pinned once
  cache.unpin("a");
  cache.unpin("a");  // one unpin too many: ignored
  CHECK(cache.pinned_bytes() == 0);
  CHECK(cache.put("b", bytes_of(150)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("a"));
}

TEST_CASE("brick cache replaces entries and keeps their pins", "[brick_cache]") {
  BrickCache cache(200);
  REQUIRE(cache.put("a", bytes_of(100, 1)) == BrickPut::stored);
  const auto smaller = bytes_of(50, 2);
  CHECK(cache.put("a", smaller) == BrickPut::stored);
  CHECK(cache.get("a") == smaller);
  CHECK(cache.bytes_used() == 50);
  CHECK(cache.size() == 1);

  REQUIRE(cache.put("b", bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.pin("a"));
  REQUIRE(cache.pin("b"));
  // The new a may use what the old a used, but not b's pinned 100.
  CHECK(cache.put("a", bytes_of(101)) == BrickPut::no_room);
  CHECK(cache.get("a") == smaller);
  CHECK(cache.put("a", bytes_of(100, 3)) == BrickPut::stored);
  CHECK(cache.pinned_bytes() == 200);
  CHECK(cache.bytes_used() == 200);
  cache.unpin("a");
  CHECK(cache.pinned_bytes() == 100);
  // A replacement of an unpinned entry may evict others but not itself.
  cache.unpin("b");
  CHECK(cache.put("b", bytes_of(150)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("a"));
  CHECK(cache.bytes_used() == 150);
}

TEST_CASE("brick cache shrinking the budget evicts at once", "[brick_cache]") {
  BrickCache cache(400);
  for (const char* key : {"a", "b", "c", "d"}) REQUIRE(cache.put(key, bytes_of(100)) == BrickPut::stored);
  REQUIRE(cache.get("a") != nullptr);  // order from least recent: b, c, d, a
  REQUIRE(cache.pin("c"));
  CHECK(cache.set_budget(250).ok());
  CHECK(cache.budget_bytes() == 250);
  CHECK(cache.bytes_used() == 200);  // b and d evicted, c pinned, a recent
  CHECK_FALSE(cache.contains("b"));
  CHECK_FALSE(cache.contains("d"));
  CHECK(cache.contains("a"));
  CHECK(cache.contains("c"));

  const Status refused = cache.set_budget(99);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::limit);
  CHECK(refused.error().message ==
        "brick cache: a budget of 99 bytes is below the 100 bytes of pinned bricks");
  CHECK(cache.budget_bytes() == 250);
  CHECK(cache.bytes_used() == 200);

  CHECK(cache.set_budget(100).ok());
  CHECK(cache.bytes_used() == 100);
  CHECK(cache.contains("c"));
  CHECK(cache.set_budget(1000).ok());  // growing evicts nothing
  CHECK(cache.bytes_used() == 100);
}

TEST_CASE("brick cache erases keys and prefixes, pinned or not", "[brick_cache]") {
  BrickCache cache(1000);
  for (const char* key : {"l1/a", "l1/b", "l10/a", "l2/a", "l"})
    REQUIRE(cache.put(key, bytes_of(10)) == BrickPut::stored);
  REQUIRE(cache.pin("l1/b"));
  cache.erase_prefix("l1/");
  CHECK_FALSE(cache.contains("l1/a"));
  CHECK_FALSE(cache.contains("l1/b"));
  CHECK(cache.contains("l10/a"));
  CHECK(cache.contains("l"));
  CHECK(cache.pinned_bytes() == 0);
  cache.unpin("l1/b");  // erased: ignored
  cache.erase("l2/a");
  cache.erase("absent");
  CHECK(cache.size() == 2);
  CHECK(cache.bytes_used() == 20);
  cache.erase_prefix("");
  CHECK(cache.size() == 0);
  CHECK(cache.bytes_used() == 0);
}

TEST_CASE("brick cache keeps values alive for holders after eviction", "[brick_cache]") {
  BrickCache cache(100);
  REQUIRE(cache.put("a", bytes_of(100, 42)) == BrickPut::stored);
  const std::shared_ptr<const Bytes> held = cache.get("a");
  REQUIRE(cache.put("b", bytes_of(100)) == BrickPut::stored);
  CHECK_FALSE(cache.contains("a"));
  REQUIRE(held != nullptr);
  CHECK(held->size() == 100);
  CHECK((*held)[99] == 42);
}

TEST_CASE("brick cache handles empty values and a zero budget", "[brick_cache]") {
  BrickCache cache(0);
  CHECK(cache.put("empty", bytes_of(0)) == BrickPut::stored);
  CHECK(cache.put("one", bytes_of(1)) == BrickPut::too_large);
  CHECK(cache.bytes_used() == 0);
  CHECK(cache.size() == 1);
}

namespace {

// Reference model: a std::list in recency order (most recent first); pinned entries stay in the
// list and are skipped by eviction.
class ModelCache {
 public:
  explicit ModelCache(std::uint64_t budget_bytes) : budget_(budget_bytes) {}

  BrickPut put(const std::string& key, std::shared_ptr<const Bytes> value) {
    const std::uint64_t bytes = value->size();
    if (bytes > budget_) return BrickPut::too_large;
    std::uint64_t pinned_others = 0;
    for (const Entry& entry : entries_)
      if (entry.pins > 0 && entry.key != key) pinned_others += entry.bytes;
    if (pinned_others + bytes > budget_) return BrickPut::no_room;
    int pins = 0;
    const auto old = find(key);
    if (old != entries_.end()) {
      pins = old->pins;
      entries_.erase(old);
    }
    while (used() + bytes > budget_) {
      auto victim = std::prev(entries_.end());
      while (victim->pins > 0) --victim;  // an unpinned one exists: checked above
      entries_.erase(victim);
    }
    entries_.push_front(Entry{key, std::move(value), bytes, pins});
    return BrickPut::stored;
  }

  std::shared_ptr<const Bytes> get(const std::string& key) {
    const auto it = find(key);
    if (it == entries_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it);
    return it->value;
  }

  bool pin(const std::string& key) {
    const auto it = find(key);
    if (it == entries_.end()) return false;
    ++it->pins;
    return true;
  }

  void unpin(const std::string& key) {
    const auto it = find(key);
    if (it == entries_.end() || it->pins == 0) return;
    if (--it->pins == 0) entries_.splice(entries_.begin(), entries_, it);
  }

  void erase(const std::string& key) {
    entries_.remove_if([&](const Entry& entry) { return entry.key == key; });
  }

  void erase_prefix(const std::string& prefix) {
    entries_.remove_if([&](const Entry& entry) { return entry.key.compare(0, prefix.size(), prefix) == 0; });
  }

  bool set_budget(std::uint64_t budget_bytes) {
    if (pinned() > budget_bytes) return false;
    budget_ = budget_bytes;
    for (auto it = entries_.end(); used() > budget_ && it != entries_.begin();) {
      --it;
      if (it->pins == 0) it = entries_.erase(it);
    }
    return true;
  }

  bool contains(const std::string& key) const {
    for (const Entry& entry : entries_)
      if (entry.key == key) return true;
    return false;
  }
  std::uint64_t used() const {
    std::uint64_t total = 0;
    for (const Entry& entry : entries_) total += entry.bytes;
    return total;
  }
  std::uint64_t pinned() const {
    std::uint64_t total = 0;
    for (const Entry& entry : entries_)
      if (entry.pins > 0) total += entry.bytes;
    return total;
  }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const Bytes> value;
    std::uint64_t bytes;
    int pins;
  };
  std::list<Entry>::iterator find(const std::string& key) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->key == key) return it;
    return entries_.end();
  }

  std::uint64_t budget_;
  std::list<Entry> entries_;
};

}  // namespace

TEST_CASE("brick cache agrees with a list model under random operations", "[brick_cache]") {
  const std::vector<std::string> prefixes = {"v/", "p/", "v/1", ""};
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    Lcg rng{seed};
    std::uint64_t budget = 200 + rng.below(400);
    BrickCache cache(budget);
    ModelCache model(budget);
    std::vector<std::string> keys;
    for (int i = 0; i < 16; ++i) keys.push_back(std::string(i % 2 == 0 ? "v/" : "p/") + std::to_string(i));
    for (int step = 0; step < 3000; ++step) {
      const std::string& key = keys[rng.below(static_cast<std::uint32_t>(keys.size()))];
      const std::uint32_t op = rng.below(100);
      if (op < 35) {
        const auto value = bytes_of(rng.below(8) == 0 ? 250 + rng.below(400) : rng.below(120));
        CHECK(cache.put(key, value) == model.put(key, value));
      } else if (op < 60) {
        CHECK(cache.get(key) == model.get(key));
      } else if (op < 72) {
        CHECK(cache.pin(key) == model.pin(key));
      } else if (op < 85) {
        cache.unpin(key);
        model.unpin(key);
      } else if (op < 90) {
        cache.erase(key);
        model.erase(key);
      } else if (op < 93) {
        const std::string& prefix = prefixes[rng.below(static_cast<std::uint32_t>(prefixes.size()))];
        cache.erase_prefix(prefix);
        model.erase_prefix(prefix);
      } else {
        budget = rng.below(700);
        CHECK(cache.set_budget(budget).ok() == model.set_budget(budget));
      }
      REQUIRE(cache.bytes_used() <= cache.budget_bytes());
      CHECK(cache.bytes_used() == model.used());
      CHECK(cache.pinned_bytes() == model.pinned());
      CHECK(cache.size() == model.size());
      for (const std::string& each : keys) CHECK(cache.contains(each) == model.contains(each));
    }
  }
}

}  // namespace hs
