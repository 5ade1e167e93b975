// Vertex clustering of a triangle mesh, and the coarsest-needed reduction to a triangle budget.
#include "analysis/apt/mesh_reduce.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <vector>

namespace hs {
namespace {

using Cube = std::array<std::int64_t, 3>;

struct CubeHash {
  std::size_t operator()(const Cube& c) const {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::int64_t v : c) h = (h ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL;
    return static_cast<std::size_t>(h);
  }
};

double mean_edge_nm(const TriangleMesh& mesh) {
  double sum = 0;
  for (const auto& t : mesh.triangles) {
    for (std::size_t k = 0; k < 3; ++k) {
      const auto& a = mesh.vertices_nm[t[k]];
      const auto& b = mesh.vertices_nm[t[(k + 1) % 3]];
      sum += std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    }
  }
  return mesh.triangles.empty() ? 0.0 : sum / (3.0 * static_cast<double>(mesh.triangles.size()));
}

}  // namespace

TriangleMesh cluster_mesh_vertices(const TriangleMesh& mesh, double cell_nm) {
  assert(cell_nm > 0);
  std::array<double, 3> lo{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::infinity()};
  for (const auto& v : mesh.vertices_nm) {
    for (std::size_t a = 0; a < 3; ++a) lo[a] = std::min(lo[a], static_cast<double>(v[a]));
  }
  // Cluster of each vertex, numbered by first appearance; per cluster the sum of its vertices.
  std::unordered_map<Cube, std::uint32_t, CubeHash> cluster_of_cube;
  std::vector<std::uint32_t> cluster_of(mesh.vertices_nm.size());
  std::vector<std::array<double, 4>> sums;  // x, y, z, count
  for (std::size_t i = 0; i < mesh.vertices_nm.size(); ++i) {
    const auto& v = mesh.vertices_nm[i];
    Cube cube{};
    for (std::size_t a = 0; a < 3; ++a) cube[a] = static_cast<std::int64_t>(std::floor((v[a] - lo[a]) / cell_nm));
    const auto [it, added] = cluster_of_cube.try_emplace(cube, static_cast<std::uint32_t>(sums.size()));
    if (added) sums.push_back({0, 0, 0, 0});
    cluster_of[i] = it->second;
    std::array<double, 4>& s = sums[it->second];
    for (std::size_t a = 0; a < 3; ++a) s[a] += v[a];
    s[3] += 1;
  }
  // Triangles over clusters, rotated to start at their smallest corner (same cyclic order), once.
  std::vector<std::array<std::uint32_t, 3>> triangles;
  for (const auto& t : mesh.triangles) {
    std::array<std::uint32_t, 3> c = {cluster_of[t[0]], cluster_of[t[1]], cluster_of[t[2]]};
    if (c[0] == c[1] || c[1] == c[2] || c[0] == c[2]) continue;
    std::rotate(c.begin(), std::min_element(c.begin(), c.end()), c.end());
    triangles.push_back(c);
  }
  std::sort(triangles.begin(), triangles.end());
  triangles.erase(std::unique(triangles.begin(), triangles.end()), triangles.end());
  // Only the clusters the triangles use, renumbered by first use.
  constexpr std::uint32_t kUnused = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index_of(sums.size(), kUnused);
  TriangleMesh out;
  out.triangles.reserve(triangles.size());
  for (auto& t : triangles) {
    for (std::uint32_t& c : t) {
      if (index_of[c] == kUnused) {
        index_of[c] = static_cast<std::uint32_t>(out.vertices_nm.size());
        const std::array<double, 4>& s = sums[c];
        out.vertices_nm.push_back({static_cast<float>(s[0] / s[3]), static_cast<float>(s[1] / s[3]),
                                   static_cast<float>(s[2] / s[3])});
      }
      c = index_of[c];
    }
    out.triangles.push_back(t);
  }
  return out;
}

ReducedMesh reduce_mesh(const TriangleMesh& mesh, std::uint64_t max_triangles) {
  if (mesh.triangles.size() <= max_triangles) return {mesh, 0.0};
  if (max_triangles == 0) return {TriangleMesh{}, 0.0};
  double cell_nm = std::max(mean_edge_nm(mesh), std::numeric_limits<double>::min());
  for (;;) {
    TriangleMesh reduced = cluster_mesh_vertices(mesh, cell_nm);
    if (reduced.triangles.size() <= max_triangles) return {std::move(reduced), cell_nm};
    const double ratio = static_cast<double>(reduced.triangles.size()) / static_cast<double>(max_triangles);
    cell_nm *= std::max(1.1, std::sqrt(ratio));
  }
}

}  // namespace hs
