// h-maxima by reconstruction by dilation (Vincent's hybrid raster + FIFO algorithm) and the
// marker-controlled watershed (priority flood keyed by value and insertion age).
#include "analysis/watershed.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "analysis/distance_transform.h"
#include "util/bytes.h"

namespace hs {
namespace {

// The neighbours of a voxel under a connectivity (all of them, or those before or after it in
// raster order) as offsets and linear offsets, visited with a cheap inside-the-grid test.
class Neighbourhood {
 public:
  enum Part { all, before, after };

  Neighbourhood(const GridShape& shape, Connectivity connectivity) : shape_(shape) {
    for (const auto& o : neighbour_offsets(connectivity)) {
      const std::int64_t linear = (o[0] * shape.ny + o[1]) * shape.nx + o[2];
      for (const Part part : {all, linear < 0 ? before : after}) {
        parts_[part].offsets.push_back(o);
        parts_[part].linear.push_back(linear);
      }
    }
  }

  // Calls visit(neighbour index) for each neighbour in `part` of voxel (z, y, x) at `index` that
  // lies inside the grid, until visit returns false.
  template <class Visit>
  void for_each(Part part, std::int64_t index, std::int64_t z, std::int64_t y, std::int64_t x, Visit visit) const {
    const Offsets& set = parts_[part];
    const bool interior = z > 0 && y > 0 && x > 0 && z + 1 < shape_.nz && y + 1 < shape_.ny && x + 1 < shape_.nx;
    for (std::size_t k = 0; k < set.linear.size(); ++k) {
      const auto& o = set.offsets[k];
      if (!interior && !shape_.contains(z + o[0], y + o[1], x + o[2])) continue;
      if (!visit(static_cast<std::size_t>(index + set.linear[k]))) return;
    }
  }
  // The same for a voxel given by its index only.
  template <class Visit>
  void for_each(Part part, std::int64_t index, Visit visit) const {
    const std::int64_t x = index % shape_.nx, rest = index / shape_.nx;
    for_each(part, index, rest / shape_.ny, rest % shape_.ny, x, visit);
  }

 private:
  struct Offsets {
    std::vector<std::array<int, 3>> offsets;
    std::vector<std::int64_t> linear;
  };
  GridShape shape_;
  std::array<Offsets, 3> parts_;
};

constexpr std::uint64_t kMaxVoxels = std::uint64_t{1} << 32;

Status check_voxel_count(const GridShape& shape, const char* step) {
  const std::uint64_t voxels = static_cast<std::uint64_t>(shape.nz) * static_cast<std::uint64_t>(shape.ny) *
                               static_cast<std::uint64_t>(shape.nx);
  if (voxels >= kMaxVoxels) {
    return make_error(ErrorCode::limit, std::string(step) + ": " + std::to_string(voxels) +
                                            " voxels exceed the limit of 2^32 - 1");
  }
  return {};
}

float lowest_if_nan(float v) { return std::isnan(v) ? -std::numeric_limits<float>::infinity() : v; }

// The largest float <= x.
float float_at_most(double x) {
  float f = static_cast<float>(x);
  if (static_cast<double>(f) > x) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

// Reconstruction by dilation of `marker` (modified in place) under `image` (NaN read as -inf).
// Requires marker <= image. Returns false when cancelled.
bool reconstruct_by_dilation(std::vector<float>& marker, const FloatGrid& image, const Neighbourhood& hood,
                             StepProgress& progress) {
  const GridShape& s = image.shape;
  const std::int64_t n = static_cast<std::int64_t>(s.voxel_count());
  const float* I = image.values.data();
  float* J = marker.data();
  const std::uint64_t total = static_cast<std::uint64_t>(n) * 2;
  const auto raise = [&](std::int64_t p, std::int64_t z, std::int64_t y, std::int64_t x, Neighbourhood::Part part) {
    float m = J[p];
    hood.for_each(part, p, z, y, x, [&](std::size_t q) { m = std::max(m, J[q]); return true; });
    J[p] = std::min(m, lowest_if_nan(I[p]));
  };
  for (std::int64_t z = 0; z < s.nz; ++z) {
    for (std::int64_t y = 0; y < s.ny; ++y) {
      for (std::int64_t x = 0, p = (z * s.ny + y) * s.nx; x < s.nx; ++x, ++p) raise(p, z, y, x, Neighbourhood::before);
    }
    if (!progress.update(static_cast<std::uint64_t>((z + 1) * s.ny * s.nx))) return false;
  }
  std::vector<std::uint32_t> fifo;
  for (std::int64_t z = s.nz - 1; z >= 0; --z) {
    for (std::int64_t y = s.ny - 1; y >= 0; --y) {
      for (std::int64_t x = s.nx - 1, p = (z * s.ny + y) * s.nx + x; x >= 0; --x, --p) {
        raise(p, z, y, x, Neighbourhood::after);
        hood.for_each(Neighbourhood::after, p, z, y, x, [&](std::size_t q) {
          if (J[q] < J[p] && J[q] < lowest_if_nan(I[q])) {
            fifo.push_back(static_cast<std::uint32_t>(p));
            return false;
          }
          return true;
        });
      }
    }
    if (!progress.update(static_cast<std::uint64_t>(n + (s.nz - z) * s.ny * s.nx))) return false;
  }
  std::size_t head = 0;
  for (std::uint64_t steps = 1; head < fifo.size(); ++steps) {
    const std::uint32_t p = fifo[head++];
    hood.for_each(Neighbourhood::all, p, [&](std::size_t q) {
      const float iq = lowest_if_nan(I[q]);
      if (J[q] < J[p] && iq != J[q]) {
        J[q] = std::min(J[p], iq);
        fifo.push_back(static_cast<std::uint32_t>(q));
      }
      return true;
    });
    if ((steps & 0xFFFFF) == 0 && !progress.update(total)) return false;
    if (head > (std::size_t{1} << 24) && head * 2 > fifo.size()) {  // drop the consumed front
      fifo.erase(fifo.begin(), fifo.begin() + static_cast<std::ptrdiff_t>(head));
      head = 0;
    }
  }
  return true;
}

// Key of a value such that unsigned order is float order (ascending), -0 == +0, NaN last.
std::uint32_t ascending_key(float v) {
  if (std::isnan(v)) return 0xFFFFFFFFu;
  if (v == 0.0f) v = 0.0f;
  const std::uint32_t bits = bit_cast<std::uint32_t>(v);
  return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
}

struct QueueItem {
  std::uint64_t key;    // value key << 32 | insertion age: unique, so the pop order is total
  std::uint32_t index;
};
struct PopsLater {
  bool operator()(const QueueItem& a, const QueueItem& b) const { return a.key > b.key; }
};

// The watershed of watershed(), flooding from high to low values when `descending`. Takes the
// markers by value and floods in place (one label grid in memory, not two).
Result<Labels> flood(const FloatGrid& image, bool descending, LabelGrid markers, const MaskGrid& mask,
                     Connectivity connectivity, const AnalysisControl* control) {
  if (!(image.shape == mask.shape) || !(markers.shape == mask.shape)) {
    return make_error(ErrorCode::invalid_argument, "watershed: image, markers and mask differ in shape");
  }
  if (Status st = check_voxel_count(mask.shape, "watershed"); !st) return st.error();
  const std::size_t n = mask.shape.voxel_count();
  const Neighbourhood hood(mask.shape, connectivity);
  const auto value_key = [&](std::size_t i) -> std::uint64_t {
    const std::uint32_t key = ascending_key(image.values[i]);
    return descending && key != 0xFFFFFFFFu ? ~key : key;
  };

  Labels result{std::move(markers), 0};
  result.grid.voxel = mask.voxel;
  std::uint32_t* out = result.grid.values.data();
  std::vector<QueueItem> heap;
  std::uint32_t age = 0;
  std::uint64_t mask_voxels = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (mask.values[i] == 0) {
      out[i] = 0;
      continue;
    }
    ++mask_voxels;
    if (out[i] == 0) continue;
    result.count = std::max(result.count, out[i]);
    heap.push_back({value_key(i) << 32 | age++, static_cast<std::uint32_t>(i)});
  }
  std::make_heap(heap.begin(), heap.end(), PopsLater{});

  StepProgress progress(control, mask_voxels);
  std::uint64_t popped = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), PopsLater{});
    const std::uint32_t p = heap.back().index;
    heap.pop_back();
    hood.for_each(Neighbourhood::all, p, [&](std::size_t q) {
      if (mask.values[q] != 0 && out[q] == 0) {
        out[q] = out[p];
        heap.push_back({value_key(q) << 32 | age++, static_cast<std::uint32_t>(q)});
        std::push_heap(heap.begin(), heap.end(), PopsLater{});
      }
      return true;
    });
    if ((++popped & 0xFFFF) == 0 && !progress.update(popped)) return cancelled_error("watershed");
  }
  if (!progress.update(mask_voxels)) return cancelled_error("watershed");

  std::size_t first_unreached = 0;
  while (first_unreached < n && (mask.values[first_unreached] == 0 || out[first_unreached] != 0)) ++first_unreached;
  if (first_unreached == n) return result;
  MaskGrid unreached{mask.shape, mask.voxel, std::vector<std::uint8_t>(n, 0)};
  for (std::size_t i = first_unreached; i < n; ++i) unreached.values[i] = mask.values[i] != 0 && out[i] == 0;
  AnalysisControl cancel_only;  // progress of this step already reached 1
  if (control != nullptr) cancel_only.cancel = control->cancel;
  Result<Labels> unmarked = label_components(unreached, connectivity, &cancel_only);
  if (!unmarked) return unmarked.error();
  const Labels& extra = *unmarked;
  if (extra.count > std::numeric_limits<std::uint32_t>::max() - result.count) {
    return make_error(ErrorCode::limit, "watershed: marker labels up to " + std::to_string(result.count) + " plus " +
                                            std::to_string(extra.count) + " unmarked components overflow 32-bit labels");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (extra.grid.values[i] != 0) out[i] = extra.grid.values[i] + result.count;
  }
  result.count += extra.count;
  return result;
}

Status check_h(double h, const char* step) {
  if (!std::isfinite(h) || h <= 0.0) {
    return make_error(ErrorCode::invalid_argument, std::string(step) + ": h = " + std::to_string(h) + " is not a positive height");
  }
  return {};
}

}  // namespace

Result<MaskGrid> h_maxima(const FloatGrid& image, double h, Connectivity connectivity, const AnalysisControl* control) {
  assert(image.values.size() == image.shape.voxel_count());
  if (Status st = check_h(h, "h_maxima"); !st) return st.error();
  if (Status st = check_voxel_count(image.shape, "h_maxima"); !st) return st.error();
  MaskGrid maxima{image.shape, image.voxel, std::vector<std::uint8_t>(image.values.size(), 0)};
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const float v : image.values) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  if (!(hi - lo >= h)) return maxima;  // also no values at all

  std::vector<float> reconstruction(image.values.size());
  for (std::size_t i = 0; i < image.values.size(); ++i) {
    reconstruction[i] = float_at_most(static_cast<double>(lowest_if_nan(image.values[i])) - h);
  }
  StepProgress progress(control, image.values.size() * std::uint64_t{2});
  if (!reconstruct_by_dilation(reconstruction, image, Neighbourhood(image.shape, connectivity), progress)) {
    return cancelled_error("h_maxima");
  }
  for (std::size_t i = 0; i < image.values.size(); ++i) {
    const float v = image.values[i];
    maxima.values[i] = std::isfinite(v) && static_cast<double>(v) - reconstruction[i] >= h ? 1 : 0;
  }
  return maxima;
}

Result<Labels> watershed(const FloatGrid& image, const LabelGrid& markers, const MaskGrid& mask, Connectivity connectivity,
                         const AnalysisControl* control) {
  return flood(image, false, markers, mask, connectivity, control);
}

Result<Labels> split_particles(const MaskGrid& mask, const SplitParams& params, const AnalysisControl* control) {
  if (Status st = check_h(params.h, "split_particles"); !st) return st.error();
  if (Status st = check_voxel_count(mask.shape, "split_particles"); !st) return st.error();
  if (std::find(mask.values.begin(), mask.values.end(), std::uint8_t{0}) == mask.values.end()) {
    return label_components(mask, params.connectivity);  // no background: no distance map to split by
  }
  const AnalysisControl edt_control = sub_control(control, 0.0, 0.3);
  Result<FloatGrid> distance = distance_transform(mask, DistanceTo::background, &edt_control);
  if (!distance) return distance.error();
  const AnalysisControl maxima_control = sub_control(control, 0.3, 0.6);
  Result<MaskGrid> maxima = h_maxima(*distance, params.h, Connectivity::corners26, &maxima_control);
  if (!maxima) return maxima.error();
  LabelGrid markers = label_components(*maxima, Connectivity::corners26).grid;
  maxima = MaskGrid{};  // release before the flood
  const AnalysisControl flood_control = sub_control(control, 0.6, 1.0);
  return flood(*distance, true, std::move(markers), mask, params.connectivity, &flood_control);
}

}  // namespace hs
