// Cluster search in atom probe data by the maximum-separation method: solute ions closer than
// d_max are linked, groups of at least N_min solute ions are clusters, then an envelope adds the
// ions near them and an erosion trims their edge. Gives a cluster table and a cluster id per ion,
// for ions in memory or for the ions of a store.
//
// The exact variant:
//  1. Solute ions: ions holding at least one atom of a chosen solute element. Two solute ions are
//     linked when their distance is <= d_max_nm; clusters are the connected groups (single
//     linkage) of at least min_solute_ions solute ions: the cores.
//  2. Envelope: every other ion (matrix ions and solute ions of no core) within envelope_nm of a
//     core solute ion joins that core's cluster; within reach of several, the nearest core ion
//     decides (ties: the lower cluster id). envelope_nm = 0 adds nothing.
//  3. Erosion: with the ions left in no cluster called matrix, every member of a cluster (core or
//     envelope) within erosion_nm of a matrix ion is removed from it (decided on the assignment
//     after step 2, in one pass). erosion_nm = 0 removes nothing.
// Cluster ids are 1..K in the order of each cluster's first solute ion in input order, so a
// result depends only on the ions and the parameters. Ions with non-finite positions take no part.
// Neighbour searches sort ions by grid cell (cell edge = the search distance): O(N log N).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/concentration_grid.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/ion_source.h"
#include "util/result.h"

namespace hs {

struct ClusterParams {
  double d_max_nm = 0.5;
  std::uint64_t min_solute_ions = 10;   // N_min
  double envelope_nm = 0.5;             // L
  double erosion_nm = 0.0;              // d_erosion
};

struct Cluster {
  std::uint32_t id = 0;                   // 1..K
  std::uint64_t solute_ions = 0;          // solute ions among the members (after erosion)
  std::uint64_t ions = 0;                 // all members
  std::vector<std::uint64_t> atoms;       // per element, all members
  std::array<double, 3> centroid_nm{};    // mean position of the member solute ions
  double radius_of_gyration_nm = 0;       // sqrt(mean squared distance of member solute ions to it)
};

struct ClusterResult {
  std::vector<Cluster> clusters;
  std::vector<std::uint32_t> cluster_of_ion;  // per input ion: cluster id, 0 = none
  std::uint64_t solute_ions = 0;              // solute ions in the input
};

// `control` sees the search's progress (linking, envelope and erosion, each in proportion to the
// ions it visits) and is checked for cancellation every kClusterCheckIons ions visited.
// Errors: a distance not finite or negative (d_max must be > 0), min_solute_ions 0, no solute
// element, a solute index >= ions.element_count, a search distance so small that the data span
// more than 2^20 cells along an axis, cancellation ("clusters: cancelled").
Result<ClusterResult> find_clusters(const IonAtomsView& ions, std::span<const std::size_t> solute_elements,
                                    const ClusterParams& params, const AnalysisControl* control = nullptr);

// How many ions a search step visits between two cancellation checks.
inline constexpr std::size_t kClusterCheckIons = 256;

// CSV of the cluster table: id, solute_ions, ions, x_nm, y_nm, z_nm, radius_of_gyration_nm, then
// per element <E>_count and <E>_at% (of the cluster's atoms).
std::string clusters_csv(const std::vector<Cluster>& clusters, const std::vector<std::string>& elements);

// A cluster search over the ions of a store.
struct StoreClusters {
  std::vector<std::string> elements;  // ElementCounter order: the columns of Cluster::atoms
  ClusterResult result;               // cluster_of_ion indexed like `rows`
  std::vector<std::uint64_t> rows;    // store row of each ion read (inside the ROI, row order)
  std::vector<float> xyz_nm;          // x, y, z of each ion read, indexed like `rows`
};

// Reads every ion of `source` inside `roi` (all when null) into memory (about 12 + 4 × elements
// bytes per ion) and runs find_clusters with the solute elements named in `solutes` (symbols of
// the range table). `control` sees progress 0–0.5 over the reading and 0.5–1 over the search.
// Errors: an unknown or repeated symbol, find_clusters' errors, read errors, cancellation.
Result<StoreClusters> clusters_on_store(const IonSource& source, const IonRoi* roi, const std::vector<std::string>& solutes,
                                        const ClusterParams& params, const AnalysisControl* control = nullptr);

}  // namespace hs
