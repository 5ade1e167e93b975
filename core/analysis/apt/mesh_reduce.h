// A triangle mesh reduced for drawing to at most a given number of triangles by vertex clustering:
// the vertices in each cube of a grid merge into their mean, triangles left with fewer than three
// distinct corners vanish and repeats are dropped. The cube grows until the mesh fits, so every
// part of the surface keeps a coarser version of its shape (only pieces smaller than a cube
// vanish), unlike keeping the first triangles (cut off on one side), whole components largest
// first (a single surface above the cap is still cut) or every k-th triangle (holes everywhere).
// Only for drawing: analyses use the full mesh.
#pragma once

#include <cstdint>

#include "analysis/apt/marching_cubes.h"

namespace hs {

// The vertices of `mesh` merged per cube of edge cell_nm (cubes counted from the mesh's lowest
// corner; a merged vertex is the mean of its cube's vertices), triangles kept when their corners
// lie in three different cubes, orientation kept, each triangle once (the same corners in the same
// cyclic order), vertices no triangle uses dropped. cell_nm must be > 0.
TriangleMesh cluster_mesh_vertices(const TriangleMesh& mesh, double cell_nm);

struct ReducedMesh {
  TriangleMesh mesh;
  double cell_nm = 0;  // the cube edge used; 0 when `mesh` is the input unchanged
};

// The mesh itself when it has at most max_triangles triangles; otherwise cluster_mesh_vertices
// with the smallest cube tried that gives at most max_triangles: starting from the mean edge
// length, each try grows the cube by sqrt(triangles / max_triangles) (at least 10 %), as a
// surface's triangle count goes with 1 / cube². max_triangles 0 gives an empty mesh (cell_nm 0).
ReducedMesh reduce_mesh(const TriangleMesh& mesh, std::uint64_t max_triangles);

}  // namespace hs
