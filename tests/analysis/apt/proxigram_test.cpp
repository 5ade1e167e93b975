// Proxigrams: signed distances to meshes against closed forms and brute force, binning by hand,
// a planar tanh interface recovered bin by bin, and the apt-nmc811 sample's inclusions and coating
// interface found from the store.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "analysis/apt/proxigram.h"
#include "samples/apt_nmc811.h"
#include "samples/sample_test_support.h"
#include "store/memory_store.h"

namespace {

struct Lcg {
  std::uint64_t state;
  std::uint64_t next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// Sphere of radius r at c by marching cubes of r - |p - c| on a 0.5 nm grid from (-10, -10, -10).
hs::TriangleMesh sphere_mesh(double r, const std::array<double, 3>& c) {
  hs::FloatGrid g = hs::make_grid<float>({41, 41, 41}, 0.0f, hs::VoxelSize{{0.5, 0.5, 0.5}, "nanometer"});
  for (std::int64_t z = 0; z < 41; ++z) {
    for (std::int64_t y = 0; y < 41; ++y) {
      for (std::int64_t x = 0; x < 41; ++x) {
        const double px = -10 + 0.5 * static_cast<double>(x) - c[0], py = -10 + 0.5 * static_cast<double>(y) - c[1],
                     pz = -10 + 0.5 * static_cast<double>(z) - c[2];
        g.at(z, y, x) = static_cast<float>(r - std::sqrt(px * px + py * py + pz * pz));
      }
    }
  }
  auto mesh = hs::marching_cubes(g, {-10, -10, -10}, 0.0);
  REQUIRE(mesh.ok());
  return std::move(*mesh);
}

// Unsigned distance from p to the nearest triangle by brute force: the minimum over a dense
// sampling would be inexact, so use the plane/edge/vertex decomposition independently written:
// project onto the plane; if inside (barycentric), the plane distance, else the nearest edge.
double point_segment(const std::array<double, 3>& p, const std::array<double, 3>& a, const std::array<double, 3>& b) {
  std::array<double, 3> ab{}, ap{};
  for (int k = 0; k < 3; ++k) {
    ab[static_cast<std::size_t>(k)] = b[static_cast<std::size_t>(k)] - a[static_cast<std::size_t>(k)];
    ap[static_cast<std::size_t>(k)] = p[static_cast<std::size_t>(k)] - a[static_cast<std::size_t>(k)];
  }
  const double len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  const double t = len2 > 0 ? std::clamp((ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2, 0.0, 1.0) : 0.0;
  double d2 = 0;
  for (int k = 0; k < 3; ++k) {
    const double d = ap[static_cast<std::size_t>(k)] - t * ab[static_cast<std::size_t>(k)];
    d2 += d * d;
  }
  return std::sqrt(d2);
}
double brute_distance(const hs::TriangleMesh& mesh, const std::array<double, 3>& p) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& t : mesh.triangles) {
    std::array<std::array<double, 3>, 3> v{};
    for (int k = 0; k < 3; ++k) {
      for (int a = 0; a < 3; ++a) v[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)] = mesh.vertices_nm[t[static_cast<std::size_t>(k)]][static_cast<std::size_t>(a)];
    }
    const std::array<double, 3> e1 = {v[1][0] - v[0][0], v[1][1] - v[0][1], v[1][2] - v[0][2]};
    const std::array<double, 3> e2 = {v[2][0] - v[0][0], v[2][1] - v[0][1], v[2][2] - v[0][2]};
    const std::array<double, 3> n = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]};
    const double n2 = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];
    if (n2 > 0) {
      const std::array<double, 3> w = {p[0] - v[0][0], p[1] - v[0][1], p[2] - v[0][2]};
      const double h = (w[0] * n[0] + w[1] * n[1] + w[2] * n[2]) / n2;
      const std::array<double, 3> q = {w[0] - h * n[0], w[1] - h * n[1], w[2] - h * n[2]};
      // Barycentric coordinates of q in (e1, e2) by Cramer's rule on the Gram matrix.
      const double a11 = e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2], a12 = e1[0] * e2[0] + e1[1] * e2[1] + e1[2] * e2[2];
      const double a22 = e2[0] * e2[0] + e2[1] * e2[1] + e2[2] * e2[2];
      const double b1 = q[0] * e1[0] + q[1] * e1[1] + q[2] * e1[2], b2 = q[0] * e2[0] + q[1] * e2[1] + q[2] * e2[2];
      const double det = a11 * a22 - a12 * a12;
      const double s = (b1 * a22 - b2 * a12) / det, u = (a11 * b2 - a12 * b1) / det;
      if (s >= 0 && u >= 0 && s + u <= 1) {
        best = std::min(best, std::abs(h) * std::sqrt(n2));
        continue;
      }
    }
    best = std::min({best, point_segment(p, v[0], v[1]), point_segment(p, v[1], v[2]), point_segment(p, v[2], v[0])});
  }
  return best;
}

}  // namespace

TEST_CASE("proxigram: signed distance to a sphere is R minus r, and equals brute force", "[apt_surface][proxigram]") {
  const std::array<double, 3> c = {0.3, -0.2, 0.1};
  const hs::TriangleMesh mesh = sphere_mesh(5, c);
  auto surface = hs::SurfaceDistance::create(mesh, 4.0);
  REQUIRE(surface.ok());
  Lcg rng{11};
  int inside = 0, outside = 0, beyond = 0;
  for (int n = 0; n < 3000; ++n) {
    const std::array<double, 3> p = {20 * rng.uniform() - 10, 20 * rng.uniform() - 10, 20 * rng.uniform() - 10};
    const double r = std::sqrt((p[0] - c[0]) * (p[0] - c[0]) + (p[1] - c[1]) * (p[1] - c[1]) + (p[2] - c[2]) * (p[2] - c[2]));
    const std::optional<double> d = surface->signed_distance_nm(p);
    const double brute = brute_distance(mesh, p);
    if (brute > 4.0 + 1e-6) {
      CHECK(!d.has_value());
      ++beyond;
      continue;
    }
    if (brute < 4.0 - 1e-6) REQUIRE(d.has_value());
    if (!d) continue;
    CHECK(std::abs(*d) == Approx(brute).margin(1e-6));
    CHECK(*d == Approx(5 - r).margin(0.05));  // positive inside (high side), negative outside
    (*d > 0 ? inside : outside) += 1;
  }
  CHECK(inside > 100);
  CHECK(outside > 500);
  CHECK(beyond > 500);
  // An empty mesh gives no distance; bad maxima are refused.
  auto empty = hs::SurfaceDistance::create(hs::TriangleMesh{}, 1.0);
  REQUIRE(empty.ok());
  CHECK(!empty->signed_distance_nm({0, 0, 0}).has_value());
  CHECK(!hs::SurfaceDistance::create(mesh, 0.0).ok());
  CHECK(!hs::SurfaceDistance::create(mesh, std::numeric_limits<double>::infinity()).ok());
  CHECK(!surface->signed_distance_nm({std::numeric_limits<double>::quiet_NaN(), 0, 0}).has_value());
}

TEST_CASE("proxigram: bins by hand around a square in z equal 0", "[apt_surface][proxigram]") {
  // Square [-5, 5]^2 at z = 0, normals +z (low side up): an ion at z is at signed distance -z.
  hs::TriangleMesh mesh;
  mesh.vertices_nm = {{-5, -5, 0}, {5, -5, 0}, {5, 5, 0}, {-5, 5, 0}};
  mesh.triangles = {{0, 1, 2}, {0, 2, 3}};
  auto surface = hs::SurfaceDistance::create(mesh, 2.0);
  REQUIRE(surface.ok());
  CHECK(*surface->signed_distance_nm({1, 1, 0.7}) == Approx(-0.7));
  CHECK(*surface->signed_distance_nm({1, 1, -1.3}) == Approx(1.3));
  // In the square's plane beside its edge: no side (d · n = 0), counted as the high side.
  CHECK(*surface->signed_distance_nm({6, 0, 0}) == Approx(1.0));
  auto proxigram = hs::make_proxigram({0.5, 2.0}, 2);
  REQUIRE(proxigram.ok());
  REQUIRE(proxigram->bin_count == 8);
  // Ions (x, y, z) and atoms (A, B): z = 0.7 -> d = -0.7 -> bin 2 ([-1, -0.5)); z = -0.2 -> bin 4;
  // z = -1.9 -> bin 7; z = 3 -> beyond; z = -2 exactly -> d = 2 -> the last bin.
  const std::vector<float> xyz = {0, 0, 0.7f, 1, 2, 0.7f, 0, 0, -0.2f, 0, 0, -1.9f, 0, 0, 3, 0, 0, -2};
  const std::vector<std::uint32_t> atoms = {1, 0, 0, 2, 1, 1, 0, 1, 1, 0, 0, 3};
  hs::add_to_proxigram(*proxigram, *surface, {xyz, atoms, 2});
  CHECK(proxigram->ions == std::vector<std::uint64_t>{0, 0, 2, 0, 1, 0, 0, 2});
  CHECK(proxigram->ions_beyond == 1);
  CHECK(proxigram->atoms[2 * 2 + 0] == 1);
  CHECK(proxigram->atoms[2 * 2 + 1] == 2);
  CHECK(proxigram->at_percent(2, 0) == Approx(100.0 / 3));
  CHECK(proxigram->sigma_at_percent(2, 0) == Approx(100 * std::sqrt((1.0 / 3) * (2.0 / 3) / 3)));
  CHECK(proxigram->bin_centre_nm(2) == Approx(-0.75));
  CHECK(std::isnan(proxigram->at_percent(0, 0)));
  CHECK(proxigram->total_atoms(7) == 4);
  CHECK(!hs::make_proxigram({0, 1}, 1).ok());
  CHECK(!hs::make_proxigram({1e-9, 1e3}, 1).ok());
}

TEST_CASE("proxigram: a planar tanh interface is recovered bin by bin", "[apt_surface][proxigram]") {
  // Single-atom ions, 10 per nm^3 in 20 x 20 x 30 nm; the solute fraction along z is
  // c(z) = 0.05 + 0.25 (1 + tanh((z - 15) / 2)) / 2, so the isosurface at the midpoint 17.5 at.%
  // is the plane z = 15 (a Gaussian blur keeps the midpoint of an odd profile), the high side is
  // z > 15, and the proxigram at distance d should be c(15 + d).
  const auto profile = [](double z) { return 0.05 + 0.125 * (1 + std::tanh((z - 15) / 2)); };
  Lcg rng{5};
  std::vector<float> xyz;
  std::vector<std::uint32_t> atoms;
  for (int n = 0; n < 120000; ++n) {
    const double x = 20 * rng.uniform(), y = 20 * rng.uniform(), z = 30 * rng.uniform();
    const bool solute = rng.uniform() < profile(z);
    xyz.insert(xyz.end(), {static_cast<float>(x), static_cast<float>(y), static_cast<float>(z)});
    atoms.insert(atoms.end(), {solute ? 1u : 0u, solute ? 0u : 1u});
  }
  const hs::IonAtomsView ions{xyz, atoms, 2};
  hs::ConcentrationGridParams grid;
  grid.sigma_nm = {1.5, 1.5, 1.5};
  grid.min_total_atoms = 2;  // of the 10 atoms per voxel
  auto grids = hs::build_atom_grids(ions, grid);
  REQUIRE(grids.ok());
  auto mesh = hs::marching_cubes(hs::concentration_at_percent(*grids, 0, grid.min_total_atoms), grids->origin_nm, 17.5);
  REQUIRE(mesh.ok());
  double z_sum = 0;
  for (const auto& v : mesh->vertices_nm) z_sum += v[2];
  CHECK(z_sum / static_cast<double>(mesh->vertices_nm.size()) == Approx(15.0).margin(0.25));
  auto surface = hs::SurfaceDistance::create(*mesh, 8.0);
  REQUIRE(surface.ok());
  auto proxigram = hs::make_proxigram({0.5, 8.0}, 2);
  REQUIRE(proxigram.ok());
  hs::add_to_proxigram(*proxigram, *surface, ions);
  // Each bin within 4σ (binomial, at the expected value) plus 1 at.% for the surface's roughness
  // and the profile's curvature across a bin.
  for (std::size_t b = 0; b < proxigram->bin_count; ++b) {
    const double d = proxigram->bin_centre_nm(b);
    const double expected = 100 * profile(15 + d);
    const double n = static_cast<double>(proxigram->total_atoms(b));
    REQUIRE(n > 500);
    const double sigma = 100 * std::sqrt(expected / 100 * (1 - expected / 100) / n);
    INFO("bin " << b << " at " << d << " nm: " << proxigram->at_percent(b, 0) << " vs " << expected);
    CHECK(std::abs(proxigram->at_percent(b, 0) - expected) < 4 * sigma + 1.0);
  }
}

TEST_CASE("proxigram: apt-nmc811 inclusions and the coating interface are found from the store", "[apt_surface][proxigram]") {
  hs::MemoryStore store("nmc811");
  // The default seed (1): three inclusions of radius 3.7–4.7 nm at least 8.8 nm apart. (Seed 3
  // places two inclusions 2 nm apart; at this sample's 0.3 atoms per nm^3 no kernel separates them
  // and they come out as one surface.)
  hs::SampleOptions options;
  REQUIRE(hs::write_apt_nmc811(store, options).ok());
  const hs::json::Value truth = hs::test::at(hs::test::heteroscope_attributes(store), {"truth"});
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());

  // Mn: bulk 2.6 at.%, inclusions 27 at.%; ~0.3 atoms per nm^3, so a 2 nm Gaussian (about 100 atoms
  // under it) over 1 nm voxels, NaN below 0.05 atoms per voxel (outside the needle).
  hs::IsosurfaceParams params;
  params.element = "Mn";
  params.level_at_percent = 12;
  params.grid.sigma_nm = {2, 2, 2};
  params.grid.min_total_atoms = 0.05;
  auto mn = hs::isosurface_on_store(*source, nullptr, params);
  REQUIRE(mn.ok());
  CHECK(mn->ions == source->attributes().ion_count);
  const auto& spheres = hs::test::at(truth, {"inclusions", "spheres"}).as_array();
  REQUIRE(!spheres.empty());
  for (const hs::json::Value& sphere : spheres) {
    const auto& centre = hs::test::at(sphere, {"centre_nm"}).as_array();
    bool found = false;
    for (const hs::MeshComponent& part : mn->components) {
      double d2 = 0;
      for (std::size_t a = 0; a < 3; ++a) d2 += std::pow(part.centroid_nm[a] - centre[a].as_number(), 2);
      found = found || (part.closed && d2 < 4.0);
    }
    INFO("inclusion at " << centre[0].as_number() << ", " << centre[1].as_number() << ", " << centre[2].as_number());
    CHECK(found);
  }
  // The Mn proxigram: inclusion-like Mn within 3 nm inside the surfaces (positive distances), bulk
  // Mn (2.6 at.%) 3–8 nm outside.
  const std::size_t mn_index = static_cast<std::size_t>(
      std::find(mn->elements.begin(), mn->elements.end(), "Mn") - mn->elements.begin());
  const hs::Proxigram& px = mn->proxigram;
  const auto share = [&](double from_nm, double to_nm) {
    double element = 0, total = 0;
    for (std::size_t b = 0; b < px.bin_count; ++b) {
      if (px.bin_centre_nm(b) < from_nm || px.bin_centre_nm(b) > to_nm) continue;
      element += static_cast<double>(px.atoms[b * px.element_count + mn_index]);
      total += static_cast<double>(px.total_atoms(b));
    }
    REQUIRE(total > 100);
    return 100 * element / total;
  };
  CHECK(share(0, 3) > 20);
  CHECK(share(-8, -3) < 4);

  // Cr: coating 26.7 at.%, bulk 0: the surface at 13 at.% is the interface plane z = thickness.
  // Inside a cylinder of radius 20 nm along z through the axis (the grid is clipped to its box).
  params.element = "Cr";
  params.level_at_percent = 13;
  auto cylinder = hs::make_cylinder({0, 0, 50}, {0, 0, 1}, 20, 100);
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  auto cr = hs::isosurface_on_store(*source, &roi, params);
  REQUIRE(cr.ok());
  CHECK(cr->ions < mn->ions / 2);
  CHECK(cr->ions > mn->ions / 5);
  const double thickness = hs::test::number_at(truth, {"coating", "thickness_nm"});
  double z_sum = 0;
  std::size_t count = 0;
  for (const auto& v : cr->mesh.vertices_nm) {
    if (v[0] * v[0] + v[1] * v[1] > 15.0 * 15.0) continue;  // away from the needle's surface
    z_sum += v[2];
    ++count;
  }
  REQUIRE(count > 100);
  CHECK(z_sum / static_cast<double>(count) == Approx(thickness).margin(2.0));

  // Refused: an element the ranges lack, a non-finite level, an ROI beside the data.
  params.element = "Xx";
  CHECK(!hs::isosurface_on_store(*source, nullptr, params).ok());
  params.element = "Cr";
  params.level_at_percent = std::numeric_limits<double>::quiet_NaN();
  CHECK(!hs::isosurface_on_store(*source, nullptr, params).ok());
  params.level_at_percent = 13;
  auto beside = hs::make_box_roi({500, 500, 500}, {600, 600, 600}, 2);
  REQUIRE(beside.ok());
  CHECK(!hs::isosurface_on_store(*source, &*beside, params).ok());
}

TEST_CASE("proxigram: the CSV lists bins with counts, at.% and sigma", "[apt_surface][proxigram]") {
  hs::TriangleMesh mesh;
  mesh.vertices_nm = {{-5, -5, 0}, {5, -5, 0}, {5, 5, 0}, {-5, 5, 0}};
  mesh.triangles = {{0, 1, 2}, {0, 2, 3}};
  auto surface = hs::SurfaceDistance::create(mesh, 1.0);
  REQUIRE(surface.ok());
  auto proxigram = hs::make_proxigram({0.5, 1.0}, 2);
  REQUIRE(proxigram.ok());
  const std::vector<float> xyz = {0, 0, -0.2f, 0, 0, -0.3f, 0, 0, -0.4f, 0, 0, -0.1f};
  const std::vector<std::uint32_t> atoms = {1, 0, 1, 1, 0, 1, 0, 1};
  hs::add_to_proxigram(*proxigram, *surface, {xyz, atoms, 2});
  // Bin 2 = [0, 0.5): four ions, A 2 of 5 atoms = 40%, σ = 100 sqrt(0.4 × 0.6 / 5).
  const std::string csv = hs::proxigram_csv(*proxigram, {"Cr", "O"});
  char sigma[40];
  std::snprintf(sigma, sizeof sigma, "%.10g", 100 * std::sqrt(0.4 * 0.6 / 5));
  CHECK(csv == "bin_start_nm,bin_end_nm,distance_nm,ions,atoms,Cr_count,Cr_at%,Cr_sigma_at%,O_count,O_at%,O_sigma_at%\n"
               "-1,-0.5,-0.75,0,0,0,,,0,,\n"
               "-0.5,0,-0.25,0,0,0,,,0,,\n"
               "0,0.5,0.25,4,5,2,40," + std::string(sigma) + ",3,60," + std::string(sigma) + "\n"
               "0.5,1,0.75,0,0,0,,,0,,\n");
}

TEST_CASE("proxigram: distances to random surfaces equal brute force", "[apt_surface][proxigram]") {
  // Marching cubes of smoothed random fields: many non-convex pieces, open at the grid border.
  Lcg rng{23};
  for (int round = 0; round < 6; ++round) {
    hs::FloatGrid g = hs::make_grid<float>({9, 10, 11}, 0.0f, hs::VoxelSize{{0.7, 0.6, 0.5}, "nanometer"});
    for (float& v : g.values) v = static_cast<float>(rng.uniform());
    auto mesh = hs::marching_cubes(g, {1, 2, 3}, 0.6);
    REQUIRE(mesh.ok());
    const double max_nm = 0.3 + 2 * rng.uniform();
    auto surface = hs::SurfaceDistance::create(*mesh, max_nm);
    REQUIRE(surface.ok());
    for (int n = 0; n < 400; ++n) {
      const std::array<double, 3> p = {-1 + 9 * rng.uniform(), 0 + 9 * rng.uniform(), 1 + 10 * rng.uniform()};
      const double brute = brute_distance(*mesh, p);
      const std::optional<double> d = surface->signed_distance_nm(p);
      INFO("round " << round << " point " << n << " brute " << brute);
      if (brute > max_nm + 1e-6) CHECK(!d.has_value());
      if (brute < max_nm - 1e-6) {
        REQUIRE(d.has_value());
        CHECK(std::abs(*d) == Approx(brute).margin(1e-6));
      }
    }
  }
}
