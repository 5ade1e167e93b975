// Cloud-in-cell deposition, separable Gaussian delocalisation and atomic percent per voxel.
#include "analysis/apt/concentration_grid.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

namespace hs {
namespace {

bool finite_positive(double v) { return std::isfinite(v) && v > 0; }

// Half-width in voxels of the truncated Gaussian along one axis.
std::int64_t kernel_radius(double sigma_nm, double voxel_nm, double kernel_sigmas) {
  if (sigma_nm <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(kernel_sigmas * sigma_nm / voxel_nm));
}

// Sampled Gaussian weights for offsets -r..r, normalised to sum 1.
std::vector<double> gaussian_kernel(double sigma_nm, double voxel_nm, std::int64_t radius) {
  std::vector<double> weights(static_cast<std::size_t>(2 * radius + 1), 1.0);
  if (radius == 0) return weights;
  double sum = 0;
  for (std::int64_t k = -radius; k <= radius; ++k) {
    const double d = static_cast<double>(k) * voxel_nm / sigma_nm;
    sum += weights[static_cast<std::size_t>(k + radius)] = std::exp(-0.5 * d * d);
  }
  for (double& w : weights) w /= sum;
  return weights;
}

// Convolves every line of `grid` along `axis` (0 = x, 1 = y, 2 = z) with `weights`; values that
// would fall outside the grid are dropped (make_atom_grids pads so that none do).
void convolve_axis(FloatGrid& grid, int axis, const std::vector<double>& weights) {
  const auto radius = static_cast<std::int64_t>(weights.size() / 2);
  if (radius == 0) return;
  const GridShape& s = grid.shape;
  const std::int64_t length = axis == 0 ? s.nx : axis == 1 ? s.ny : s.nz;
  const std::int64_t stride = axis == 0 ? 1 : axis == 1 ? s.nx : s.nx * s.ny;
  const std::int64_t lines = static_cast<std::int64_t>(s.voxel_count()) / length;
  std::vector<double> in(static_cast<std::size_t>(length)), out(static_cast<std::size_t>(length));
  for (std::int64_t line = 0; line < lines; ++line) {
    // Start of the line: lines enumerate every voxel with coordinate 0 along `axis`.
    const std::int64_t start = axis == 0 ? line * s.nx
                               : axis == 1 ? (line / s.nx) * s.nx * s.ny + line % s.nx
                                           : line;
    bool any = false;
    for (std::int64_t i = 0; i < length; ++i) {
      in[static_cast<std::size_t>(i)] = grid.values[static_cast<std::size_t>(start + i * stride)];
      any = any || in[static_cast<std::size_t>(i)] != 0;
    }
    if (!any) continue;
    std::fill(out.begin(), out.end(), 0.0);
    for (std::int64_t i = 0; i < length; ++i) {
      const double v = in[static_cast<std::size_t>(i)];
      if (v == 0) continue;
      const std::int64_t lo = std::max<std::int64_t>(0, i - radius), hi = std::min(length - 1, i + radius);
      for (std::int64_t j = lo; j <= hi; ++j) out[static_cast<std::size_t>(j)] += v * weights[static_cast<std::size_t>(j - i + radius)];
    }
    for (std::int64_t i = 0; i < length; ++i) {
      grid.values[static_cast<std::size_t>(start + i * stride)] = static_cast<float>(out[static_cast<std::size_t>(i)]);
    }
  }
}

}  // namespace

void block_atoms(const ElementCounter& counter, const IonBlock& block, std::vector<std::uint32_t>& atoms) {
  const std::size_t elements = counter.element_count();
  atoms.assign(block.size() * elements, 0);
  for (std::size_t i = 0; i < block.size(); ++i) {
    for (const SpeciesAtoms& a : counter.atoms_of(counter.species_of(block.mass_da[i]))) {
      atoms[i * elements + a.element] += a.count;
    }
  }
}

Result<AtomGrids> make_atom_grids(const std::array<double, 3>& min_nm, const std::array<double, 3>& max_nm,
                                  std::size_t element_count, const ConcentrationGridParams& params) {
  const auto fail = [](const std::string& what) {
    return make_error(ErrorCode::invalid_argument, "concentration grid: " + what);
  };
  if (!finite_positive(params.voxel_nm)) return fail("voxel edge must be a positive number of nm");
  for (double s : params.sigma_nm) {
    if (!std::isfinite(s) || s < 0) return fail("delocalisation σ must be a finite number of nm, 0 or more");
  }
  if (!finite_positive(params.kernel_sigmas) || params.kernel_sigmas > 10) return fail("kernel truncation must be in (0, 10] σ");
  if (!std::isfinite(params.min_total_atoms) || params.min_total_atoms < 0) return fail("minimum atoms per voxel must be 0 or more");
  if (element_count == 0) return fail("no elements to count");
  AtomGrids grids;
  grids.voxel_nm = params.voxel_nm;
  std::array<std::int64_t, 3> n{};
  for (int a = 0; a < 3; ++a) {
    if (!std::isfinite(min_nm[a]) || !std::isfinite(max_nm[a]) || max_nm[a] < min_nm[a]) {
      return fail("the box of the ions is empty or not finite");
    }
    const double extent = (max_nm[a] - min_nm[a]) / params.voxel_nm;
    const double margin = static_cast<double>(kernel_radius(params.sigma_nm[a], params.voxel_nm, params.kernel_sigmas) + 1);
    if (extent + 2 * margin + 2 > 1e9) return fail("grid too large: reduce the box or enlarge the voxel");
    n[a] = static_cast<std::int64_t>(std::floor(extent)) + 2 + 2 * static_cast<std::int64_t>(margin);
    grids.origin_nm[a] = min_nm[a] - margin * params.voxel_nm;
  }
  const double floats = static_cast<double>(n[0]) * static_cast<double>(n[1]) * static_cast<double>(n[2]) *
                        static_cast<double>(element_count + 1);
  if (floats > static_cast<double>(kMaxConcentrationGridFloats)) {
    return make_error(ErrorCode::limit, "concentration grid: " + std::to_string(n[0]) + "×" + std::to_string(n[1]) + "×" +
                                            std::to_string(n[2]) + " voxels for " + std::to_string(element_count) +
                                            " elements exceed the memory limit: enlarge the voxel or choose an ROI");
  }
  const GridShape shape{n[2], n[1], n[0]};
  const VoxelSize voxel{{params.voxel_nm, params.voxel_nm, params.voxel_nm}, "nanometer"};
  grids.element_atoms.assign(element_count, make_grid<float>(shape, 0.0f, voxel));
  return grids;
}

void deposit_ions(AtomGrids& grids, const IonAtomsView& ions) {
  const std::size_t elements = grids.element_atoms.size();
  assert(ions.element_count == elements);
  assert(ions.atoms.size() == ions.ion_count() * elements);
  const GridShape shape = grids.shape();
  const std::array<std::int64_t, 3> n = {shape.nx, shape.ny, shape.nz};
  for (std::size_t i = 0; i < ions.ion_count(); ++i) {
    std::array<std::int64_t, 3> base{};
    std::array<double, 3> frac{};
    bool inside = true;
    for (int a = 0; a < 3; ++a) {
      const double u = (static_cast<double>(ions.position_nm[3 * i + static_cast<std::size_t>(a)]) - grids.origin_nm[a]) / grids.voxel_nm;
      // Inside means both neighbouring grid points exist (NaN fails the comparison).
      if (!(u >= 0 && u < static_cast<double>(n[a] - 1))) {
        inside = false;
        break;
      }
      base[a] = static_cast<std::int64_t>(std::floor(u));
      frac[a] = u - static_cast<double>(base[a]);
    }
    if (!inside) {
      ++grids.ions_outside;
      continue;
    }
    const std::uint32_t* atoms = ions.atoms.data() + i * elements;
    for (int corner = 0; corner < 8; ++corner) {
      const int cx = corner & 1, cy = (corner >> 1) & 1, cz = corner >> 2;
      const double w = (cx ? frac[0] : 1 - frac[0]) * (cy ? frac[1] : 1 - frac[1]) * (cz ? frac[2] : 1 - frac[2]);
      const std::size_t at = shape.index(base[2] + cz, base[1] + cy, base[0] + cx);
      for (std::size_t e = 0; e < elements; ++e) {
        if (atoms[e] != 0) grids.element_atoms[e].values[at] += static_cast<float>(w * atoms[e]);
      }
    }
  }
}

void delocalize(AtomGrids& grids, const ConcentrationGridParams& params) {
  for (int a = 0; a < 3; ++a) {
    const std::int64_t radius = kernel_radius(params.sigma_nm[a], grids.voxel_nm, params.kernel_sigmas);
    const std::vector<double> weights = gaussian_kernel(params.sigma_nm[a], grids.voxel_nm, radius);
    for (FloatGrid& grid : grids.element_atoms) convolve_axis(grid, a, weights);
  }
}

FloatGrid total_atoms(const AtomGrids& grids) {
  FloatGrid total = make_grid<float>(grids.shape(), 0.0f, grids.element_atoms.front().voxel);
  for (const FloatGrid& grid : grids.element_atoms) {
    for (std::size_t v = 0; v < grid.values.size(); ++v) total.values[v] += grid.values[v];
  }
  return total;
}

FloatGrid concentration_at_percent(const AtomGrids& grids, std::size_t element, double min_total_atoms) {
  assert(element < grids.element_atoms.size());
  FloatGrid result = total_atoms(grids);
  const std::vector<float>& atoms = grids.element_atoms[element].values;
  const double floor_atoms = std::max(min_total_atoms, std::numeric_limits<double>::min());
  for (std::size_t v = 0; v < result.values.size(); ++v) {
    const double total = result.values[v];
    result.values[v] = total >= floor_atoms ? static_cast<float>(100.0 * atoms[v] / total)
                                            : std::numeric_limits<float>::quiet_NaN();
  }
  return result;
}

Result<AtomGrids> build_atom_grids(const IonAtomsView& ions, const ConcentrationGridParams& params) {
  std::array<double, 3> lo{0, 0, 0}, hi{0, 0, 0};
  bool any = false;
  for (std::size_t i = 0; i < ions.ion_count(); ++i) {
    const float* p = ions.position_nm.data() + 3 * i;
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) continue;
    for (int a = 0; a < 3; ++a) {
      lo[a] = any ? std::min(lo[a], static_cast<double>(p[a])) : p[a];
      hi[a] = any ? std::max(hi[a], static_cast<double>(p[a])) : p[a];
    }
    any = true;
  }
  if (!any) return make_error(ErrorCode::invalid_argument, "concentration grid: no ions with finite positions");
  Result<AtomGrids> grids = make_atom_grids(lo, hi, ions.element_count, params);
  if (!grids) return grids;
  deposit_ions(*grids, ions);
  delocalize(*grids, params);
  return grids;
}

}  // namespace hs
