// Marching cubes: sphere area and volume against 4πR² and 4/3πR³, closed and consistently
// oriented surfaces for every case (random fields), outward normals, NaN cells, components.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "analysis/apt/marching_cubes.h"
#include "grid_sample.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Lcg {
  std::uint64_t state;
  std::uint64_t next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// Every directed edge used once and its reverse once: closed, crack-free, consistently oriented.
bool every_edge_twice_opposite(const hs::TriangleMesh& mesh) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (const auto& t : mesh.triangles) {
    for (int k = 0; k < 3; ++k) edges.emplace_back(t[static_cast<std::size_t>(k)], t[static_cast<std::size_t>((k + 1) % 3)]);
  }
  std::sort(edges.begin(), edges.end());
  if (std::adjacent_find(edges.begin(), edges.end()) != edges.end()) return false;
  for (const auto& [a, b] : edges) {
    if (!std::binary_search(edges.begin(), edges.end(), std::make_pair(b, a))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("marching cubes: a sphere has area 4 pi R squared and volume 4 pi R cubed over 3 within 2 percent", "[apt_surface][marching_cubes]") {
  // R = 6 nm centred at (1.3, -0.4, 2.1), anisotropic voxels (z 0.45, y 0.4, x 0.5 nm); the field
  // is R - distance (high inside).
  const double r = 6;
  const std::array<double, 3> c = {1.3, -0.4, 2.1};
  const std::array<double, 3> origin = {-7.0, -8.0, -6.0};
  const hs::FloatGrid g = hs::test::sample_grid({38, 42, 34}, {0.45, 0.4, 0.5}, origin, [&](double x, double y, double z) {
    return r - std::sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]));
  });
  auto mesh = hs::marching_cubes(g, origin, 0.0);
  REQUIRE(mesh.ok());
  REQUIRE(!mesh->triangles.empty());
  CHECK(hs::mesh_area_nm2(*mesh) == Approx(4 * kPi * r * r).epsilon(0.02));
  CHECK(hs::mesh_volume_nm3(*mesh) == Approx(4 * kPi * r * r * r / 3).epsilon(0.02));
  CHECK(every_edge_twice_opposite(*mesh));
  const auto parts = hs::mesh_components(*mesh);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].closed);
  CHECK(parts[0].triangles.size() == mesh->triangles.size());
  CHECK(parts[0].volume_nm3 == Approx(hs::mesh_volume_nm3(*mesh)).epsilon(1e-6));
  for (int a = 0; a < 3; ++a) CHECK(parts[0].centroid_nm[static_cast<std::size_t>(a)] == Approx(c[static_cast<std::size_t>(a)]).margin(0.02));
  // Vertices lie on the sphere (linear interpolation of a distance field is exact along an edge
  // only to second order: within 0.05 nm at this voxel size).
  for (const auto& v : mesh->vertices_nm) {
    const double d = std::sqrt((v[0] - c[0]) * (v[0] - c[0]) + (v[1] - c[1]) * (v[1] - c[1]) + (v[2] - c[2]) * (v[2] - c[2]));
    CHECK(std::abs(d - r) < 0.05);
  }
}

TEST_CASE("marching cubes: random fields give closed consistently oriented surfaces in every case", "[apt_surface][marching_cubes]") {
  // Random values in the interior, a border of zeros: the surface at level 0.5 is closed whatever
  // the cases met (10 fields of 8^3 cover all 256 cube cases many times over).
  Lcg rng{3};
  std::vector<bool> seen(256, false);
  for (int field = 0; field < 10; ++field) {
    hs::FloatGrid g = hs::make_grid<float>({8, 8, 8}, 0.0f);
    for (std::int64_t z = 1; z < 7; ++z) {
      for (std::int64_t y = 1; y < 7; ++y) {
        for (std::int64_t x = 1; x < 7; ++x) g.at(z, y, x) = static_cast<float>(rng.uniform());
      }
    }
    for (std::int64_t z = 0; z < 7; ++z) {
      for (std::int64_t y = 0; y < 7; ++y) {
        for (std::int64_t x = 0; x < 7; ++x) {
          int cube = 0;
          for (int k = 0; k < 8; ++k) cube |= (g.at(z + (k >> 2), y + ((k >> 1) & 1), x + (k & 1)) >= 0.5f) << k;
          seen[static_cast<std::size_t>(cube)] = true;
        }
      }
    }
    auto mesh = hs::marching_cubes(g, {0, 0, 0}, 0.5);
    REQUIRE(mesh.ok());
    CHECK(every_edge_twice_opposite(*mesh));
    for (const auto& part : hs::mesh_components(*mesh)) {
      CHECK(part.closed);
      CHECK(part.volume_nm3 > 0);  // outward orientation: the region >= level has positive volume
    }
  }
  // 8^3 random cubes reach most cases; the ones never met are few (checked to keep the test honest).
  CHECK(std::count(seen.begin(), seen.end(), true) > 200);
}

TEST_CASE("marching cubes: normals point toward lower values", "[apt_surface][marching_cubes]") {
  // f = 5.3 - z (high below z = 5.3): every triangle's normal has a positive z component and the
  // plane lies at z = 5.3.
  const hs::FloatGrid g = hs::test::sample_grid({10, 6, 7}, {1, 1, 1}, {0, 0, 0}, [](double, double, double z) { return 5.3 - z; });
  auto mesh = hs::marching_cubes(g, {0, 0, 0}, 0.0);
  REQUIRE(mesh.ok());
  REQUIRE(mesh->triangles.size() == 2 * 5 * 6);  // two triangles per cell of the 6 x 5 cell plane
  for (const auto& t : mesh->triangles) {
    const auto& p0 = mesh->vertices_nm[t[0]];
    const auto& p1 = mesh->vertices_nm[t[1]];
    const auto& p2 = mesh->vertices_nm[t[2]];
    const double nz = (p1[0] - p0[0]) * (p2[1] - p0[1]) - (p1[1] - p0[1]) * (p2[0] - p0[0]);
    CHECK(nz > 0);
    CHECK(p0[2] == Approx(5.3));
  }
  CHECK(hs::mesh_area_nm2(*mesh) == Approx(30.0));
  CHECK(mesh->vertices_nm.size() == 7 * 6);  // shared vertices: one per grid column
  const auto parts = hs::mesh_components(*mesh);
  REQUIRE(parts.size() == 1);
  CHECK(!parts[0].closed);
  CHECK(parts[0].centroid_nm[2] == Approx(5.3));
}

TEST_CASE("marching cubes: NaN cells are skipped, separate blobs are separate components", "[apt_surface][marching_cubes]") {
  // Two spheres of radius 3 nm at x = 5 and x = 15, voxel 0.5 nm.
  const auto field = [](double x, double y, double z) {
    const double a = std::sqrt((x - 5) * (x - 5) + (y - 5) * (y - 5) + (z - 5) * (z - 5));
    const double b = std::sqrt((x - 15) * (x - 15) + (y - 5) * (y - 5) + (z - 5) * (z - 5));
    return 3 - std::min(a, b);
  };
  hs::FloatGrid g = hs::test::sample_grid({21, 21, 41}, {0.5, 0.5, 0.5}, {0, 0, 0}, field);
  auto mesh = hs::marching_cubes(g, {0, 0, 0}, 0.0);
  REQUIRE(mesh.ok());
  auto parts = hs::mesh_components(*mesh);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].centroid_nm[0] == Approx(5.0).margin(0.02));  // first found (lower x in a row scan)
  CHECK(parts[1].centroid_nm[0] == Approx(15.0).margin(0.02));
  for (const auto& p : parts) {
    CHECK(p.closed);
    CHECK(p.volume_nm3 == Approx(4 * kPi * 27 / 3).epsilon(0.03));
  }
  // A NaN just inside the second sphere's surface opens it; the first stays closed.
  g.at(10, 10, 35) = std::numeric_limits<float>::quiet_NaN();  // (17.5, 5, 5): 2.5 nm from the centre
  mesh = hs::marching_cubes(g, {0, 0, 0}, 0.0);
  REQUIRE(mesh.ok());
  parts = hs::mesh_components(*mesh);
  REQUIRE(parts.size() >= 2);
  CHECK(parts[0].closed);
  CHECK(!parts[1].closed);
  // Degenerate inputs.
  CHECK(!hs::marching_cubes(g, {0, 0, 0}, std::numeric_limits<double>::quiet_NaN()).ok());
  auto flat = hs::marching_cubes(hs::make_grid<float>({1, 5, 5}, 1.0f), {0, 0, 0}, 0.5);
  REQUIRE(flat.ok());
  CHECK(flat->triangles.empty());
  CHECK(hs::mesh_components(*flat).empty());
}
