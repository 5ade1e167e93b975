// Atom probe concentration grids: ions (positions and atoms per element, as plain arrays)
// deposited onto a voxel grid per element (cloud-in-cell), delocalised by a separable Gaussian,
// and turned into atomic percent per voxel.
//
// Method (the "deposit then blur" variant): each ion's atoms are shared among the 8 grid points
// around it with trilinear (cloud-in-cell) weights, then every element grid is convolved along x,
// y and z with a sampled Gaussian of standard deviation sigma_nm (per axis), truncated at
// kernel_sigmas σ and normalised to sum 1. The grid is padded by the kernel radius plus one voxel
// on every side of the ions' bounding box, so no atom leaves it: the sum over a grid equals the
// atoms deposited, up to float rounding. Grid point (z, y, x) sits at origin_nm + (x, y, z) ×
// voxel_nm; FloatGrid's voxel size is voxel_nm along every axis (unit "nanometer").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/apt/element_counts.h"
#include "analysis/apt/ion_source.h"
#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

// Ions as plain arrays: position_nm holds x, y, z of each ion (3 N floats); atoms holds for each
// ion the atoms of each of element_count elements (N × element_count, row-major), as decomposed
// from its ranged species (an unranged ion has all zeros).
struct IonAtomsView {
  std::span<const float> position_nm;
  std::span<const std::uint32_t> atoms;
  std::size_t element_count = 0;

  std::size_t ion_count() const { return position_nm.size() / 3; }
};

// Atoms per element of each ion of `block` (block.size() × counter.element_count(), row-major),
// into `atoms` (resized): the `atoms` of an IonAtomsView of the block.
void block_atoms(const ElementCounter& counter, const IonBlock& block, std::vector<std::uint32_t>& atoms);

struct ConcentrationGridParams {
  double voxel_nm = 1.0;                                  // grid spacing, every axis
  std::array<double, 3> sigma_nm{1.0, 1.0, 1.0};          // Gaussian delocalisation along x, y, z; 0 = none
  double kernel_sigmas = 3.0;                             // kernel truncated at this many σ
  double min_total_atoms = 1.0;                           // voxels with fewer atoms get NaN concentration
};

// Largest grid (voxels × (elements + 1) floats) we allocate: 512 MiB of floats.
inline constexpr std::uint64_t kMaxConcentrationGridFloats = std::uint64_t{1} << 27;

// Delocalised atom counts per element on one grid.
struct AtomGrids {
  std::array<double, 3> origin_nm{};      // x, y, z of grid point (0, 0, 0)
  double voxel_nm = 1.0;
  std::vector<FloatGrid> element_atoms;   // one grid per element, same shape
  std::uint64_t ions_outside = 0;         // ions not deposited: outside the box or not finite

  const GridShape& shape() const { return element_atoms.front().shape; }
};

// Empty grids for ions inside the box [min_nm, max_nm] (x, y, z). Errors: bad parameters (voxel
// not positive, σ negative, non-finite values), an empty or inverted box, no elements, a grid
// above kMaxConcentrationGridFloats.
Result<AtomGrids> make_atom_grids(const std::array<double, 3>& min_nm, const std::array<double, 3>& max_nm,
                                  std::size_t element_count, const ConcentrationGridParams& params);

// Adds the atoms of `ions` (element_count must match the grids) with cloud-in-cell weights. Ions
// outside the box given to make_atom_grids, or with non-finite coordinates, are counted in
// ions_outside and skipped. Call repeatedly for blocks of a large run.
void deposit_ions(AtomGrids& grids, const IonAtomsView& ions);

// Convolves every element grid with the Gaussian of `params` (once, after all deposits).
void delocalize(AtomGrids& grids, const ConcentrationGridParams& params);

// Atoms of all elements per voxel.
FloatGrid total_atoms(const AtomGrids& grids);

// 100 × element atoms / total atoms per voxel, NaN where total < min_total_atoms.
FloatGrid concentration_at_percent(const AtomGrids& grids, std::size_t element, double min_total_atoms);

// Convenience for ions in memory: box = their bounding box, deposit, delocalise.
Result<AtomGrids> build_atom_grids(const IonAtomsView& ions, const ConcentrationGridParams& params);

}  // namespace hs
