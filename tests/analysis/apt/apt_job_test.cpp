// Atom probe jobs: each kind's JSON reply equals the direct core call on the same store, the
// profile's Cr count equals a brute-force count and an edited range table removes it, caps on the
// mesh and the cluster members say so, cancellation, and the job's strict JSON with its round trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/apt/apt_job.h"
#include "analysis/apt/apt_job_json.h"
#include "analysis/apt/apt_params_json.h"
#include "analysis/apt/mesh_reduce.h"
#include "analysis/apt/ordered_ions.h"
#include "apt_analysis_support.h"
#include "store/memory_store.h"

namespace {

using hs::json::Value;
using hs::test::test_ranges;
using hs::test::TestIon;

Value run(hs::ReadableStore& store, const hs::AptJob& job) {
  auto reply = hs::run_apt_job(store, "test store", job);
  if (!reply) FAIL(reply.error().message);
  return *reply;
}

const Value& at(const Value& v, const char* key) {
  const Value* member = v.find(key);
  if (member == nullptr) FAIL("no member " << key);
  return *member;
}

// A JSON array of numbers (null as NaN).
std::vector<double> numbers(const Value& v) {
  REQUIRE(v.is_array());
  std::vector<double> out;
  for (const Value& x : v.as_array()) out.push_back(x.is_null() ? std::nan("") : x.as_number());
  return out;
}

template <typename T>
std::vector<double> as_doubles(const std::vector<T>& values) {
  return {values.begin(), values.end()};
}

// The entry of `list` whose "element" is `symbol`.
const Value& element_entry(const Value& list, const std::string& symbol) {
  for (const Value& e : list.as_array()) {
    if (at(e, "element").as_string() == symbol) return e;
  }
  FAIL("no element " << symbol);
  return list;
}

// 20,000 random ions of test_ranges() in [0, 40)^3 nm.
struct RandomStore {
  std::vector<TestIon> ions = hs::test::random_ions(20000, 17);
  hs::MemoryStore store;
  RandomStore() { hs::test::write_store(ions, test_ranges(), store, 300); }
};

// The CLI's default ROI: a cylinder of radius 12.5 nm along z through the centre of the bounds.
hs::IonRoi default_roi(const hs::IonSource& source) {
  auto cylinder = hs::default_cylinder(*source.attributes().bounds_nm, 2);
  REQUIRE(cylinder.ok());
  return hs::IonRoi{*cylinder, 2};
}

// test_ranges() without its Cr+ range (the Cr+ species stays, with no masses).
hs::RangeTable ranges_without_cr() {
  hs::RangeTable table = test_ranges();
  table.ranges.pop_back();
  REQUIRE(table.ions[table.ranges.size()].name == "Cr+");
  return table;
}

// Ni+ 60 % and O+ 40 % at 2 ions/nm^3 in a 30 nm cube, except a sphere of radius 7 nm at
// (15, 15, 15) of Cr+ and Ni+ half and half.
void write_sphere_store(hs::MemoryStore& store) {
  hs::test::AptLcg rng(3);
  std::vector<TestIon> ions;
  for (int n = 0; n < 54000; ++n) {
    const float x = 30 * static_cast<float>(rng.uniform()), y = 30 * static_cast<float>(rng.uniform()),
                z = 30 * static_cast<float>(rng.uniform());
    const double r2 = (x - 15.0) * (x - 15.0) + (y - 15.0) * (y - 15.0) + (z - 15.0) * (z - 15.0);
    const double u = rng.uniform();
    const float m = r2 < 49 ? (u < 0.5 ? 26.0f : 29.0f) : (u < 0.6 ? 29.0f : 16.0f);
    ions.push_back({x, y, z, m});
  }
  hs::test::write_store(ions, test_ranges(), store, 500);
}

// Ni+, O+ and NiO+ matrix ions in a 30 nm cube and three Cr+ clusters on a 0.4 nm lattice of 27,
// 33 and 93 ions (as counted by hand in clusters_test.cpp's store case).
void write_cluster_store(hs::MemoryStore& store) {
  hs::test::AptLcg rng(5);
  std::vector<TestIon> ions;
  for (int n = 0; n < 20000; ++n) {
    const float m = rng.uniform() < 0.5 ? 29.0f : (rng.uniform() < 0.5 ? 16.0f : 37.0f);
    ions.push_back({static_cast<float>(30 * rng.uniform()), static_cast<float>(30 * rng.uniform()),
                    static_cast<float>(30 * rng.uniform()), m});
  }
  const std::vector<std::array<float, 3>> centres = {{6, 6, 6}, {15, 20, 10}, {24, 10, 22}};
  const std::vector<int> half = {1, 1, 2};
  for (std::size_t k = 0; k < 3; ++k) {
    for (int i = -half[k]; i <= half[k]; ++i) {
      for (int j = -half[k]; j <= half[k]; ++j) {
        for (int l = -half[k]; l <= half[k]; ++l) {
          if (std::abs(i) + std::abs(j) + std::abs(l) > 4) continue;
          ions.push_back({centres[k][0] + 0.4f * static_cast<float>(i),
                          centres[k][1] + 0.4f * static_cast<float>(j),
                          centres[k][2] + 0.4f * static_cast<float>(l), 26.0f});
        }
      }
    }
    if (k == 1) {
      for (int extra = 0; extra < 6; ++extra) {
        ions.push_back({centres[k][0] + 0.8f, centres[k][1],
                        centres[k][2] + 0.4f * static_cast<float>(extra - 2), 26.0f});
      }
    }
  }
  hs::test::write_store(ions, test_ranges(), store, 500);
}

hs::AptJob cluster_job() {
  hs::AptJob job;
  job.kind = hs::AptAnalysis::clusters;
  job.species = {"Cr"};
  job.clusters.d_max_nm = 0.5;
  job.clusters.min_solute_ions = 10;
  job.clusters.envelope_nm = 0;
  return job;
}

}  // namespace

TEST_CASE("apt job: the profile reply equals composition_profile and a brute-force Cr count", "[apt_job]") {
  RandomStore s;
  auto source = hs::IonSource::open(s.store);
  REQUIRE(source.ok());
  hs::AptJob job;
  job.profile.bin_nm = 2;
  const Value reply = run(s.store, job);
  CHECK(at(reply, "kind").as_string() == "profile");

  // The default cylinder, profiled by the core directly.
  const hs::IonRoi roi = default_roi(*source);
  CHECK(at(reply, "roi") == hs::roi_to_json(roi));
  const hs::ElementCounter counter(source->ranges());
  auto profile = hs::composition_profile(*source, roi, counter, job.profile);
  REQUIRE(profile.ok());
  const Value& bins = at(reply, "bins");
  std::vector<double> start, end, atoms;
  for (const hs::ProfileBin& bin : profile->bins) {
    start.push_back(bin.start_nm);
    end.push_back(bin.end_nm);
    atoms.push_back(static_cast<double>(bin.atoms));
  }
  CHECK(numbers(at(bins, "start_nm")) == start);
  CHECK(numbers(at(bins, "end_nm")) == end);
  CHECK(numbers(at(bins, "atoms")) == atoms);
  const Value& elements = at(reply, "elements");
  REQUIRE(elements.as_array().size() == profile->elements.size());
  for (std::size_t e = 0; e < profile->elements.size(); ++e) {
    const Value& entry = element_entry(elements, profile->elements[e]);
    std::vector<double> count, at_percent;
    for (const hs::ProfileBin& bin : profile->bins) {
      REQUIRE(bin.atoms > 0);  // else the reply has null where fraction() gives 0
      count.push_back(static_cast<double>(bin.element_atoms[e]));
      at_percent.push_back(100 * hs::CompositionProfile::fraction(bin, e));
    }
    CHECK(numbers(at(entry, "count")) == count);
    CHECK(numbers(at(entry, "at_percent")) == at_percent);
    CHECK(at(element_entry(at(at(reply, "totals"), "elements"), profile->elements[e]), "count").as_number() ==
          static_cast<double>(profile->total.element_atoms[e]));
  }
  CHECK(at(reply, "csv").as_string() == hs::profile_csv(*profile, counter));
  // test_ranges() has O+ and O2+ but no Co or Mn: only the charge-state ratio.
  REQUIRE(at(reply, "ratios").as_array().size() == 1);
  CHECK(at(at(reply, "ratios").as_array()[0], "name").as_string() == "O2+/O+");

  // Independently: the Cr+ ions (26 Da) inside the cylinder, counted over the ions written.
  std::uint64_t cr = 0;
  for (const TestIon& ion : s.ions)
    cr += (ion.m > 25.5f && ion.m < 26.5f && roi.contains(ion.x, ion.y, ion.z)) ? 1 : 0;
  REQUIRE(cr > 100);
  const Value& totals = at(reply, "totals");
  CHECK(at(element_entry(at(totals, "elements"), "Cr"), "count").as_number() == static_cast<double>(cr));

  // Ranges edited in the viewer: without the Cr+ range its ions are unranged and Cr has no atoms.
  job.ranges = ranges_without_cr();
  const Value edited = run(s.store, job);
  const Value& edited_totals = at(edited, "totals");
  CHECK(at(element_entry(at(edited_totals, "elements"), "Cr"), "count").as_number() == 0);
  for (double c : numbers(at(element_entry(at(edited, "elements"), "Cr"), "count"))) CHECK(c == 0);
  CHECK(at(edited_totals, "unranged_ions").as_number() ==
        at(totals, "unranged_ions").as_number() + static_cast<double>(cr));
  CHECK(at(edited_totals, "ions").as_number() == at(totals, "ions").as_number() - static_cast<double>(cr));
  CHECK(at(element_entry(at(edited_totals, "elements"), "Ni"), "count") ==
        at(element_entry(at(totals, "elements"), "Ni"), "count"));
  // An invalid table is refused.
  job.ranges->ranges.front().ion_index = 99;
  CHECK(!hs::run_apt_job(s.store, "test store", job).ok());
}

TEST_CASE("apt job: bins without atoms have null at.% and ratios", "[apt_job]") {
  RandomStore s;
  hs::AptJob job;
  auto box = hs::make_box_roi({0, 0, -10}, {40, 40, 50}, 2);  // ions only in z from 0 to 40
  REQUIRE(box.ok());
  job.roi = *box;
  job.profile.bin_nm = 5;
  const Value reply = run(s.store, job);
  CHECK(at(reply, "axis_label").as_string() == "z from the box's lower face (nm)");
  const Value& ni = element_entry(at(reply, "elements"), "Ni");
  REQUIRE(at(ni, "at_percent").as_array().size() == 12);
  for (std::size_t b : {0, 1, 10, 11}) {
    INFO("bin " << b);
    CHECK(at(ni, "count").as_array()[b].as_number() == 0);
    CHECK(at(ni, "at_percent").as_array()[b].is_null());
    CHECK(at(ni, "sigma").as_array()[b].is_null());
    CHECK(at(at(reply, "ratios").as_array()[0], "value").as_array()[b].is_null());
  }
  CHECK(at(ni, "at_percent").as_array()[5].as_number() > 0);
}

TEST_CASE("apt job: the frequency distribution reply equals the direct call", "[apt_job]") {
  RandomStore s;
  hs::AptJob job;
  job.kind = hs::AptAnalysis::freqdist;
  job.species = {"Ni", "Cr"};
  job.frequency.block_atoms = 50;
  const Value reply = run(s.store, job);
  auto source = hs::IonSource::open(s.store);
  REQUIRE(source.ok());
  const hs::ElementCounter counter(source->ranges());
  auto ions = hs::ordered_ions(*source, default_roi(*source), counter);
  REQUIRE(ions.ok());
  const auto& list = at(reply, "distributions").as_array();
  REQUIRE(list.size() == 2);
  std::vector<hs::FrequencyDistribution> direct;
  for (std::size_t k = 0; k < 2; ++k) {
    auto d =
        hs::frequency_distribution(*ions, counter, *counter.element_index(job.species[k]), job.frequency);
    REQUIRE(d.ok());
    const Value& got = list[k];
    CHECK(at(got, "element").as_string() == job.species[k]);
    CHECK(at(got, "blocks").as_number() == static_cast<double>(d->blocks));
    CHECK(at(got, "block_atoms").as_number() == 50);
    CHECK(numbers(at(got, "observed")) == as_doubles(d->observed));
    CHECK(numbers(at(got, "expected")) == d->expected);
    CHECK(at(got, "chi2").as_number() == d->chi.chi2);
    CHECK(at(got, "dof").as_number() == d->chi.dof);
    CHECK(at(got, "mu").as_number() == d->mu);
    direct.push_back(std::move(*d));
  }
  CHECK(at(reply, "csv").as_string() == hs::frequency_csv(direct));

  job.species = {"Xx"};
  auto unknown = hs::run_apt_job(s.store, "test store", job);
  REQUIRE(!unknown.ok());
  CHECK(unknown.error().message.find("\"Xx\"") != std::string::npos);
  job.species.clear();
  CHECK(!hs::run_apt_job(s.store, "test store", job).ok());
}

TEST_CASE("apt job: the proxigram reply equals isosurface_on_store and caps the mesh", "[apt_job]") {
  hs::MemoryStore store;
  write_sphere_store(store);
  hs::AptJob job;
  job.kind = hs::AptAnalysis::proxigram;
  job.isosurface.element = "Cr";
  job.isosurface.level_at_percent = 25;
  const Value reply = run(store, job);
  CHECK(at(reply, "roi").is_null());
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  auto direct = hs::isosurface_on_store(*source, nullptr, job.isosurface);
  REQUIRE(direct.ok());
  const hs::Proxigram& px = direct->proxigram;
  CHECK(at(reply, "ions").as_number() == 54000);
  CHECK(numbers(at(at(reply, "bins"), "ions")) == as_doubles(px.ions));
  for (std::size_t e = 0; e < px.element_count; ++e) {
    const Value& entry = element_entry(at(reply, "elements"), direct->elements[e]);
    std::vector<double> count, at_percent;
    for (std::size_t b = 0; b < px.bin_count; ++b) {
      count.push_back(static_cast<double>(px.atoms[b * px.element_count + e]));
      at_percent.push_back(px.at_percent(b, e));
    }
    CHECK(numbers(at(entry, "count")) == count);
    const std::vector<double> got = numbers(at(entry, "at_percent"));
    REQUIRE(got.size() == at_percent.size());
    for (std::size_t b = 0; b < got.size(); ++b) {
      CHECK((std::isnan(at_percent[b]) ? std::isnan(got[b]) : got[b] == at_percent[b]));
    }
  }
  CHECK(at(reply, "csv").as_string() == hs::proxigram_csv(px, direct->elements));
  // One closed surface around the sphere's centre.
  const auto& components = at(reply, "components").as_array();
  REQUIRE(components.size() == direct->components.size());
  bool sphere = false;
  for (const Value& c : components) {
    const std::vector<double> centre = numbers(at(c, "centre_nm"));
    sphere = sphere || (at(c, "closed").as_bool() && std::abs(centre[0] - 15) < 1 &&
                        std::abs(centre[1] - 15) < 1 && std::abs(centre[2] - 15) < 1);
  }
  CHECK(sphere);
  // The whole mesh, below the cap: the same triangles, vertex for vertex.
  const hs::TriangleMesh& mesh = direct->mesh;
  REQUIRE(mesh.triangles.size() > 200);
  const Value& full = at(reply, "mesh");
  CHECK(at(full, "triangle_count").as_number() == static_cast<double>(mesh.triangles.size()));
  CHECK(at(full, "drawn_cell_nm").as_number() == 0);
  std::vector<double> flat_triangles, flat_vertices;
  for (const auto& t : mesh.triangles) flat_triangles.insert(flat_triangles.end(), t.begin(), t.end());
  for (const auto& v : mesh.vertices_nm) flat_vertices.insert(flat_vertices.end(), v.begin(), v.end());
  CHECK(numbers(at(full, "triangles")) == flat_triangles);
  CHECK(numbers(at(full, "vertices")) == flat_vertices);
  CHECK(at(reply, "notes").as_array().empty());

  // Capped at 100 triangles: reduce_mesh's mesh, spanning the whole surface, and a note.
  job.max_mesh_triangles = 100;
  const Value capped = run(store, job);
  const Value& part = at(capped, "mesh");
  const hs::ReducedMesh reduced = hs::reduce_mesh(mesh, 100);
  REQUIRE(reduced.cell_nm > 0);
  CHECK(at(part, "drawn_cell_nm").as_number() == reduced.cell_nm);
  CHECK(at(part, "triangle_count").as_number() == static_cast<double>(mesh.triangles.size()));
  const std::vector<double> vertices = numbers(at(part, "vertices"));
  const std::vector<double> triangles = numbers(at(part, "triangles"));
  CHECK(triangles.size() == 3 * reduced.mesh.triangles.size());
  REQUIRE(triangles.size() <= 300);
  REQUIRE(triangles.size() >= 150);
  CHECK(vertices.size() == 3 * reduced.mesh.vertices_nm.size());
  for (double v : triangles) CHECK(v < static_cast<double>(vertices.size() / 3));
  // The drawn vertices reach within a cube's diagonal of the full surface's ends on every axis.
  for (std::size_t a = 0; a < 3; ++a) {
    float full_lo = mesh.vertices_nm[0][a], full_hi = full_lo;
    for (const auto& v : mesh.vertices_nm) {
      full_lo = std::min(full_lo, v[a]);
      full_hi = std::max(full_hi, v[a]);
    }
    double lo = vertices[a], hi = lo;
    for (std::size_t i = a; i < vertices.size(); i += 3) {
      lo = std::min(lo, vertices[i]);
      hi = std::max(hi, vertices[i]);
    }
    CHECK(lo <= full_lo + std::sqrt(3.0) * reduced.cell_nm);
    CHECK(hi >= full_hi - std::sqrt(3.0) * reduced.cell_nm);
  }
  REQUIRE(at(capped, "notes").as_array().size() == 1);
  CHECK(at(capped, "notes").as_array()[0].as_string().find("drawn reduced, " + std::to_string(reduced.mesh.triangles.size()) +
                                                           " of " + std::to_string(mesh.triangles.size())) != std::string::npos);
  // The proxigram itself is unchanged by the cap.
  CHECK(at(capped, "csv").as_string() == at(reply, "csv").as_string());

  job.isosurface.element.clear();
  CHECK(!hs::run_apt_job(store, "test store", job).ok());
}

TEST_CASE("apt job: the cluster reply equals clusters_on_store and caps the members", "[apt_job]") {
  hs::MemoryStore store;
  write_cluster_store(store);
  hs::AptJob job = cluster_job();
  const Value reply = run(store, job);
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  auto direct = hs::clusters_on_store(*source, nullptr, job.species, job.clusters);
  REQUIRE(direct.ok());
  const auto& table = at(reply, "clusters").as_array();
  REQUIRE(table.size() == 3);
  REQUIRE(direct->result.clusters.size() == 3);
  std::vector<double> sizes;
  for (std::size_t k = 0; k < 3; ++k) {
    const hs::Cluster& c = direct->result.clusters[k];
    CHECK(at(table[k], "id").as_number() == c.id);
    CHECK(at(table[k], "ions").as_number() == static_cast<double>(c.ions));
    CHECK(numbers(at(table[k], "centroid_nm")) ==
          std::vector<double>(c.centroid_nm.begin(), c.centroid_nm.end()));
    CHECK(at(table[k], "radius_of_gyration_nm").as_number() == c.radius_of_gyration_nm);
    sizes.push_back(at(table[k], "solute_ions").as_number());
  }
  std::sort(sizes.begin(), sizes.end());
  CHECK(sizes == std::vector<double>{27, 33, 93});
  CHECK(at(reply, "csv").as_string() == hs::clusters_csv(direct->result.clusters, direct->elements));

  // Members: every Cr ion of the clusters (no envelope), each near its cluster's centroid.
  const Value& members = at(reply, "members");
  const std::vector<double> xyz = numbers(at(members, "xyz")), id = numbers(at(members, "cluster"));
  CHECK(at(members, "count").as_number() == 153);
  REQUIRE(id.size() == 153);
  REQUIRE(xyz.size() == 3 * 153);
  for (std::size_t i = 0; i < id.size(); ++i) {
    REQUIRE(id[i] >= 1);
    REQUIRE(id[i] <= 3);
    const std::vector<double> c = numbers(at(table[static_cast<std::size_t>(id[i]) - 1], "centroid_nm"));
    const double d = std::hypot(xyz[3 * i] - c[0], xyz[3 * i + 1] - c[1], xyz[3 * i + 2] - c[2]);
    CHECK(d < 1.7);  // the largest cluster reaches 4 lattice steps of 0.4 nm from its centre
  }
  CHECK(at(reply, "notes").as_array().empty());

  job.max_member_ions = 50;
  const Value capped = run(store, job);
  CHECK(numbers(at(at(capped, "members"), "cluster")) == std::vector<double>(id.begin(), id.begin() + 50));
  CHECK(at(at(capped, "members"), "xyz").as_array().size() == 150);
  REQUIRE(at(capped, "notes").as_array().size() == 1);
  CHECK(at(capped, "notes").as_array()[0].as_string().find("first 50 of 153") != std::string::npos);

  // Without the Cr+ range no ion is a solute: no cluster.
  job.ranges = ranges_without_cr();
  const Value edited = run(store, job);
  CHECK(at(edited, "clusters").as_array().empty());
  CHECK(at(edited, "solute_ions").as_number() == 0);
}

TEST_CASE("apt job: cancellation stops every kind with ErrorCode::cancelled", "[apt_job]") {
  RandomStore s;
  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  hs::AptJob job = cluster_job();
  job.isosurface.element = "Cr";
  for (hs::AptAnalysis kind : {hs::AptAnalysis::profile, hs::AptAnalysis::freqdist,
                               hs::AptAnalysis::proxigram, hs::AptAnalysis::clusters}) {
    job.kind = kind;
    auto result = hs::run_apt_job(s.store, "test store", job, &control);
    INFO(hs::apt_analysis_name(kind));
    REQUIRE(!result.ok());
    CHECK(result.error().code == hs::ErrorCode::cancelled);
  }
  // Cancelled from the progress callback, after the first report.
  cancel = false;
  std::vector<double> reports;
  control.progress = [&](double f) {
    reports.push_back(f);
    cancel = true;
  };
  job.kind = hs::AptAnalysis::profile;
  auto result = hs::run_apt_job(s.store, "test store", job, &control);
  REQUIRE(!result.ok());
  CHECK(result.error().code == hs::ErrorCode::cancelled);
  CHECK(reports == std::vector<double>{0.0});
  // Not cancelled: progress runs up to 1.
  cancel = false;
  reports.clear();
  control.progress = [&](double f) { reports.push_back(f); };
  REQUIRE(hs::run_apt_job(s.store, "test store", job, &control).ok());
  REQUIRE(!reports.empty());
  CHECK(std::is_sorted(reports.begin(), reports.end()));
  CHECK(reports.back() == 1.0);
}

TEST_CASE("apt job json: only non-default members are written and everything round-trips", "[apt_job]") {
  CHECK(hs::json::write(hs::apt_job_to_json(hs::AptJob{})) == R"({"kind":"profile"})");
  hs::AptJob small;
  small.profile.bin_nm = 0.2;
  small.isosurface.grid.sigma_nm = {2, 2, 1};
  CHECK(hs::json::write(hs::apt_job_to_json(small)) ==
        R"({"kind":"profile","profile":{"bin_nm":0.2},"proxigram":{"sigma_nm":[2,2,1]}})");

  hs::AptJob job;
  job.kind = hs::AptAnalysis::clusters;
  auto box = hs::make_box_roi({-1, -2, -3}, {4, 5, 6}, 0);
  REQUIRE(box.ok());
  job.roi = *box;
  job.profile = {1.5, 40};
  job.frequency = {50, 8};
  job.species = {"Cr", "Mn"};
  job.isosurface.element = "Mn";
  job.isosurface.level_at_percent = 12;
  job.isosurface.grid = {0.8, {2, 2, 1}, 2.5, 0.05};
  job.isosurface.proxigram = {0.25, 6};
  job.clusters = {0.6, 12, 0.4, 0.1};
  hs::RangeTable ranges = test_ranges();
  for (hs::IonSpecies& ion : ranges.ions) ion.color = {1, 0, 0};  // exact in RRGGBB
  job.ranges = ranges;
  job.max_mesh_triangles = 1000;
  job.max_member_ions = 0;
  const std::string text = hs::json::write(hs::apt_job_to_json(job));
  auto parsed = hs::json::parse(text, "test");
  REQUIRE(parsed.ok());
  auto back = hs::apt_job_from_json(*parsed, "apt job");
  if (!back) FAIL(back.error().message);
  CHECK(back->kind == hs::AptAnalysis::clusters);
  REQUIRE(back->roi);
  CHECK(back->roi->box_axis == 0);
  CHECK(std::get<hs::BoxRoi>(back->roi->shape).min_nm == std::array<double, 3>{-1, -2, -3});
  CHECK(back->profile.bin_nm == 1.5);
  CHECK(back->profile.bin_ions == 40);
  CHECK(back->frequency.block_atoms == 50);
  CHECK(back->frequency.min_expected == 8);
  CHECK(back->species == std::vector<std::string>{"Cr", "Mn"});
  CHECK(back->isosurface.element == "Mn");
  CHECK(back->isosurface.level_at_percent == 12);
  CHECK(back->isosurface.grid.voxel_nm == 0.8);
  CHECK(back->isosurface.grid.sigma_nm == std::array<double, 3>{2, 2, 1});
  CHECK(back->isosurface.grid.kernel_sigmas == 2.5);
  CHECK(back->isosurface.grid.min_total_atoms == 0.05);
  CHECK(back->isosurface.proxigram.bin_nm == 0.25);
  CHECK(back->isosurface.proxigram.max_distance_nm == 6);
  CHECK(back->clusters.d_max_nm == 0.6);
  CHECK(back->clusters.min_solute_ions == 12);
  CHECK(back->clusters.envelope_nm == 0.4);
  CHECK(back->clusters.erosion_nm == 0.1);
  REQUIRE(back->ranges);
  CHECK(*back->ranges == ranges);
  CHECK(back->max_mesh_triangles == 1000);
  CHECK(back->max_member_ions == 0);
  CHECK(hs::json::write(hs::apt_job_to_json(*back)) == text);
}

TEST_CASE("apt job json: a bad job is an error naming the member", "[apt_job]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([1])", "apt job must be an object"},
      {R"({"profile":{}})", "apt job.kind"},
      {R"({"kind":"histogram"})", "apt job.kind"},
      {R"({"kind":"profile","colour":1})", "apt job.colour"},
      {R"({"kind":"profile","profile":{"bin_nm":-1}})", "apt job.profile.bin_nm"},
      {R"({"kind":"freqdist","frequency":{"block_atoms":0.5}})", "apt job.frequency.block_atoms"},
      {R"({"kind":"proxigram","proxigram":{"voxel_nm":0}})", "apt job.proxigram.voxel_nm"},
      {R"({"kind":"proxigram","proxigram":{"sigma_nm":[1,-1,1]}})", "apt job.proxigram.sigma_nm"},
      {R"({"kind":"proxigram","proxigram":{"element":"Mnx"}})", "apt job.proxigram.element"},
      {R"({"kind":"clusters","clusters":{"min_solute_ions":0}})", "apt job.clusters.min_solute_ions"},
      {R"({"kind":"clusters","clusters":{"erosion_nm":-0.1}})", "apt job.clusters.erosion_nm"},
      {R"({"kind":"freqdist","species":["Cr",3]})", "apt job.species"},
      {R"({"kind":"freqdist","species":["Cr","Cr"]})", "apt job.species"},
      {R"({"kind":"freqdist","species":["Chromium"]})", "apt job.species"},
      {R"({"kind":"profile","roi":{"shape":"sphere"}})", "apt job.roi.shape"},
      {R"({"kind":"profile","ranges":{"ions":[],"ranges":[{"low_da":1,"high_da":2,"ion":0}]}})",
       "apt job.ranges"},
      {R"({"kind":"proxigram","max_mesh_triangles":-1})", "apt job.max_mesh_triangles"},
  };
  for (const auto& [text, member] : cases) {
    INFO(text);
    auto parsed = hs::json::parse(text, "test");
    REQUIRE(parsed.ok());
    auto job = hs::apt_job_from_json(*parsed, "apt job");
    REQUIRE(!job.ok());
    CHECK(job.error().message.find(member) != std::string::npos);
  }
}
