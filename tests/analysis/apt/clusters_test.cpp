// Maximum-separation clusters: a hand-made case for envelope, erosion and numbering; planted
// clusters in a random matrix found with their exact counts, centroids and radii of gyration;
// random solid solutions below percolation; agreement with a brute-force O(N^2) search; bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analysis/apt/clusters.h"
#include "apt_analysis_support.h"
#include "store/memory_store.h"

namespace {

struct Lcg {
  std::uint64_t state;
  std::uint64_t next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// Two elements: 0 = solute ("Cu"), 1 = matrix ("Fe").
struct Ions {
  std::vector<float> xyz;
  std::vector<std::uint32_t> atoms;
  void add(double x, double y, double z, bool solute, std::uint32_t count = 1) {
    xyz.insert(xyz.end(), {static_cast<float>(x), static_cast<float>(y), static_cast<float>(z)});
    atoms.insert(atoms.end(), {solute ? count : 0u, solute ? 0u : count});
  }
  std::size_t size() const { return xyz.size() / 3; }
  hs::IonAtomsView view() const { return {xyz, atoms, 2}; }
  double d2(std::size_t i, std::size_t j) const {
    double s = 0;
    for (std::size_t a = 0; a < 3; ++a) {
      const double d = static_cast<double>(xyz[3 * i + a]) - xyz[3 * j + a];
      s += d * d;
    }
    return s;
  }
};

const std::vector<std::size_t> kSolute = {0};

// The method by brute force over all pairs, written from the definition in clusters.h.
std::vector<std::uint32_t> brute_force(const Ions& ions, const hs::ClusterParams& p) {
  const std::size_t n = ions.size();
  std::vector<std::uint32_t> group(n, 0);  // flood fill over solute ions, groups numbered from 1
  std::vector<std::size_t> size_of(1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (ions.atoms[2 * i] == 0 || group[i] != 0) continue;
    const auto g = static_cast<std::uint32_t>(size_of.size());
    size_of.push_back(0);
    std::vector<std::size_t> stack = {i};
    group[i] = g;
    while (!stack.empty()) {
      const std::size_t a = stack.back();
      stack.pop_back();
      ++size_of[g];
      for (std::size_t b = 0; b < n; ++b) {
        if (ions.atoms[2 * b] != 0 && group[b] == 0 && ions.d2(a, b) <= p.d_max_nm * p.d_max_nm) {
          group[b] = g;
          stack.push_back(b);
        }
      }
    }
  }
  // Groups are numbered in order of their first ion: keep the big ones, renumbered in that order.
  std::vector<std::uint32_t> id_of_group(size_of.size(), 0), cluster(n, 0);
  std::uint32_t next = 0;
  for (std::size_t g = 1; g < size_of.size(); ++g) {
    if (size_of[g] >= p.min_solute_ions) id_of_group[g] = ++next;
  }
  for (std::size_t i = 0; i < n; ++i) cluster[i] = group[i] ? id_of_group[group[i]] : 0;
  const std::vector<std::uint32_t> core = cluster;
  for (std::size_t j = 0; j < n; ++j) {
    if (core[j] != 0 || p.envelope_nm <= 0) continue;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < n; ++s) {
      if (core[s] == 0) continue;
      const double d2 = ions.d2(s, j);
      if (d2 <= p.envelope_nm * p.envelope_nm && (d2 < best || (d2 == best && core[s] < cluster[j]))) {
        best = d2;
        cluster[j] = core[s];
      }
    }
  }
  if (p.erosion_nm > 0) {
    const std::vector<std::uint32_t> before = cluster;
    for (std::size_t i = 0; i < n; ++i) {
      if (before[i] == 0) continue;
      for (std::size_t j = 0; j < n; ++j) {
        if (before[j] == 0 && ions.d2(i, j) <= p.erosion_nm * p.erosion_nm) {
          cluster[i] = 0;
          break;
        }
      }
    }
  }
  return cluster;
}

}  // namespace

TEST_CASE("clusters: envelope, erosion and numbering on a hand-made line of ions", "[apt_surface][clusters]") {
  Ions ions;
  ions.add(10.0, 0, 0, true);   // 0  core B (first in input: id 1)
  ions.add(10.4, 0, 0, true);   // 1
  ions.add(10.8, 0, 0, true, 2);  // 2  a Cu2 ion: one solute ion, two atoms
  ions.add(11.3, 0, 0, false);  // 3  0.5 from ion 2: envelope of B
  ions.add(0.0, 0, 0, true);    // 4  core A (id 2)
  ions.add(0.4, 0, 0, true);    // 5
  ions.add(0.8, 0, 0, true);    // 6
  ions.add(1.2, 0, 0, false);   // 7  0.4 from ion 6: envelope of A; 0.5 from matrix ion 8
  ions.add(1.7, 0, 0, false);   // 8  0.9 from the core: matrix
  ions.add(0.4, 0.45, 0, false);  // 9  0.45 from ion 5: envelope of A
  ions.add(5.0, 0, 0, true);    // 10 a lone solute ion: matrix
  hs::ClusterParams p;
  p.d_max_nm = 0.5;
  p.min_solute_ions = 3;
  p.envelope_nm = 0.5;
  p.erosion_nm = 0;
  auto r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->solute_ions == 7);
  CHECK(r->cluster_of_ion == std::vector<std::uint32_t>{1, 1, 1, 1, 2, 2, 2, 2, 0, 2, 0});
  REQUIRE(r->clusters.size() == 2);
  CHECK(r->clusters[0].id == 1);
  CHECK(r->clusters[0].solute_ions == 3);
  CHECK(r->clusters[0].ions == 4);
  CHECK(r->clusters[0].atoms == std::vector<std::uint64_t>{4, 1});
  CHECK(r->clusters[0].centroid_nm[0] == Approx(10.4));
  CHECK(r->clusters[0].radius_of_gyration_nm == Approx(std::sqrt((0.16 + 0 + 0.16) / 3)));
  CHECK(r->clusters[1].ions == 5);
  // Erosion 0.6 nm: ion 7 is 0.5 from matrix ion 8 and leaves; ion 6 (0.9 away) stays.
  p.erosion_nm = 0.6;
  r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->cluster_of_ion == std::vector<std::uint32_t>{1, 1, 1, 1, 2, 2, 2, 0, 0, 2, 0});
  CHECK(r->clusters[1].ions == 4);
  CHECK(r->clusters[1].solute_ions == 3);
  // N_min above every group: no clusters, nothing assigned.
  p.min_solute_ions = 4;
  r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->clusters.empty());
  CHECK(std::count(r->cluster_of_ion.begin(), r->cluster_of_ion.end(), 0u) == 11);
}

TEST_CASE("clusters: planted clusters in a random matrix are found with their counts", "[apt_surface][clusters]") {
  // A 30 nm cube of matrix ions (1.5 per nm^3) with dilute solute (0.02 per nm^3, none within
  // 3 nm of a cluster centre), and 5 clusters of solute ions on a 0.4 nm cubic lattice jittered by
  // up to ±0.05 nm per axis, inside spheres of radius 0.9–1.3 nm: neighbours at most 0.57 nm apart,
  // so d_max = 0.6 nm links every cluster and (λ = 0.02 × 4/3 π 0.6^3 = 0.018) never the matrix.
  const std::vector<std::array<double, 3>> centres = {{8, 8, 8}, {20, 9, 12}, {10, 21, 20}, {22, 22, 7}, {15, 15, 23}};
  Lcg rng{2024};
  Ions ions;
  for (int n = 0; n < 40500; ++n) ions.add(30 * rng.uniform(), 30 * rng.uniform(), 30 * rng.uniform(), false);
  for (int n = 0; n < 540; ++n) {
    const double x = 30 * rng.uniform(), y = 30 * rng.uniform(), z = 30 * rng.uniform();
    const bool near = std::any_of(centres.begin(), centres.end(), [&](const std::array<double, 3>& c) {
      return (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]) < 9;
    });
    if (!near) ions.add(x, y, z, true);
  }
  // Clusters in input order 3, 1, 4, 0, 2: ids follow that order.
  const std::vector<std::size_t> order = {3, 1, 4, 0, 2};
  std::vector<std::size_t> planted(5, 0);
  std::vector<std::array<double, 3>> mean(5, {0, 0, 0});
  std::vector<std::vector<std::size_t>> members(5);
  for (std::size_t k : order) {
    const double radius = 0.9 + 0.1 * static_cast<double>(k);
    for (int i = -4; i <= 4; ++i) {
      for (int j = -4; j <= 4; ++j) {
        for (int l = -4; l <= 4; ++l) {
          if ((i * i + j * j + l * l) * 0.16 > radius * radius) continue;
          const std::array<double, 3> p = {centres[k][0] + 0.4 * i + 0.1 * (rng.uniform() - 0.5),
                                           centres[k][1] + 0.4 * j + 0.1 * (rng.uniform() - 0.5),
                                           centres[k][2] + 0.4 * l + 0.1 * (rng.uniform() - 0.5)};
          members[k].push_back(ions.size());
          ions.add(p[0], p[1], p[2], true);
          ++planted[k];
        }
      }
    }
  }
  hs::ClusterParams p;
  p.d_max_nm = 0.6;
  p.min_solute_ions = 10;
  p.envelope_nm = 0.5;
  p.erosion_nm = 0;
  auto r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  REQUIRE(r->clusters.size() == 5);
  for (std::size_t rank = 0; rank < 5; ++rank) {
    const std::size_t k = order[rank];
    const hs::Cluster& c = r->clusters[rank];
    INFO("cluster " << rank + 1 << " planted at " << centres[k][0] << ", " << centres[k][1] << ", " << centres[k][2]);
    CHECK(c.id == rank + 1);
    CHECK(c.solute_ions == planted[k]);
    // Matrix ions within 0.5 nm of a planted ion, counted directly.
    std::uint64_t matrix_near = 0;
    for (std::size_t i = 0; i < ions.size(); ++i) {
      if (ions.atoms[2 * i] != 0) continue;
      matrix_near += std::any_of(members[k].begin(), members[k].end(), [&](std::size_t m) { return ions.d2(i, m) <= 0.25; });
    }
    CHECK(c.ions == planted[k] + matrix_near);
    CHECK(c.atoms == std::vector<std::uint64_t>{planted[k], matrix_near});
    std::array<double, 3> centroid{0, 0, 0};
    for (std::size_t m : members[k]) {
      for (std::size_t a = 0; a < 3; ++a) centroid[a] += ions.xyz[3 * m + a] / static_cast<double>(planted[k]);
    }
    double squares = 0;
    for (std::size_t m : members[k]) {
      for (std::size_t a = 0; a < 3; ++a) squares += std::pow(ions.xyz[3 * m + a] - centroid[a], 2);
    }
    for (std::size_t a = 0; a < 3; ++a) CHECK(c.centroid_nm[a] == Approx(centroid[a]).margin(1e-9));
    CHECK(c.radius_of_gyration_nm == Approx(std::sqrt(squares / static_cast<double>(planted[k]))).epsilon(1e-9));
    // A uniform ball of radius R has R_g = sqrt(3/5) R.
    CHECK(c.radius_of_gyration_nm == Approx(std::sqrt(0.6) * (0.9 + 0.1 * static_cast<double>(k))).epsilon(0.2));
  }
}

TEST_CASE("clusters: a random solid solution below percolation has no clusters", "[apt_surface][clusters]") {
  // Solute at 0.19 per nm^3 in a 50 nm cube (about 24,000 ions) with 4 matrix ions per solute ion.
  // With d_max = 0.5 nm each solute ion has λ = 0.19 × 4/3 π 0.5^3 = 0.1 neighbours on average; a
  // group's size then follows the Borel law, P(n) = e^{-λn} (λn)^{n-1} / n!, so groups of 10 or more
  // number about N P(10) / 10 < 0.001 here: we require none. Groups of two or more number
  // N Σ_{n>=2} P(n)/n = 0.045 N ≈ 1,090 (a little fewer near the faces): checked within [950, 1200].
  Lcg rng{99};
  Ions ions;
  std::size_t solute = 0;
  for (int n = 0; n < 118750; ++n) {
    const bool s = rng.uniform() < 0.2;
    solute += s;
    ions.add(50 * rng.uniform(), 50 * rng.uniform(), 50 * rng.uniform(), s);
  }
  hs::ClusterParams p;
  p.d_max_nm = 0.5;
  p.min_solute_ions = 10;
  auto r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->solute_ions == solute);
  CHECK(r->clusters.empty());
  p.min_solute_ions = 2;
  p.envelope_nm = 0;
  r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->clusters.size() >= 950);
  CHECK(r->clusters.size() <= 1200);
}

TEST_CASE("clusters: agree with a brute-force search on random ions", "[apt_surface][clusters]") {
  Lcg rng{17};
  for (int round = 0; round < 12; ++round) {
    Ions ions;
    const int n = 300 + static_cast<int>(rng.next() % 300);
    const double edge = 3 + 4 * rng.uniform();
    for (int i = 0; i < n; ++i) ions.add(edge * rng.uniform(), edge * rng.uniform(), edge * rng.uniform(), rng.uniform() < 0.4);
    hs::ClusterParams p;
    p.d_max_nm = 0.2 + 0.4 * rng.uniform();
    p.min_solute_ions = 1 + rng.next() % 6;
    p.envelope_nm = round % 3 == 0 ? 0.0 : 0.6 * rng.uniform();
    p.erosion_nm = round % 2 == 0 ? 0.0 : 0.4 * rng.uniform();
    auto r = hs::find_clusters(ions.view(), kSolute, p);
    REQUIRE(r.ok());
    INFO("round " << round);
    CHECK(r->cluster_of_ion == brute_force(ions, p));
    std::uint64_t members = 0;
    for (const hs::Cluster& c : r->clusters) members += c.ions;
    CHECK(members == static_cast<std::uint64_t>(std::count_if(r->cluster_of_ion.begin(), r->cluster_of_ion.end(),
                                                              [](std::uint32_t id) { return id != 0; })));
  }
}

// Random ions in a cube, 40 % solute (enough for many clusters at the parameters used below).
Ions random_ions(Lcg& rng, int n, double edge_nm) {
  Ions ions;
  for (int i = 0; i < n; ++i) ions.add(edge_nm * rng.uniform(), edge_nm * rng.uniform(), edge_nm * rng.uniform(), rng.uniform() < 0.4);
  return ions;
}

TEST_CASE("clusters: a controlled search reports monotone progress to 1 and finds the brute-force clusters",
          "[apt_surface][clusters][clusters_control]") {
  Lcg rng{29};
  const Ions ions = random_ions(rng, 4000, 9.0);
  for (int round = 0; round < 3; ++round) {
    hs::ClusterParams p;
    p.d_max_nm = 0.45;
    p.min_solute_ions = 3;
    p.envelope_nm = round == 0 ? 0.0 : 0.4;
    p.erosion_nm = round == 2 ? 0.2 : 0.0;
    std::vector<double> seen;
    std::atomic<bool> cancel{false};
    hs::AnalysisControl control;
    control.progress = [&](double f) { seen.push_back(f); };
    control.cancel = &cancel;
    auto r = hs::find_clusters(ions.view(), kSolute, p, &control);
    REQUIRE(r.ok());
    INFO("round " << round);
    CHECK(r->cluster_of_ion == brute_force(ions, p));
    REQUIRE(seen.size() >= 5);  // many checkpoints (4000 ions, one every kClusterCheckIons)
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.front() >= 0.0);
    CHECK(seen.back() == 1.0);
    auto plain = hs::find_clusters(ions.view(), kSolute, p);
    REQUIRE(plain.ok());
    CHECK(plain->cluster_of_ion == r->cluster_of_ion);
  }
}

TEST_CASE("clusters: a search cancelled after k progress reports stops with a cancelled error",
          "[apt_surface][clusters][clusters_control]") {
  Lcg rng{31};
  const Ions ions = random_ions(rng, 6000, 10.0);
  hs::ClusterParams p;
  p.d_max_nm = 0.45;
  p.min_solute_ions = 3;
  p.envelope_nm = 0.4;
  p.erosion_nm = 0.2;
  for (int k : {1, 3, 6}) {
    std::atomic<bool> cancel{false};
    int calls = 0;
    double last = -1;
    hs::AnalysisControl control;
    control.cancel = &cancel;
    control.progress = [&](double f) {
      last = f;
      if (++calls == k) cancel = true;
    };
    auto r = hs::find_clusters(ions.view(), kSolute, p, &control);
    INFO("k = " << k);
    REQUIRE(!r.ok());
    CHECK(r.error().code == hs::ErrorCode::cancelled);
    CHECK(r.error().message == "clusters: cancelled");
    CHECK(calls == k);  // it stopped at the next check, before another report
    CHECK(last < 1.0);
  }
  // Cancelled before it starts.
  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  auto r = hs::find_clusters(ions.view(), kSolute, p, &control);
  REQUIRE(!r.ok());
  CHECK(r.error().code == hs::ErrorCode::cancelled);
}

TEST_CASE("clusters: bad parameters are refused and non-finite ions take no part", "[apt_surface][clusters]") {
  Ions ions;
  for (int i = 0; i < 5; ++i) ions.add(0.3 * i, 0, 0, true);
  ions.add(std::numeric_limits<double>::quiet_NaN(), 0, 0, true);
  ions.add(0.6, std::numeric_limits<double>::infinity(), 0, true);
  hs::ClusterParams p;
  p.min_solute_ions = 5;
  auto r = hs::find_clusters(ions.view(), kSolute, p);
  REQUIRE(r.ok());
  CHECK(r->solute_ions == 5);
  CHECK(r->cluster_of_ion == std::vector<std::uint32_t>{1, 1, 1, 1, 1, 0, 0});
  const auto bad = [&](hs::ClusterParams q, std::vector<std::size_t> solute = {0}) {
    return !hs::find_clusters(ions.view(), solute, q).ok();
  };
  hs::ClusterParams q = p;
  q.d_max_nm = 0;
  CHECK(bad(q));
  q = p;
  q.d_max_nm = std::numeric_limits<double>::quiet_NaN();
  CHECK(bad(q));
  q = p;
  q.envelope_nm = -1;
  CHECK(bad(q));
  q = p;
  q.erosion_nm = std::numeric_limits<double>::infinity();
  CHECK(bad(q));
  q = p;
  q.min_solute_ions = 0;
  CHECK(bad(q));
  CHECK(bad(p, {}));
  CHECK(bad(p, {2}));
  // A search distance far below the data's extent.
  Ions wide;
  wide.add(0, 0, 0, true);
  wide.add(1e6, 0, 0, true);
  q = p;
  q.d_max_nm = 1e-3;
  auto limited = hs::find_clusters(wide.view(), kSolute, q);
  REQUIRE(!limited.ok());
  CHECK(limited.error().code == hs::ErrorCode::limit);
  // No ions at all.
  Ions none;
  auto empty = hs::find_clusters(none.view(), kSolute, p);
  REQUIRE(empty.ok());
  CHECK(empty->clusters.empty());
}

TEST_CASE("clusters: a store search finds planted Cr clusters and writes the table", "[apt_surface][clusters]") {
  // Ni+, O+ and NiO+ matrix ions (1 per nm^3) in a 30 nm cube and three Cr+ clusters on a 0.4 nm
  // lattice: a 3^3 cube (27 ions), a 3^3 cube with a column of 6 beside it (33), and the points of
  // a 5^3 cube at most 4 lattice steps (L1) from its centre (125 - 32 = 93). The store reorders rows.
  hs::test::AptLcg rng(5);
  std::vector<hs::test::TestIon> ions;
  for (int n = 0; n < 27000; ++n) {
    const float m = rng.uniform() < 0.5 ? 29.0f : (rng.uniform() < 0.5 ? 16.0f : 37.0f);
    ions.push_back({static_cast<float>(30 * rng.uniform()), static_cast<float>(30 * rng.uniform()),
                    static_cast<float>(30 * rng.uniform()), m});
  }
  const std::vector<std::array<float, 3>> centres = {{6, 6, 6}, {15, 20, 10}, {24, 10, 22}};
  const std::vector<int> half = {1, 1, 2};
  std::vector<std::uint64_t> planted;
  for (std::size_t k = 0; k < 3; ++k) {
    std::uint64_t count = 0;
    for (int i = -half[k]; i <= half[k]; ++i) {
      for (int j = -half[k]; j <= half[k]; ++j) {
        for (int l = -half[k]; l <= half[k]; ++l) {
          if (std::abs(i) + std::abs(j) + std::abs(l) > 4) continue;
          ions.push_back({centres[k][0] + 0.4f * static_cast<float>(i), centres[k][1] + 0.4f * static_cast<float>(j),
                          centres[k][2] + 0.4f * static_cast<float>(l), 26.0f});
          ++count;
        }
      }
    }
    if (k == 1) {
      for (int extra = 0; extra < 6; ++extra) {
        ions.push_back({centres[k][0] + 0.8f, centres[k][1], centres[k][2] + 0.4f * static_cast<float>(extra - 2), 26.0f});
        ++count;
      }
    }
    planted.push_back(count);
  }
  hs::MemoryStore store;
  hs::test::write_store(ions, hs::test::test_ranges(), store, 500);
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  hs::ClusterParams p;
  p.d_max_nm = 0.5;
  p.min_solute_ions = 10;
  p.envelope_nm = 0;
  auto found = hs::clusters_on_store(*source, nullptr, {"Cr"}, p);
  REQUIRE(found.ok());
  CHECK(found->rows.size() == ions.size());
  CHECK(found->result.cluster_of_ion.size() == ions.size());
  REQUIRE(found->result.clusters.size() == 3);
  std::vector<std::uint64_t> counts;
  for (const hs::Cluster& c : found->result.clusters) {
    counts.push_back(c.solute_ions);
    CHECK(c.ions == c.solute_ions);
  }
  std::sort(counts.begin(), counts.end());
  std::sort(planted.begin(), planted.end());
  CHECK(counts == planted);
  CHECK(planted == std::vector<std::uint64_t>{27, 33, 93});
  // Columns: the range table's elements in order of first appearance (Ni, O, Li, Cr).
  const std::string csv = hs::clusters_csv(found->result.clusters, found->elements);
  CHECK(csv.substr(0, csv.find('\n')) ==
        "id,solute_ions,ions,x_nm,y_nm,z_nm,radius_of_gyration_nm,Ni_count,Ni_at%,O_count,O_at%,Li_count,Li_at%,Cr_count,Cr_at%");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
  CHECK(csv.find(",100\n") != std::string::npos);  // Cr (the last column) is 100 at.% of a cluster
  // A box around the first cluster only.
  auto box = hs::make_box_roi({3, 3, 3}, {9, 9, 9}, 2);
  REQUIRE(box.ok());
  found = hs::clusters_on_store(*source, &*box, {"Cr"}, p);
  REQUIRE(found.ok());
  REQUIRE(found->result.clusters.size() == 1);
  CHECK(found->result.clusters[0].solute_ions == 27);
  CHECK(found->result.clusters[0].centroid_nm[0] == Approx(6.0).margin(1e-5));
  // With a control: progress over reading (to 0.5) and search (to 1), monotone; the same clusters.
  std::vector<double> seen;
  hs::AnalysisControl control;
  control.progress = [&](double f) { seen.push_back(f); };
  auto controlled = hs::clusters_on_store(*source, nullptr, {"Cr"}, p, &control);
  REQUIRE(controlled.ok());
  CHECK(controlled->result.cluster_of_ion.size() == ions.size());
  CHECK(controlled->result.clusters.size() == 3);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  REQUIRE(seen.size() >= 2);
  CHECK(seen.front() <= 0.5);  // the reading
  CHECK(seen.back() == 1.0);
  // Unknown and repeated solutes.
  CHECK(!hs::clusters_on_store(*source, nullptr, {"Xx"}, p).ok());
  CHECK(!hs::clusters_on_store(*source, nullptr, {"Cr", "Cr"}, p).ok());
}
