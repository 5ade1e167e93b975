// The octree builder's working record: an ion and its sampling priority (24 bytes, the unit of
// the memory budget and of the temporary files).
#pragma once

#include <cstdint>

#include "points/ion.h"

namespace hs::detail {

struct OctreeRecord {
  Ion ion;
  std::uint64_t priority = 0;  // splitmix64(seed ^ input index); distinct for distinct indices
};
static_assert(sizeof(OctreeRecord) == 24, "temporary files hold records byte for byte");

inline bool lower_priority(const OctreeRecord& a, const OctreeRecord& b) {
  return a.priority < b.priority;
}

}  // namespace hs::detail
