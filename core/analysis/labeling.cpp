// Connected-component labelling, whole-array and brick-wise (see labeling.h).
#include "analysis/labeling.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>

namespace hs {

std::vector<std::array<int, 3>> neighbour_offsets(Connectivity connectivity) {
  const int max_nonzero = connectivity == Connectivity::faces6 ? 1 : connectivity == Connectivity::edges18 ? 2 : 3;
  std::vector<std::array<int, 3>> offsets;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int nonzero = (dz != 0) + (dy != 0) + (dx != 0);
        if (nonzero > 0 && nonzero <= max_nonzero) offsets.push_back({dz, dy, dx});
      }
  return offsets;
}

namespace {

// Union-find over provisional labels 1..size-1 whose root is always the smallest label of its set.
class UnionFind {
 public:
  UnionFind() : parent_{0} {}
  std::uint32_t add() {
    const auto label = static_cast<std::uint32_t>(parent_.size());
    parent_.push_back(label);
    return label;
  }
  std::uint32_t find(std::uint32_t a) {
    while (parent_[a] != a) {
      parent_[a] = parent_[parent_[a]];  // path halving
      a = parent_[a];
    }
    return a;
  }
  // Merges the sets of a and b; returns the new root.
  std::uint32_t unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return a;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    return a;
  }
  std::size_t size() const { return parent_.size(); }

 private:
  std::vector<std::uint32_t> parent_;
};

// The neighbours visited before a voxel in raster order, with their offset in the flat array.
struct BackwardNeighbour {
  int dz, dy, dx;
  std::ptrdiff_t step;
};

// All backward neighbours (`all`), and those that are not also neighbours of the voxel on the left
// (`beyond_left`): when the left voxel is foreground, the shared ones were already joined with it.
struct BackwardNeighbours {
  std::vector<BackwardNeighbour> all, beyond_left;
};

BackwardNeighbours backward_neighbours(Connectivity connectivity, const GridShape& s) {
  const std::vector<std::array<int, 3>> offsets = neighbour_offsets(connectivity);
  auto is_neighbour = [&](int dz, int dy, int dx) {
    return std::find(offsets.begin(), offsets.end(), std::array<int, 3>{dz, dy, dx}) != offsets.end();
  };
  BackwardNeighbours result;
  for (const auto& [dz, dy, dx] : offsets) {
    const bool before = dz < 0 || (dz == 0 && (dy < 0 || (dy == 0 && dx < 0)));
    if (!before) continue;
    const BackwardNeighbour n{dz, dy, dx, static_cast<std::ptrdiff_t>((dz * s.ny + dy) * s.nx + dx)};
    result.all.push_back(n);
    const bool is_left = dz == 0 && dy == 0 && dx == -1;
    if (!is_left && !is_neighbour(dz, dy, dx + 1)) result.beyond_left.push_back(n);
  }
  return result;
}

}  // namespace

Result<Labels> label_components(const MaskGrid& mask, Connectivity connectivity, const AnalysisControl* control) {
  const GridShape& s = mask.shape;
  assert(static_cast<std::uint64_t>(s.voxel_count()) < (std::uint64_t{1} << 32) - 1);
  Labels result{LabelGrid{s, mask.voxel, std::vector<std::uint32_t>(mask.values.size(), 0)}, 0};
  std::vector<std::uint32_t>& labels = result.grid.values;
  const BackwardNeighbours neighbours = backward_neighbours(connectivity, s);
  UnionFind sets;
  StepProgress progress(control, static_cast<std::uint64_t>(s.nz * s.ny));
  for (std::int64_t z = 0; z < s.nz; ++z) {
    for (std::int64_t y = 0; y < s.ny; ++y) {
      const bool inner_row = z > 0 && y > 0 && y + 1 < s.ny;
      std::size_t i = s.index(z, y, 0);
      for (std::int64_t x = 0; x < s.nx; ++x, ++i) {
        if (mask.values[i] == 0) continue;
        const bool inner = inner_row && x > 0 && x + 1 < s.nx;
        const bool left = x > 0 && mask.values[i - 1] != 0;
        std::uint32_t label = left ? labels[i - 1] : 0;
        for (const BackwardNeighbour& n : left ? neighbours.beyond_left : neighbours.all) {
          if (!inner && !s.contains(z + n.dz, y + n.dy, x + n.dx)) continue;
          const std::uint32_t other = labels[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + n.step)];
          if (other == 0 || other == label) continue;
          label = label == 0 ? other : sets.unite(label, other);
        }
        labels[i] = label != 0 ? label : sets.add();
      }
      if (!progress.update(static_cast<std::uint64_t>(z * s.ny + y + 1) / 2)) return cancelled_error("label");
    }
  }
  // Roots are the smallest provisional label of their set, i.e. the first in raster order.
  std::vector<std::uint32_t> final_label(sets.size(), 0);
  for (std::uint32_t l = 1; l < sets.size(); ++l) {
    const std::uint32_t root = sets.find(l);
    final_label[l] = root == l ? ++result.count : final_label[root];
  }
  for (auto& v : labels) v = final_label[v];
  if (!progress.update(static_cast<std::uint64_t>(s.nz * s.ny))) return cancelled_error("label");
  return result;
}

Labels label_components(const MaskGrid& mask, Connectivity connectivity) {
  return std::move(label_components(mask, connectivity, nullptr).value());
}

namespace {

// The global provisional labels on the six faces of one labelled brick.
struct BrickFaces {
  BrickBox box;
  std::uint32_t base = 0;  // global provisional label = base + local label
  std::array<std::vector<std::uint32_t>, 6> faces;  // z low, z high (y, x); y low, high (z, x); x low, high (z, y)

  // Global provisional label (0 = background) of the voxel at local (z, y, x) on a face.
  std::uint32_t at(std::int64_t z, std::int64_t y, std::int64_t x) const {
    const GridShape& s = box.shape;
    if (z == 0) return faces[0][static_cast<std::size_t>(y * s.nx + x)];
    if (z == s.nz - 1) return faces[1][static_cast<std::size_t>(y * s.nx + x)];
    if (y == 0) return faces[2][static_cast<std::size_t>(z * s.nx + x)];
    if (y == s.ny - 1) return faces[3][static_cast<std::size_t>(z * s.nx + x)];
    assert(x == 0 || x == s.nx - 1);
    return faces[x == 0 ? 4 : 5][static_cast<std::size_t>(z * s.ny + y)];
  }
};

BrickFaces brick_faces(const BrickBox& box, std::uint32_t base, const LabelGrid& local) {
  const GridShape& s = box.shape;
  BrickFaces f{box, base, {}};
  auto global = [&](std::int64_t z, std::int64_t y, std::int64_t x) {
    const std::uint32_t l = local.at(z, y, x);
    return l == 0 ? 0u : base + l;
  };
  for (int side = 0; side < 2; ++side) {
    const std::int64_t z = side == 0 ? 0 : s.nz - 1, y = side == 0 ? 0 : s.ny - 1, x = side == 0 ? 0 : s.nx - 1;
    auto& fz = f.faces[static_cast<std::size_t>(side)];
    auto& fy = f.faces[static_cast<std::size_t>(2 + side)];
    auto& fx = f.faces[static_cast<std::size_t>(4 + side)];
    for (std::int64_t a = 0; a < s.ny; ++a)
      for (std::int64_t b = 0; b < s.nx; ++b) fz.push_back(global(z, a, b));
    for (std::int64_t a = 0; a < s.nz; ++a)
      for (std::int64_t b = 0; b < s.nx; ++b) fy.push_back(global(a, y, b));
    for (std::int64_t a = 0; a < s.nz; ++a)
      for (std::int64_t b = 0; b < s.ny; ++b) fx.push_back(global(a, b, x));
  }
  return f;
}

// Provisional labels of all bricks: union-find plus the global raster index of each set's first
// voxel (kept at the root).
class GlobalSets {
 public:
  void add(std::uint64_t first_voxel) {
    parent_.push_back(static_cast<std::uint32_t>(parent_.size()));
    first_voxel_.push_back(first_voxel);
  }
  std::uint32_t find(std::uint32_t a) {
    while (parent_[a] != a) {
      parent_[a] = parent_[parent_[a]];
      a = parent_[a];
    }
    return a;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    first_voxel_[a] = std::min(first_voxel_[a], first_voxel_[b]);
  }
  std::size_t size() const { return parent_.size(); }
  std::uint64_t first_voxel(std::uint32_t root) const { return first_voxel_[root]; }

 private:
  std::vector<std::uint32_t> parent_{0};
  std::vector<std::uint64_t> first_voxel_{0};
};

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

Result<std::uint32_t> label_components_bricked(const GridShape& volume, const GridShape& brick,
                                               Connectivity connectivity, const MaskBrickSource& source,
                                               const LabelBrickSink& sink, const AnalysisControl* control) {
  if (brick.nz < 1 || brick.ny < 1 || brick.nx < 1 || volume.nz < 0 || volume.ny < 0 || volume.nx < 0)
    return make_error(ErrorCode::invalid_argument, "label: brick shape must be at least 1 voxel along each axis");
  const std::array<std::int64_t, 3> counts{ceil_div(volume.nz, brick.nz), ceil_div(volume.ny, brick.ny),
                                           ceil_div(volume.nx, brick.nx)};
  const std::array<std::int64_t, 3> size{brick.nz, brick.ny, brick.nx};
  const std::array<std::int64_t, 3> extent{volume.nz, volume.ny, volume.nx};
  const auto brick_count = static_cast<std::size_t>(counts[0] * counts[1] * counts[2]);
  auto box_of = [&](std::size_t b) {
    const auto n = static_cast<std::int64_t>(b);
    const std::array<std::int64_t, 3> index{n / (counts[1] * counts[2]), n / counts[2] % counts[1], n % counts[2]};
    BrickBox box;
    std::array<std::int64_t, 3> shape{};
    for (std::size_t a = 0; a < 3; ++a) {
      box.origin[a] = index[a] * size[a];
      shape[a] = std::min(size[a], extent[a] - box.origin[a]);
    }
    box.shape = {shape[0], shape[1], shape[2]};
    return box;
  };
  auto fetch_labels = [&](const BrickBox& box) -> Result<Labels> {
    Result<MaskGrid> mask = source(box);
    if (!mask) return mask.error();
    if (mask->shape != box.shape || mask->values.size() != box.shape.voxel_count())
      return make_error(ErrorCode::invalid_argument, "label: brick at z " + std::to_string(box.origin[0]) + ", y " +
                                                         std::to_string(box.origin[1]) + ", x " +
                                                         std::to_string(box.origin[2]) + " has the wrong shape");
    return label_components(*mask, connectivity);
  };

  StepProgress progress(control, 2 * static_cast<std::uint64_t>(brick_count));
  const std::vector<std::array<int, 3>> offsets = neighbour_offsets(connectivity);
  GlobalSets sets;
  std::vector<std::uint32_t> bases(brick_count), local_counts(brick_count);
  std::vector<BrickFaces> faces(brick_count);
  const auto bricks_per_layer = static_cast<std::size_t>(counts[1] * counts[2]);
  for (std::size_t b = 0; b < brick_count; ++b) {
    const BrickBox box = box_of(b);
    Result<Labels> local = fetch_labels(box);
    if (!local) return local.error();
    if (sets.size() + std::uint64_t{local->count} >= std::numeric_limits<std::uint32_t>::max())
      return make_error(ErrorCode::limit, "label: more than 2^32 provisional labels; use larger bricks");
    bases[b] = static_cast<std::uint32_t>(sets.size() - 1);
    local_counts[b] = local->count;
    // First voxel of each local component, in raster order (local order is global order).
    std::uint32_t next = 1;
    const GridShape& s = box.shape;
    for (std::int64_t z = 0; z < s.nz && next <= local->count; ++z)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t x = 0; x < s.nx; ++x)
          if (local->grid.at(z, y, x) == next) {
            sets.add(static_cast<std::uint64_t>(((box.origin[0] + z) * volume.ny + box.origin[1] + y) * volume.nx +
                                                box.origin[2] + x));  // 64-bit even where size_t is not
            ++next;
          }
    faces[b] = brick_faces(box, bases[b], local->grid);
    if (b >= 2 * bricks_per_layer) faces[b - 2 * bricks_per_layer] = BrickFaces{};  // no longer adjacent
    // Join with the earlier bricks through the voxels on this brick's low faces.
    auto join = [&](std::int64_t z, std::int64_t y, std::int64_t x) {
      const std::uint32_t here = faces[b].at(z, y, x);
      if (here == 0) return;
      const std::array<std::int64_t, 3> p{box.origin[0] + z, box.origin[1] + y, box.origin[2] + x};
      for (const auto& d : offsets) {
        const std::array<std::int64_t, 3> q{p[0] + d[0], p[1] + d[1], p[2] + d[2]};
        if (!volume.contains(q[0], q[1], q[2])) continue;
        const std::size_t other = static_cast<std::size_t>(((q[0] / size[0]) * counts[1] + q[1] / size[1]) * counts[2] + q[2] / size[2]);
        if (other >= b) continue;
        const BrickFaces& f = faces[other];
        const std::uint32_t there = f.at(q[0] - f.box.origin[0], q[1] - f.box.origin[1], q[2] - f.box.origin[2]);
        if (there != 0) sets.unite(here, there);
      }
    };
    for (std::int64_t z = 0; z < s.nz; ++z)
      for (std::int64_t y = 0; y < s.ny; ++y) {
        if (z == 0 || y == 0) {
          for (std::int64_t x = 0; x < s.nx; ++x) join(z, y, x);
        } else {
          join(z, y, 0);
        }
      }
    if (!progress.update(b + 1)) return cancelled_error("label");
  }
  faces.clear();

  // Number the sets by the raster index of their first voxel.
  std::vector<std::uint32_t> roots;
  for (std::uint32_t l = 1; l < sets.size(); ++l)
    if (sets.find(l) == l) roots.push_back(l);
  std::sort(roots.begin(), roots.end(),
            [&](std::uint32_t a, std::uint32_t b) { return sets.first_voxel(a) < sets.first_voxel(b); });
  std::vector<std::uint32_t> final_label(sets.size(), 0);
  for (std::size_t k = 0; k < roots.size(); ++k) final_label[roots[k]] = static_cast<std::uint32_t>(k + 1);
  for (std::uint32_t l = 1; l < sets.size(); ++l) final_label[l] = final_label[sets.find(l)];

  for (std::size_t b = 0; b < brick_count; ++b) {
    const BrickBox box = box_of(b);
    Result<Labels> local = fetch_labels(box);
    if (!local) return local.error();
    if (local->count != local_counts[b])
      return make_error(ErrorCode::invalid_argument, "label: the mask source returned a different brick at z " +
                                                         std::to_string(box.origin[0]) + ", y " + std::to_string(box.origin[1]) +
                                                         ", x " + std::to_string(box.origin[2]) + " the second time");
    for (auto& v : local->grid.values)
      if (v != 0) v = final_label[bases[b] + v];
    if (Status written = sink(box, local->grid); !written) return written.error();
    if (!progress.update(brick_count + b + 1)) return cancelled_error("label");
  }
  return static_cast<std::uint32_t>(roots.size());
}

}  // namespace hs
