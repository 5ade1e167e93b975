// Marching cubes with a case table generated from the cube's topology, edge-shared vertices,
// mesh measures and connected components.
#include "analysis/apt/marching_cubes.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace hs {
namespace {

// Cube corner c (0..7) is at (c & 1, (c >> 1) & 1, (c >> 2) & 1) in (x, y, z). Edge e (0..11)
// runs along axis e / 4 (0 = x) from its base corner; k = e % 4 holds the base corner's bits on
// the two other axes, lower axis first.
constexpr std::array<std::array<int, 2>, 3> kOtherAxes = {{{1, 2}, {0, 2}, {0, 1}}};

int bit(int value, int position) { return (value >> position) & 1; }

int edge_base(int edge) {
  const int axis = edge / 4, k = edge % 4;
  return (bit(k, 0) << kOtherAxes[axis][0]) | (bit(k, 1) << kOtherAxes[axis][1]);
}

int edge_between(int c1, int c2) {
  const int diff = c1 ^ c2;
  assert(diff == 1 || diff == 2 || diff == 4);
  const int axis = diff == 1 ? 0 : diff == 2 ? 1 : 2;
  const int base = c1 & c2;
  return axis * 4 + (bit(base, kOtherAxes[axis][0]) | (bit(base, kOtherAxes[axis][1]) << 1));
}

// Whether edges e1 and e2 lie on a common face of the cube: some third axis on which both base
// corners agree.
bool share_face(int e1, int e2) {
  const int b1 = edge_base(e1), b2 = edge_base(e2);
  for (int axis = 0; axis < 3; ++axis) {
    if (axis != e1 / 4 && axis != e2 / 4 && bit(b1, axis) == bit(b2, axis)) return true;
  }
  return false;
}

constexpr int kMaxCaseTriangles = 12;

struct CaseTriangles {
  int count = 0;
  std::array<std::array<std::uint8_t, 3>, kMaxCaseTriangles> edges{};
};

struct CaseTable {
  std::array<CaseTriangles, 256> cases;
  std::array<int, 12> base{};  // base corner of each edge
};

// Triangles of one case: per face, each run of inside corners gives a segment from the crossing
// on the edge entering the run to the crossing on the edge leaving it (faces walked
// counter-clockwise as seen from outside the cube); the segments chain into loops, fanned.
CaseTriangles triangulate_case(int cube) {
  std::array<int, 12> next;
  next.fill(-1);
  constexpr std::array<std::array<int, 2>, 4> kSquare = {{{0, 0}, {1, 0}, {1, 1}, {0, 1}}};
  for (int axis = 0; axis < 3; ++axis) {
    const int u = (axis + 1) % 3, v = (axis + 2) % 3;  // (u, v, axis) is right-handed
    for (int side = 0; side < 2; ++side) {
      std::array<int, 4> ring{};
      std::array<bool, 4> inside{};
      for (int i = 0; i < 4; ++i) {
        const auto& uv = kSquare[static_cast<std::size_t>(side ? i : 3 - i)];  // reversed when seen from -axis
        ring[i] = (side << axis) | (uv[0] << u) | (uv[1] << v);
        inside[i] = bit(cube, ring[i]) != 0;
      }
      for (int i = 0; i < 4; ++i) {
        if (!inside[i] || inside[(i + 3) % 4]) continue;  // not the start of a run
        int j = i;
        while (inside[(j + 1) % 4]) j = (j + 1) % 4;
        const int entering = edge_between(ring[(i + 3) % 4], ring[i]);
        const int leaving = edge_between(ring[j], ring[(j + 1) % 4]);
        assert(next[entering] == -1);
        next[entering] = leaving;
      }
    }
  }
  CaseTriangles result;
  std::array<bool, 12> used{};
  for (int start = 0; start < 12; ++start) {
    if (next[start] < 0 || used[start]) continue;
    std::array<int, 12> loop{};
    int length = 0;
    for (int e = start; !used[e]; e = next[e]) {
      used[e] = true;
      loop[length++] = e;
    }
    // Fan from an apex whose diagonals join no two crossings on a common face: such a diagonal
    // could be drawn by the neighbouring cube too and make an edge of four triangles (an apex
    // always exists; checked over all 256 cases when this was written).
    int apex = 0;
    for (; apex < length; ++apex) {
      bool safe = true;
      for (int k = 2; k + 1 < length; ++k) safe = safe && !share_face(loop[apex], loop[(apex + k) % length]);
      if (safe) break;
    }
    assert(apex < length);
    for (int k = 1; k + 1 < length; ++k) {
      assert(result.count < kMaxCaseTriangles);
      result.edges[result.count++] = {static_cast<std::uint8_t>(loop[apex]), static_cast<std::uint8_t>(loop[(apex + k) % length]),
                                      static_cast<std::uint8_t>(loop[(apex + k + 1) % length])};
    }
  }
  return result;
}

const CaseTable& case_table() {
  static const CaseTable table = [] {
    CaseTable t;
    for (int cube = 0; cube < 256; ++cube) t.cases[cube] = triangulate_case(cube);
    for (int e = 0; e < 12; ++e) t.base[e] = edge_base(e);
    return t;
  }();
  return table;
}

constexpr std::uint32_t kNoVertex = std::numeric_limits<std::uint32_t>::max();

std::array<double, 3> to_double(const std::array<float, 3>& p) { return {p[0], p[1], p[2]}; }
std::array<double, 3> sub(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
std::array<double, 3> cross(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const std::array<double, 3>& a, const std::array<double, 3>& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

double triangle_area(const TriangleMesh& mesh, std::uint32_t t) {
  const auto& tri = mesh.triangles[t];
  const auto p0 = to_double(mesh.vertices_nm[tri[0]]);
  const auto n = cross(sub(to_double(mesh.vertices_nm[tri[1]]), p0), sub(to_double(mesh.vertices_nm[tri[2]]), p0));
  return 0.5 * std::sqrt(dot(n, n));
}

// Signed volume of the tetrahedron (reference, v0, v1, v2).
double tetra_volume(const TriangleMesh& mesh, std::uint32_t t, const std::array<double, 3>& reference) {
  const auto& tri = mesh.triangles[t];
  const auto a = sub(to_double(mesh.vertices_nm[tri[0]]), reference);
  const auto b = sub(to_double(mesh.vertices_nm[tri[1]]), reference);
  const auto c = sub(to_double(mesh.vertices_nm[tri[2]]), reference);
  return dot(a, cross(b, c)) / 6.0;
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t v) {
  while (parent[v] != v) v = parent[v] = parent[parent[v]];
  return v;
}

// Every directed edge once, and its reverse present once.
bool is_closed(const TriangleMesh& mesh, const std::vector<std::uint32_t>& triangles) {
  std::vector<std::uint64_t> edges;
  edges.reserve(3 * triangles.size());
  for (std::uint32_t t : triangles) {
    const auto& tri = mesh.triangles[t];
    for (int k = 0; k < 3; ++k) edges.push_back(std::uint64_t{tri[k]} << 32 | tri[(k + 1) % 3]);
  }
  std::sort(edges.begin(), edges.end());
  if (std::adjacent_find(edges.begin(), edges.end()) != edges.end()) return false;
  return std::all_of(edges.begin(), edges.end(), [&](std::uint64_t e) {
    return std::binary_search(edges.begin(), edges.end(), (e << 32) | (e >> 32));
  });
}

}  // namespace

Result<TriangleMesh> marching_cubes(const FloatGrid& grid, const std::array<double, 3>& origin_nm, double level) {
  if (!std::isfinite(level)) return make_error(ErrorCode::invalid_argument, "isosurface: the level must be a finite number");
  TriangleMesh mesh;
  const GridShape& s = grid.shape;
  if (s.nx < 2 || s.ny < 2 || s.nz < 2) return mesh;
  const CaseTable& table = case_table();
  const std::array<double, 3> step = {grid.voxel.zyx[2], grid.voxel.zyx[1], grid.voxel.zyx[0]};  // x, y, z
  const auto plane_slots = static_cast<std::size_t>(s.nx * s.ny * 3);
  std::vector<std::uint32_t> lower(plane_slots, kNoVertex), upper(plane_slots, kNoVertex);
  std::array<float, 8> value{};
  for (std::int64_t z = 0; z + 1 < s.nz; ++z) {
    for (std::int64_t y = 0; y + 1 < s.ny; ++y) {
      for (std::int64_t x = 0; x + 1 < s.nx; ++x) {
        int cube = 0;
        bool nan = false;
        for (int c = 0; c < 8; ++c) {
          const float v = grid.at(z + bit(c, 2), y + bit(c, 1), x + bit(c, 0));
          nan = nan || std::isnan(v);
          value[static_cast<std::size_t>(c)] = v;
          if (v >= level) cube |= 1 << c;
        }
        if (nan || cube == 0 || cube == 255) continue;
        const CaseTriangles& triangles = table.cases[static_cast<std::size_t>(cube)];
        std::array<std::uint32_t, 12> ids;
        ids.fill(kNoVertex);
        for (int t = 0; t < triangles.count; ++t) {
          std::array<std::uint32_t, 3> tri{};
          for (int k = 0; k < 3; ++k) {
            const int edge = triangles.edges[static_cast<std::size_t>(t)][static_cast<std::size_t>(k)];
            if (ids[static_cast<std::size_t>(edge)] == kNoVertex) {
              const int base = table.base[static_cast<std::size_t>(edge)], axis = edge / 4;
              const std::int64_t bx = x + bit(base, 0), by = y + bit(base, 1), bz = z + bit(base, 2);
              std::vector<std::uint32_t>& plane = bit(base, 2) ? upper : lower;
              std::uint32_t& slot = plane[static_cast<std::size_t>((by * s.nx + bx) * 3 + axis)];
              if (slot == kNoVertex) {
                if (mesh.vertices_nm.size() >= kMaxMeshVertices) {
                  return make_error(ErrorCode::limit, "isosurface: more than " + std::to_string(kMaxMeshVertices) +
                                                          " vertices: coarsen the grid or choose an ROI");
                }
                const double a = value[static_cast<std::size_t>(base)];
                const double b = value[static_cast<std::size_t>(base | (1 << axis))];
                const double f = (level - a) / (b - a);
                std::array<double, 3> p = {static_cast<double>(bx), static_cast<double>(by), static_cast<double>(bz)};
                p[static_cast<std::size_t>(axis)] += f;
                slot = static_cast<std::uint32_t>(mesh.vertices_nm.size());
                mesh.vertices_nm.push_back({static_cast<float>(origin_nm[0] + p[0] * step[0]),
                                            static_cast<float>(origin_nm[1] + p[1] * step[1]),
                                            static_cast<float>(origin_nm[2] + p[2] * step[2])});
              }
              ids[static_cast<std::size_t>(edge)] = slot;
            }
            tri[static_cast<std::size_t>(k)] = ids[static_cast<std::size_t>(edge)];
          }
          mesh.triangles.push_back(tri);
        }
      }
    }
    std::swap(lower, upper);
    std::fill(upper.begin(), upper.end(), kNoVertex);
  }
  return mesh;
}

double mesh_area_nm2(const TriangleMesh& mesh) {
  double area = 0;
  for (std::uint32_t t = 0; t < mesh.triangles.size(); ++t) area += triangle_area(mesh, t);
  return area;
}

double mesh_volume_nm3(const TriangleMesh& mesh) {
  double volume = 0;
  for (std::uint32_t t = 0; t < mesh.triangles.size(); ++t) volume += tetra_volume(mesh, t, {0, 0, 0});
  return volume;
}

std::vector<MeshComponent> mesh_components(const TriangleMesh& mesh) {
  std::vector<std::uint32_t> parent(mesh.vertices_nm.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const auto& tri : mesh.triangles) {
    for (int k = 1; k < 3; ++k) {
      const std::uint32_t a = find_root(parent, tri[0]), b = find_root(parent, tri[static_cast<std::size_t>(k)]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  // Component number per root, in order of first triangle.
  std::vector<std::uint32_t> component_of_root(mesh.vertices_nm.size(), kNoVertex);
  std::vector<MeshComponent> components;
  for (std::uint32_t t = 0; t < mesh.triangles.size(); ++t) {
    const std::uint32_t root = find_root(parent, mesh.triangles[t][0]);
    if (component_of_root[root] == kNoVertex) {
      component_of_root[root] = static_cast<std::uint32_t>(components.size());
      components.emplace_back();
    }
    components[component_of_root[root]].triangles.push_back(t);
  }
  for (MeshComponent& c : components) {
    c.closed = is_closed(mesh, c.triangles);
    const std::array<double, 3> reference = to_double(mesh.vertices_nm[mesh.triangles[c.triangles.front()][0]]);
    std::array<double, 3> area_sum{}, volume_sum{};
    for (std::uint32_t t : c.triangles) {
      const auto& tri = mesh.triangles[t];
      std::array<double, 3> mid{};
      for (int k = 0; k < 3; ++k) {
        for (int a = 0; a < 3; ++a) mid[static_cast<std::size_t>(a)] += (mesh.vertices_nm[tri[static_cast<std::size_t>(k)]][static_cast<std::size_t>(a)] - reference[static_cast<std::size_t>(a)]) / 3.0;
      }
      const double area = triangle_area(mesh, t), volume = tetra_volume(mesh, t, reference);
      c.area_nm2 += area;
      c.volume_nm3 += volume;
      for (int a = 0; a < 3; ++a) {
        area_sum[static_cast<std::size_t>(a)] += area * mid[static_cast<std::size_t>(a)];
        volume_sum[static_cast<std::size_t>(a)] += volume * mid[static_cast<std::size_t>(a)] * 0.75;  // tetra centroid = (0 + 3 mid) / 4
      }
    }
    const bool by_volume = c.closed && c.volume_nm3 != 0;
    for (int a = 0; a < 3; ++a) {
      const double offset = by_volume ? volume_sum[static_cast<std::size_t>(a)] / c.volume_nm3
                                      : (c.area_nm2 > 0 ? area_sum[static_cast<std::size_t>(a)] / c.area_nm2 : 0.0);
      c.centroid_nm[static_cast<std::size_t>(a)] = reference[static_cast<std::size_t>(a)] + offset;
    }
  }
  return components;
}

}  // namespace hs
