// Isosurfaces of a FloatGrid by marching cubes: a crack-free, consistently oriented triangle mesh
// in physical units, its area and enclosed volume, and its connected components.
//
// Method. A grid point is "inside" when its value >= level. The 256-case table is generated when
// first used from the cube's topology (see marching_cubes.cpp): on each face, every maximal run of
// inside corners (in cyclic order) is cut off by one segment between the crossing points of the
// run's two boundary edges; face ambiguities (inside corners on one diagonal only) are therefore
// always resolved by separating the inside corners. The segments of the six faces join into loops,
// each triangulated as a fan. Both cells sharing a face make the same choice, and crossing points
// are shared through an edge → vertex map, so the mesh has no cracks: away from the grid border
// and from NaN, every edge belongs to exactly two triangles, traversed in opposite directions.
// Vertices lie on grid edges by linear interpolation. Triangles are oriented so that their normal
// (v1 - v0) × (v2 - v0) points outward, toward lower values; for a closed surface the divergence
// theorem then gives the (positive) volume of the region >= level.
// Cells with a NaN corner are skipped: the surface is open where it meets no-data voxels, as at
// the grid border.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

struct TriangleMesh {
  std::vector<std::array<float, 3>> vertices_nm;          // x, y, z
  std::vector<std::array<std::uint32_t, 3>> triangles;    // vertex indices, outward normal by right-hand rule
};

// Most vertices (and triangles) one surface may have.
inline constexpr std::uint64_t kMaxMeshVertices = std::uint64_t{1} << 26;

// The isosurface of `grid` at `level`. Grid point (z, y, x) sits at origin_nm + (x vx, y vy, z vz)
// with (vz, vy, vx) = grid.voxel.zyx. Errors: a non-finite level, a mesh above kMaxMeshVertices.
Result<TriangleMesh> marching_cubes(const FloatGrid& grid, const std::array<double, 3>& origin_nm, double level);

// Sum of triangle areas (nm²).
double mesh_area_nm2(const TriangleMesh& mesh);
// Signed volume enclosed by the triangles (nm³): Σ v0 · (v1 × v2) / 6. Positive for a closed,
// outward-oriented surface; for an open one it depends on the origin.
double mesh_volume_nm3(const TriangleMesh& mesh);

// One connected piece of a mesh (triangles linked through shared vertices).
struct MeshComponent {
  std::vector<std::uint32_t> triangles;  // indices into mesh.triangles, ascending
  bool closed = false;                   // every edge used by exactly two of its triangles, once each way
  double area_nm2 = 0;
  double volume_nm3 = 0;                 // as mesh_volume_nm3, for its triangles
  std::array<double, 3> centroid_nm{};   // centroid of the enclosed volume if closed (and volume != 0),
                                         // else area-weighted centroid of the triangles
};

// Components ordered by their smallest triangle index (deterministic).
std::vector<MeshComponent> mesh_components(const TriangleMesh& mesh);

}  // namespace hs
