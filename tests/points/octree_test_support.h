// Test-only helpers for the octree builder: point sets from a small LCG, a brute-force octree
// written straight from the definition (independent of the builder), a runner that collects the
// builder's output, and node table consistency checks.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <vector>

#include "points/octree_build.h"

namespace hs::test {

// Knuth's MMIX LCG; uniform floats from the top 24 bits.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return state_;
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 40) / 16777216.0; }
  float in(double low, double high) { return static_cast<float>(low + (high - low) * unit()); }

 private:
  std::uint64_t state_;
};

// `count` ions uniform in the box [0, size) with masses 1..100.
inline std::vector<Ion> uniform_ions(std::size_t count, std::array<double, 3> size, std::uint64_t seed) {
  Lcg rng(seed);
  std::vector<Ion> ions(count);
  for (Ion& ion : ions) ion = Ion{rng.in(0, size[0]), rng.in(0, size[1]), rng.in(0, size[2]), rng.in(1, 100)};
  return ions;
}

// `count` ions uniform in the ball of `radius_nm` around `centre` (rejection sampling).
inline std::vector<Ion> ball_ions(std::size_t count, std::array<double, 3> centre, double radius_nm,
                                  std::uint64_t seed) {
  Lcg rng(seed);
  std::vector<Ion> ions;
  while (ions.size() < count) {
    const double x = rng.unit() * 2 - 1, y = rng.unit() * 2 - 1, z = rng.unit() * 2 - 1;
    if (x * x + y * y + z * z > 1) continue;
    ions.push_back(Ion{static_cast<float>(centre[0] + radius_nm * x),
                       static_cast<float>(centre[1] + radius_nm * y),
                       static_cast<float>(centre[2] + radius_nm * z), 55});
  }
  return ions;
}

// SplitMix64's output for state x (Steele, Lea, Flood 2014), spelled out again for the reference.
inline std::uint64_t reference_priority(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = (seed ^ index) + 0x9E3779B97F4A7C15u;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

struct ReferenceNode {
  std::uint32_t level = 0;
  std::uint64_t path = 0;
  std::uint64_t parent = kNoOctreeNode;
  std::array<std::uint32_t, 3> cell{0, 0, 0};
  std::vector<std::uint64_t> kept;  // input indices, by increasing priority
};

struct ReferenceOctree {
  std::vector<ReferenceNode> nodes;  // breadth-first
  std::vector<Ion> rows;
  std::vector<std::uint64_t> indices;
  std::array<double, 3> min_nm{0, 0, 0};
  double edge_nm = 0;
};

// The definition, literally: a queue of nodes (children pushed in child order, hence breadth-first
// with a level ordered by parent then child index), each sorting all its ions by (priority, index).
inline ReferenceOctree reference_octree(const std::vector<Ion>& ions, std::uint64_t capacity, int max_depth,
                                        std::uint64_t seed) {
  ReferenceOctree tree;
  std::vector<std::uint64_t> finite;
  std::array<double, 3> low{0, 0, 0}, high{0, 0, 0};
  for (std::uint64_t i = 0; i < ions.size(); ++i) {
    const Ion& ion = ions[i];
    if (!std::isfinite(ion.x_nm) || !std::isfinite(ion.y_nm) || !std::isfinite(ion.z_nm) ||
        !std::isfinite(ion.mass_da)) {
      continue;
    }
    const std::array<double, 3> p{ion.x_nm, ion.y_nm, ion.z_nm};
    for (int a = 0; a < 3; ++a) {
      low[a] = finite.empty() ? p[a] : std::min(low[a], p[a]);
      high[a] = finite.empty() ? p[a] : std::max(high[a], p[a]);
    }
    finite.push_back(i);
  }
  if (finite.empty()) return tree;
  tree.min_nm = low;
  for (int a = 0; a < 3; ++a) tree.edge_nm = std::max(tree.edge_nm, high[a] - low[a]);
  // The cube must reach the highest ion although min + (max - min) may round below max.
  for (int a = 0; a < 3; ++a) {
    while (tree.min_nm[a] + tree.edge_nm < high[a]) tree.edge_nm = std::nextafter(tree.edge_nm, 1e300);
  }

  struct Pending {
    ReferenceNode node;
    std::vector<std::uint64_t> members;
  };
  std::deque<Pending> queue;
  queue.push_back(Pending{ReferenceNode{}, finite});
  while (!queue.empty()) {
    Pending pending = std::move(queue.front());
    queue.pop_front();
    std::vector<std::uint64_t>& members = pending.members;
    std::sort(members.begin(), members.end(), [seed](std::uint64_t a, std::uint64_t b) {
      const std::uint64_t pa = reference_priority(seed, a), pb = reference_priority(seed, b);
      return pa != pb ? pa < pb : a < b;
    });
    const bool leaf = members.size() <= capacity || static_cast<int>(pending.node.level) == max_depth;
    const std::size_t keep = leaf ? members.size() : static_cast<std::size_t>(capacity);
    ReferenceNode node = pending.node;
    node.kept.assign(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(keep));
    const std::uint64_t index = tree.nodes.size();
    tree.nodes.push_back(node);
    if (leaf) continue;
    const double scale = static_cast<double>(std::uint64_t{1} << (node.level + 1));
    std::array<double, 3> mid{};
    for (int a = 0; a < 3; ++a) mid[a] = tree.min_nm[a] + tree.edge_nm * ((2.0 * node.cell[a] + 1.0) / scale);
    for (int child = 0; child < 8; ++child) {
      Pending next;
      next.node.level = node.level + 1;
      next.node.path = node.path * 8 + static_cast<std::uint64_t>(child);
      next.node.parent = index;
      for (int a = 0; a < 3; ++a) next.node.cell[a] = node.cell[a] * 2 + ((child >> a) & 1);
      for (std::size_t k = keep; k < members.size(); ++k) {
        const Ion& ion = ions[members[k]];
        const std::array<double, 3> p{ion.x_nm, ion.y_nm, ion.z_nm};
        int c = 0;
        for (int a = 0; a < 3; ++a) c |= (p[a] >= mid[a] ? 1 : 0) << a;
        if (c == child) next.members.push_back(members[k]);
      }
      if (!next.members.empty()) queue.push_back(std::move(next));
    }
  }
  for (const ReferenceNode& node : tree.nodes) {
    for (std::uint64_t i : node.kept) {
      tree.rows.push_back(ions[i]);
      tree.indices.push_back(i);
    }
  }
  return tree;
}

// What build_octree wrote.
struct BuildOutput {
  Result<OctreeBuildResult> result = make_error(ErrorCode::invalid_argument, "not run");
  std::vector<Ion> rows;
  std::vector<std::uint64_t> indices;
  std::size_t write_calls = 0;
};

inline IonReadFn vector_reader(const std::vector<Ion>& ions) {
  return [&ions](std::uint64_t first, std::uint64_t count, std::span<Ion> out) -> Status {
    REQUIRE(out.size() == count);
    REQUIRE(first + count <= ions.size());
    std::copy_n(ions.begin() + static_cast<std::ptrdiff_t>(first), count, out.begin());
    return {};
  };
}

// Runs the builder on `ions` (options.write_input_indices is filled in).
inline BuildOutput run_build(const std::vector<Ion>& ions, OctreeBuildOptions options,
                             const IonReadFn& read = {}) {
  BuildOutput out;
  options.write_input_indices = [&out](std::span<const std::uint64_t> indices) -> Status {
    out.indices.insert(out.indices.end(), indices.begin(), indices.end());
    return {};
  };
  const IonWriteFn write = [&out](std::span<const Ion> rows) -> Status {
    out.rows.insert(out.rows.end(), rows.begin(), rows.end());
    ++out.write_calls;
    return {};
  };
  out.result = build_octree(ions.size(), read ? read : vector_reader(ions), write, options);
  return out;
}

inline bool same_bytes(const std::vector<Ion>& a, const std::vector<Ion>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Ion)) == 0);
}

// Compares the builder's output with the reference, row by row and node by node.
inline void check_matches_reference(const BuildOutput& out, const ReferenceOctree& ref) {
  REQUIRE(out.result.ok());
  const std::vector<OctreeNode>& nodes = out.result->nodes;
  CHECK(same_bytes(out.rows, ref.rows));
  CHECK(out.indices == ref.indices);
  REQUIRE(nodes.size() == ref.nodes.size());
  if (!nodes.empty()) {
    CHECK(out.result->cube.min_nm == ref.min_nm);
    CHECK(out.result->cube.edge_nm == ref.edge_nm);
  }
  std::uint64_t row = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    INFO("node " << i);
    const ReferenceNode& expected = ref.nodes[i];
    CHECK(nodes[i].level == expected.level);
    CHECK(nodes[i].path == expected.path);
    CHECK(nodes[i].parent == expected.parent);
    CHECK(nodes[i].row_start == row);
    CHECK(nodes[i].row_count == expected.kept.size());
    row += expected.kept.size();
    const double scale = static_cast<double>(std::uint64_t{1} << expected.level);
    for (int a = 0; a < 3; ++a) {
      CHECK(nodes[i].min_nm[a] == ref.min_nm[a] + ref.edge_nm * (expected.cell[a] / scale));
      CHECK(nodes[i].max_nm[a] == ref.min_nm[a] + ref.edge_nm * ((expected.cell[a] + 1.0) / scale));
    }
  }
}

// Checks the node table against the rows: tiling, links, bounds, capacities, priority order.
inline void check_node_table(const OctreeBuildResult& result, const std::vector<Ion>& rows,
                             const std::vector<std::uint64_t>& indices, const OctreeBuildOptions& options) {
  const std::vector<OctreeNode>& nodes = result.nodes;
  REQUIRE(rows.size() == result.row_count);
  REQUIRE(indices.size() == rows.size());
  REQUIRE(nodes.empty() == rows.empty());
  std::uint64_t next_row = 0;
  std::vector<std::uint64_t> subtree(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    INFO("node " << i);
    const OctreeNode& node = nodes[i];
    CHECK(node.row_start == next_row);
    next_row += node.row_count;
    CHECK(node.row_count >= 1);
    if (i > 0) {
      const OctreeNode& before = nodes[i - 1];
      CHECK((before.level < node.level || (before.level == node.level && before.path < node.path)));
    }
    // Children: consecutive, as the mask says, inside the parent's cube.
    std::size_t children = 0;
    for (std::size_t j = i + 1; j < nodes.size(); ++j) {
      if (nodes[j].parent == i) ++children;
    }
    CHECK(children == static_cast<std::size_t>(std::popcount(static_cast<unsigned>(node.child_mask))));
    for (std::size_t k = 0; k < children; ++k) {
      const std::uint64_t c = node.first_child + k;
      REQUIRE(c < nodes.size());
      CHECK(nodes[c].parent == i);
      CHECK(((node.child_mask >> (nodes[c].path & 7)) & 1) == 1);
    }
    if (i == 0) {
      CHECK(node.level == 0);
      CHECK(node.parent == kNoOctreeNode);
    } else {
      REQUIRE(node.parent < i);
      const OctreeNode& parent = nodes[node.parent];
      CHECK(node.level == parent.level + 1);
      CHECK(node.path >> 3 == parent.path);
      for (int a = 0; a < 3; ++a) {
        CHECK(node.min_nm[a] >= parent.min_nm[a]);
        CHECK(node.max_nm[a] <= parent.max_nm[a]);
        CHECK(node.max_nm[a] - node.min_nm[a] ==
              Approx((parent.max_nm[a] - parent.min_nm[a]) / 2).margin(1e-12));
      }
    }
    // Capacity: a node with children keeps exactly node_capacity; only max-depth nodes exceed it.
    if (children > 0) CHECK(node.row_count == options.node_capacity);
    if (node.row_count > options.node_capacity) CHECK(static_cast<int>(node.level) == options.max_depth);
    // Its ions lie in its cube and come by increasing priority.
    for (std::uint64_t r = node.row_start; r < node.row_start + node.row_count && r < rows.size(); ++r) {
      const std::array<double, 3> p{rows[r].x_nm, rows[r].y_nm, rows[r].z_nm};
      for (int a = 0; a < 3; ++a) {
        if (!(p[a] >= node.min_nm[a] && p[a] <= node.max_nm[a]))
          FAIL_CHECK("row " << r << " outside node " << i);
      }
      if (r > node.row_start && !(reference_priority(options.seed, indices[r - 1]) <
                                  reference_priority(options.seed, indices[r]))) {
        FAIL_CHECK("rows " << r - 1 << ", " << r << " out of priority order");
      }
    }
    subtree[i] = node.row_count;
  }
  CHECK(next_row == rows.size());
  for (std::size_t i = nodes.size(); i-- > 1;) subtree[nodes[i].parent] += subtree[i];
  for (std::size_t i = 0; i < nodes.size(); ++i) CHECK(nodes[i].subtree_row_count == subtree[i]);
}

}  // namespace hs::test
