// Maximum-separation cluster search: cell-sorted neighbour search, single linkage of solute ions,
// envelope, erosion and the cluster table.
#include "analysis/apt/clusters.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

namespace hs {
namespace {

constexpr std::int64_t kMaxCellsPerAxis = std::int64_t{1} << 20;
constexpr std::uint32_t kNone = 0;

bool finite_ion(const float* p) { return std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]); }

// Ions sorted by the grid cell (edge cell_nm, from `lo`) that holds them, for radius searches with
// radius <= cell_nm: the 27 cells around a point hold every ion within the radius.
class CellIndex {
 public:
  CellIndex(const float* xyz, const std::vector<std::uint32_t>& ions, double cell_nm, const std::array<double, 3>& lo,
            const std::array<std::int64_t, 3>& cells)
      : cell_nm_(cell_nm), lo_(lo), cells_(cells) {
    entries_.reserve(ions.size());
    for (std::uint32_t i : ions) entries_.push_back({key_of(cell_of(xyz + 3 * static_cast<std::size_t>(i))), i});
    std::sort(entries_.begin(), entries_.end());
  }

  std::array<std::int64_t, 3> cell_of(const float* p) const {
    std::array<std::int64_t, 3> c{};
    for (std::size_t a = 0; a < 3; ++a) {
      c[a] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((p[a] - lo_[a]) / cell_nm_)), 0, cells_[a] - 1);
    }
    return c;
  }
  std::int64_t key_of(const std::array<std::int64_t, 3>& c) const { return (c[2] * cells_[1] + c[1]) * cells_[0] + c[0]; }

  // Calls visit(ion) for every indexed ion in the 27 cells around p (a superset of those within
  // cell_nm of p).
  template <class Visit>
  void for_each_near(const float* p, Visit&& visit) const {
    const std::array<std::int64_t, 3> c = cell_of(p);
    for (std::int64_t dz = -1; dz <= 1; ++dz) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
          const std::array<std::int64_t, 3> n = {c[0] + dx, c[1] + dy, c[2] + dz};
          if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[0] >= cells_[0] || n[1] >= cells_[1] || n[2] >= cells_[2]) continue;
          const std::int64_t key = key_of(n);
          auto it = std::lower_bound(entries_.begin(), entries_.end(), Entry{key, 0});
          for (; it != entries_.end() && it->key == key; ++it) visit(it->ion);
        }
      }
    }
  }

 private:
  struct Entry {
    std::int64_t key;
    std::uint32_t ion;
    friend bool operator<(const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.ion < b.ion; }
  };
  double cell_nm_;
  std::array<double, 3> lo_;
  std::array<std::int64_t, 3> cells_;
  std::vector<Entry> entries_;
};

double distance2(const float* a, const float* b) {
  double d2 = 0;
  for (int k = 0; k < 3; ++k) {
    const double d = static_cast<double>(a[k]) - static_cast<double>(b[k]);
    d2 += d * d;
  }
  return d2;
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t v) {
  while (parent[v] != v) v = parent[v] = parent[parent[v]];
  return v;
}

}  // namespace

Result<ClusterResult> find_clusters(const IonAtomsView& ions, std::span<const std::size_t> solute_elements,
                                    const ClusterParams& params, const AnalysisControl* control) {
  const auto fail = [](const std::string& what) { return make_error(ErrorCode::invalid_argument, "clusters: " + what); };
  if (!std::isfinite(params.d_max_nm) || params.d_max_nm <= 0) return fail("d_max must be a positive number of nm");
  if (!std::isfinite(params.envelope_nm) || params.envelope_nm < 0) return fail("the envelope distance must be 0 or more nm");
  if (!std::isfinite(params.erosion_nm) || params.erosion_nm < 0) return fail("the erosion distance must be 0 or more nm");
  if (params.min_solute_ions == 0) return fail("N_min must be at least 1");
  if (solute_elements.empty()) return fail("no solute element chosen");
  for (std::size_t e : solute_elements) {
    if (e >= ions.element_count) return fail("solute element " + std::to_string(e) + " is not among the counted elements");
  }
  const std::size_t n = ions.ion_count();
  if (n >= std::numeric_limits<std::uint32_t>::max()) {
    return make_error(ErrorCode::limit, "clusters: more than 2^32 - 1 ions: choose an ROI");
  }
  const float* xyz = ions.position_nm.data();
  if (control != nullptr && control->cancelled()) return cancelled_error("clusters");

  ClusterResult result;
  result.cluster_of_ion.assign(n, kNone);
  // Solute and finite ions, and the box of the finite ones.
  std::vector<std::uint32_t> solute, finite;
  std::vector<std::uint8_t> is_solute(n, 0);
  std::array<double, 3> lo{}, hi{};
  for (std::size_t i = 0; i < n; ++i) {
    const float* p = xyz + 3 * i;
    if (!finite_ion(p)) continue;
    for (std::size_t a = 0; a < 3; ++a) {
      lo[a] = finite.empty() ? p[a] : std::min(lo[a], static_cast<double>(p[a]));
      hi[a] = finite.empty() ? p[a] : std::max(hi[a], static_cast<double>(p[a]));
    }
    finite.push_back(static_cast<std::uint32_t>(i));
    for (std::size_t e : solute_elements) {
      if (ions.atoms[i * ions.element_count + e] != 0) is_solute[i] = 1;
    }
    if (is_solute[i]) solute.push_back(static_cast<std::uint32_t>(i));
  }
  result.solute_ions = solute.size();
  // Progress over the ions each step visits: linking and envelope go over (at most) the solute
  // ions, erosion over all of them.
  const std::uint64_t total_units = solute.size() * (params.envelope_nm > 0 ? 2 : 1) +
                                    (params.erosion_nm > 0 ? finite.size() : 0);
  StepProgress progress(control, total_units);
  std::uint64_t done_units = 0;
  // Counts one visited ion; false when the caller cancelled (checked every kClusterCheckIons).
  const auto visited = [&] { return ++done_units % kClusterCheckIons != 0 || progress.update(done_units); };
  const auto finished = [&]() -> Result<ClusterResult> {
    if (!progress.update(total_units)) return cancelled_error("clusters");
    return std::move(result);
  };
  const auto grid_cells = [&](double cell_nm) -> Result<std::array<std::int64_t, 3>> {
    std::array<std::int64_t, 3> cells{};
    for (std::size_t a = 0; a < 3; ++a) {
      const double count = std::floor((hi[a] - lo[a]) / cell_nm) + 1;
      if (!(count <= static_cast<double>(kMaxCellsPerAxis))) {
        return make_error(ErrorCode::limit, "clusters: search distance " + std::to_string(cell_nm) +
                                                " nm is too small for data spanning " + std::to_string(hi[a] - lo[a]) + " nm");
      }
      cells[a] = static_cast<std::int64_t>(count);
    }
    return cells;
  };
  if (solute.empty()) return finished();

  // 1. Single linkage of solute ions within d_max.
  auto link_cells = grid_cells(params.d_max_nm);
  if (!link_cells) return link_cells.error();
  const double d_max2 = params.d_max_nm * params.d_max_nm;
  std::vector<std::uint32_t> parent(n);  // indexed by ion; only solute entries used
  for (std::uint32_t i : solute) parent[i] = i;
  {
    const CellIndex index(xyz, solute, params.d_max_nm, lo, *link_cells);
    for (std::uint32_t i : solute) {
      if (!visited()) return cancelled_error("clusters");
      index.for_each_near(xyz + 3 * static_cast<std::size_t>(i), [&](std::uint32_t j) {
        if (j <= i || distance2(xyz + 3 * static_cast<std::size_t>(i), xyz + 3 * static_cast<std::size_t>(j)) > d_max2) return;
        const std::uint32_t a = find_root(parent, i), b = find_root(parent, j);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      });
    }
  }
  // Cores: groups of at least N_min; ids by first solute ion in input order (the root is the
  // group's smallest ion index, so the order of roots is that order).
  std::vector<std::uint64_t> group_size(n, 0);
  for (std::uint32_t i : solute) ++group_size[find_root(parent, i)];
  std::vector<std::uint32_t> core_ions;
  std::uint32_t cluster_count = 0;
  for (std::uint32_t i : solute) {
    const std::uint32_t root = find_root(parent, i);
    if (group_size[root] < params.min_solute_ions) continue;
    if (root == i) result.cluster_of_ion[i] = ++cluster_count;
    else result.cluster_of_ion[i] = result.cluster_of_ion[root];
    core_ions.push_back(i);
  }
  if (cluster_count == 0) return finished();

  // 2. Envelope: the nearest core ion within L claims each other ion.
  const double reach = std::max(params.envelope_nm, params.erosion_nm);
  std::optional<CellIndex> all;
  if (reach > 0) {
    auto cells = grid_cells(reach);
    if (!cells) return cells.error();
    all.emplace(xyz, finite, reach, lo, *cells);
  }
  if (params.envelope_nm > 0) {
    const double l2 = params.envelope_nm * params.envelope_nm;
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> claim(n, kNone);
    for (std::uint32_t s : core_ions) {
      if (!visited()) return cancelled_error("clusters");
      const std::uint32_t id = result.cluster_of_ion[s];
      all->for_each_near(xyz + 3 * static_cast<std::size_t>(s), [&](std::uint32_t j) {
        if (result.cluster_of_ion[j] != kNone) return;  // a core ion
        const double d2 = distance2(xyz + 3 * static_cast<std::size_t>(s), xyz + 3 * static_cast<std::size_t>(j));
        if (d2 > l2) return;
        if (d2 < best[j] || (d2 == best[j] && id < claim[j])) {
          best[j] = d2;
          claim[j] = id;
        }
      });
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (claim[j] != kNone) result.cluster_of_ion[j] = claim[j];
    }
  }

  // 3. Erosion: members within d_erosion of a matrix ion leave, decided on the assignment above.
  if (params.erosion_nm > 0) {
    const double e2 = params.erosion_nm * params.erosion_nm;
    std::vector<std::uint32_t> leaving;
    for (std::uint32_t i : finite) {
      if (!visited()) return cancelled_error("clusters");
      if (result.cluster_of_ion[i] == kNone) continue;
      bool near_matrix = false;
      all->for_each_near(xyz + 3 * static_cast<std::size_t>(i), [&](std::uint32_t j) {
        near_matrix = near_matrix || (result.cluster_of_ion[j] == kNone &&
                                      distance2(xyz + 3 * static_cast<std::size_t>(i), xyz + 3 * static_cast<std::size_t>(j)) <= e2);
      });
      if (near_matrix) leaving.push_back(i);
    }
    for (std::uint32_t i : leaving) result.cluster_of_ion[i] = kNone;
  }

  // The table: counts and composition, then centroid and radius of gyration of the solute members.
  result.clusters.resize(cluster_count);
  std::vector<std::array<double, 3>> sum(cluster_count, {0, 0, 0});
  for (std::uint32_t c = 0; c < cluster_count; ++c) {
    result.clusters[c].id = c + 1;
    result.clusters[c].atoms.assign(ions.element_count, 0);
  }
  for (std::uint32_t i : finite) {
    const std::uint32_t id = result.cluster_of_ion[i];
    if (id == kNone) continue;
    Cluster& c = result.clusters[id - 1];
    ++c.ions;
    for (std::size_t e = 0; e < ions.element_count; ++e) c.atoms[e] += ions.atoms[i * ions.element_count + e];
    if (!is_solute[i]) continue;
    ++c.solute_ions;
    for (std::size_t a = 0; a < 3; ++a) sum[id - 1][a] += xyz[3 * static_cast<std::size_t>(i) + a];
  }
  std::vector<double> squares(cluster_count, 0.0);
  for (Cluster& c : result.clusters) {
    if (c.solute_ions == 0) continue;
    for (std::size_t a = 0; a < 3; ++a) c.centroid_nm[a] = sum[c.id - 1][a] / static_cast<double>(c.solute_ions);
  }
  for (std::uint32_t i : finite) {
    const std::uint32_t id = result.cluster_of_ion[i];
    if (id == kNone || !is_solute[i]) continue;
    const Cluster& c = result.clusters[id - 1];
    for (std::size_t a = 0; a < 3; ++a) {
      const double d = xyz[3 * static_cast<std::size_t>(i) + a] - c.centroid_nm[a];
      squares[id - 1] += d * d;
    }
  }
  for (Cluster& c : result.clusters) {
    if (c.solute_ions > 0) c.radius_of_gyration_nm = std::sqrt(squares[c.id - 1] / static_cast<double>(c.solute_ions));
  }
  return finished();
}

std::string clusters_csv(const std::vector<Cluster>& clusters, const std::vector<std::string>& elements) {
  std::string csv = "id,solute_ions,ions,x_nm,y_nm,z_nm,radius_of_gyration_nm";
  for (const std::string& e : elements) csv += "," + e + "_count," + e + "_at%";
  csv += "\n";
  for (const Cluster& c : clusters) {
    assert(c.atoms.size() == elements.size());
    char head[200];
    std::snprintf(head, sizeof head, "%u,%llu,%llu,%.10g,%.10g,%.10g,%.10g", c.id,
                  static_cast<unsigned long long>(c.solute_ions), static_cast<unsigned long long>(c.ions),
                  c.centroid_nm[0], c.centroid_nm[1], c.centroid_nm[2], c.radius_of_gyration_nm);
    csv += head;
    std::uint64_t total = 0;
    for (std::uint64_t a : c.atoms) total += a;
    for (std::uint64_t a : c.atoms) {
      char cell[40] = ",";
      if (total > 0) std::snprintf(cell, sizeof cell, ",%.10g", 100.0 * static_cast<double>(a) / static_cast<double>(total));
      csv += "," + std::to_string(a) + cell;
    }
    csv += "\n";
  }
  return csv;
}

Result<StoreClusters> clusters_on_store(const IonSource& source, const IonRoi* roi, const std::vector<std::string>& solutes,
                                        const ClusterParams& params, const AnalysisControl* control) {
  const ElementCounter counter(source.ranges());
  std::vector<std::size_t> solute_elements;
  for (const std::string& symbol : solutes) {
    const std::optional<std::size_t> e = counter.element_index(symbol);
    if (!e) return make_error(ErrorCode::invalid_argument, source.name() + ": the range table has no element \"" + symbol + "\"");
    if (std::find(solute_elements.begin(), solute_elements.end(), *e) != solute_elements.end()) {
      return make_error(ErrorCode::invalid_argument, "clusters: solute element " + symbol + " given twice");
    }
    solute_elements.push_back(*e);
  }
  StoreClusters out;
  out.elements = counter.elements();
  std::vector<float> xyz;
  std::vector<std::uint32_t> atoms, block;
  const AnalysisControl read_control = sub_control(control, 0.0, 0.5);
  const AnalysisControl search_control = sub_control(control, 0.5, 1.0);
  const Status read = source.for_each_block(
      roi,
      [&](const IonBlock& ions) {
        if (out.rows.size() + ions.size() >= std::numeric_limits<std::uint32_t>::max()) {
          return Status(make_error(ErrorCode::limit, source.name() + ": more than 2^32 - 1 ions for a cluster search: choose an ROI"));
        }
        block_atoms(counter, ions, block);
        xyz.insert(xyz.end(), ions.xyz_nm.begin(), ions.xyz_nm.end());
        atoms.insert(atoms.end(), block.begin(), block.end());
        out.rows.insert(out.rows.end(), ions.rows.begin(), ions.rows.end());
        return Status{};
      },
      &read_control);
  if (!read) return read.error();
  auto result = find_clusters({xyz, atoms, counter.element_count()}, solute_elements, params, &search_control);
  if (!result) return result.error();
  out.result = std::move(*result);
  out.xyz_nm = std::move(xyz);
  return out;
}

}  // namespace hs
