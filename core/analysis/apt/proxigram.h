// Proximity histograms (proxigrams) of atom probe data: the signed distance of every ion to an
// isosurface, binned, with the atoms of every element per bin, their atomic percent and σ; and the
// whole-store pipeline (concentration grid → isosurface → components → proxigram).
//
// Sections: [Distance] signed distance to a mesh · [Proxigram] binning · [Store] whole-store run.
//
// Sign convention: distances are positive on the high-concentration side of the surface (inside
// the isosurface: against its outward normals, see marching_cubes.h) and negative on the low side.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/concentration_grid.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/marching_cubes.h"
#include "util/result.h"

namespace hs {

// [Distance] -------------------------------------------------------------------------------------

// Distances from points to a triangle mesh up to a maximum, accelerated by a bounding volume
// hierarchy of the triangles (median splits on the longest axis, at most 4 triangles per leaf)
// searched by branch and bound, so a point farther than the maximum from the mesh is answered
// near the root. (A uniform grid of triangle buckets took 35 s for 10^6 ions around 7,000
// triangles: points 5–10 nm from the surface had to scan thousands of cells.) The mesh is copied.
class SurfaceDistance {
 public:
  // Errors: max_distance_nm not finite and > 0, more than 2^31 triangles.
  static Result<SurfaceDistance> create(const TriangleMesh& mesh, double max_distance_nm);

  // Signed distance (nm) from p (x, y, z) to the nearest point of the mesh, positive on the side
  // the normals point away from; nullopt when no triangle is within max_distance_nm (or p is not
  // finite). Where several triangles share the nearest point (an edge or vertex), the sign comes
  // from the one whose normal is most nearly parallel to p − nearest point; a point in the plane
  // of its nearest triangle's edge (no side) counts as the high side.
  std::optional<double> signed_distance_nm(const std::array<double, 3>& p) const;

 private:
  SurfaceDistance() = default;

  // A box of the hierarchy: a leaf holds order_[first, first + count), an inner node (count 0)
  // has children first and first + 1.
  struct Node {
    std::array<float, 3> lo{}, hi{};
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };

  TriangleMesh mesh_;
  double max_distance_nm_ = 0;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> order_;  // triangle indices, grouped by leaf
};

// [Proxigram] ------------------------------------------------------------------------------------

struct ProxigramParams {
  double bin_nm = 0.5;            // 0.2–1 nm is usual; any positive width is accepted
  double max_distance_nm = 10;    // ions farther from the surface are not binned
};

// Bins cover [-max_distance_nm, +max_distance_nm]; bin b holds distances in
// [min_distance_nm + b bin_nm, min_distance_nm + (b + 1) bin_nm).
struct Proxigram {
  double bin_nm = 0.5;
  double min_distance_nm = -10;
  std::size_t bin_count = 0;
  std::size_t element_count = 0;
  std::vector<std::uint64_t> ions;    // per bin
  std::vector<std::uint64_t> atoms;   // bin_count × element_count
  std::uint64_t ions_beyond = 0;      // farther than max_distance_nm (or no surface)

  double bin_centre_nm(std::size_t bin) const { return min_distance_nm + (static_cast<double>(bin) + 0.5) * bin_nm; }
  std::uint64_t total_atoms(std::size_t bin) const;
  // 100 × atoms / total atoms of the bin (NaN for an empty bin).
  double at_percent(std::size_t bin, std::size_t element) const;
  // 100 × sqrt(c (1 − c) / N), c the atomic fraction and N the bin's atoms (NaN for an empty bin).
  double sigma_at_percent(std::size_t bin, std::size_t element) const;
};

// Empty bins; errors for a bin width or maximum that is not finite and > 0, or above 10^6 bins.
Result<Proxigram> make_proxigram(const ProxigramParams& params, std::size_t element_count);

// CSV of the bins: bin_start_nm, bin_end_nm, distance_nm (the centre), ions, atoms, then per
// element <E>_count, <E>_at%, <E>_sigma_at% (empty cells for an empty bin).
std::string proxigram_csv(const Proxigram& proxigram, const std::vector<std::string>& elements);

// Bins the ions of one block (element_count must match).
void add_to_proxigram(Proxigram& proxigram, const SurfaceDistance& surface, const IonAtomsView& ions);

// [Store] ----------------------------------------------------------------------------------------

struct IsosurfaceParams {
  std::string element;                // the concentration whose isosurface is taken, e.g. "Mn"
  double level_at_percent = 10;
  ConcentrationGridParams grid;
  ProxigramParams proxigram;
};

struct IsosurfaceResult {
  std::vector<std::string> elements;  // columns of the proxigram (ElementCounter order)
  TriangleMesh mesh;
  std::vector<MeshComponent> components;
  Proxigram proxigram;
  std::uint64_t ions = 0;             // ions read (inside the ROI)
};

// Reads the ions of `source` inside `roi` (all when null) twice: first into the concentration grid
// of every element (box: the store's bounds, clipped to a box ROI), then, after the isosurface
// of params.element at params.level_at_percent is extracted, into the proxigram of all elements.
// `control` sees progress 0–0.5 over the first pass and 0.5–1 over the second, and may cancel.
// Errors: an element the range table does not have, bad parameters, the source's read errors,
// cancellation.
Result<IsosurfaceResult> isosurface_on_store(const IonSource& source, const IonRoi* roi, const IsosurfaceParams& params,
                                             const AnalysisControl* control = nullptr);

}  // namespace hs
