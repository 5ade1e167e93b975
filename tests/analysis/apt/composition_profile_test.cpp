// Composition profiles: per-bin element counts equal a brute-force count over every stored row
// (fixed-width bins along an oblique cylinder, fixed-count bins, a box along x), σ from its
// formula, the CSV's columns, and bad parameters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/apt/composition_profile.h"
#include "apt_analysis_support.h"
#include "store/memory_store.h"

namespace {

using hs::test::read_floats;
using hs::test::test_ranges;

struct Row {
  double t;
  std::uint64_t row;
  std::optional<std::size_t> ion;
};

// Every row inside `inside`, with its coordinate `coordinate` and its ion by find_ion.
template <typename Inside, typename Coordinate>
std::vector<Row> brute_rows(hs::ReadableStore& store, Inside inside, Coordinate coordinate) {
  const std::vector<float> xyz = read_floats(store, "position"), mass = read_floats(store, "mass");
  const hs::RangeTable table = test_ranges();
  std::vector<Row> rows;
  for (std::size_t i = 0; i < mass.size(); ++i) {
    const double x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
    if (inside(x, y, z)) rows.push_back({coordinate(x, y, z), i, hs::find_ion(table, mass[i])});
  }
  return rows;
}

// Atoms per element symbol of the rows [first, last).
std::map<std::string, std::uint64_t> atoms_of(const std::vector<Row>& rows, std::size_t first,
                                              std::size_t last) {
  const hs::RangeTable table = test_ranges();
  std::map<std::string, std::uint64_t> atoms;
  for (std::size_t i = first; i < last; ++i) {
    if (!rows[i].ion) continue;
    for (const hs::ElementCount& e : table.ions[*rows[i].ion].composition) atoms[e.element] += e.count;
  }
  return atoms;
}

void check_bin(const hs::ProfileBin& bin, const std::vector<std::string>& elements,
               std::map<std::string, std::uint64_t> expected) {
  std::uint64_t total = 0;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    INFO("element " << elements[e]);
    CHECK(bin.element_atoms[e] == expected[elements[e]]);
    total += expected[elements[e]];
  }
  CHECK(bin.atoms == total);
}

struct Fixture {
  hs::MemoryStore store;
  std::optional<hs::IonSource> source;
  hs::ElementCounter counter{test_ranges()};
  Fixture() {
    hs::test::write_store(hs::test::random_ions(30000, 21), test_ranges(), store, 250, 8192);
    auto s = hs::IonSource::open(store);
    REQUIRE(s.ok());
    source.emplace(std::move(*s));
  }
};

}  // namespace

TEST_CASE("apt profile: fixed-width bins along an oblique cylinder equal a brute-force count",
          "[apt][apt-profile]") {
  Fixture f;
  // Axis (2, 1, 2) / 3, centre (20, 20, 20), radius 8, length 36: axial t = dot + 18.
  auto cylinder = hs::make_cylinder({20, 20, 20}, {2, 1, 2}, 8, 36);
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  const auto rows = brute_rows(
      f.store,
      [](double x, double y, double z) {
        const double dx = x - 20, dy = y - 20, dz = z - 20, along = (2 * dx + dy + 2 * dz) / 3;
        return std::abs(along) <= 18 && dx * dx + dy * dy + dz * dz - along * along <= 64;
      },
      [](double x, double y, double z) { return (2 * (x - 20) + (y - 20) + 2 * (z - 20)) / 3 + 18; });
  auto profile = hs::composition_profile(*f.source, roi, f.counter, {2.5, 0});
  REQUIRE(profile.ok());
  REQUIRE(profile->bins.size() == 15);  // ceil(36 / 2.5)
  CHECK(profile->bins.back().start_nm == 35);
  CHECK(profile->bins.back().end_nm == 36);
  std::uint64_t unranged = 0;
  for (std::size_t b = 0; b < 15; ++b) {
    std::vector<Row> in_bin;
    for (const Row& r : rows) {
      if (std::min(14.0, std::floor(r.t / 2.5)) == static_cast<double>(b)) in_bin.push_back(r);
    }
    INFO("bin " << b);
    check_bin(profile->bins[b], profile->elements, atoms_of(in_bin, 0, in_bin.size()));
    std::uint64_t expected_unranged = 0;
    for (const Row& r : in_bin) expected_unranged += r.ion ? 0 : 1;
    CHECK(profile->bins[b].unranged_ions == expected_unranged);
    unranged += expected_unranged;
  }
  check_bin(profile->total, profile->elements, atoms_of(rows, 0, rows.size()));
  CHECK(profile->total.unranged_ions == unranged);
  // σ = sqrt(c (1 − c) / N) with c = Ni atoms / atoms of the bin.
  const hs::ProfileBin& bin = profile->bins[7];
  REQUIRE(bin.atoms > 100);
  const double c = static_cast<double>(bin.element_atoms[0]) / static_cast<double>(bin.atoms);
  CHECK(hs::CompositionProfile::fraction(bin, 0) == Approx(c));
  CHECK(hs::CompositionProfile::sigma(bin, 0) ==
        Approx(std::sqrt(c * (1 - c) / static_cast<double>(bin.atoms))));
}

TEST_CASE("apt profile: fixed-count bins hold N ranged ions in coordinate order", "[apt][apt-profile]") {
  Fixture f;
  auto cylinder = hs::make_cylinder({20, 20, 20}, {0, 0, 1}, 10, 40);
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  auto rows = brute_rows(
      f.store,
      [](double x, double y, double z) {
        return (x - 20) * (x - 20) + (y - 20) * (y - 20) <= 100 && std::abs(z - 20) <= 20;
      },
      [](double, double, double z) { return static_cast<double>(static_cast<float>(z - 20 + 20)); });
  std::erase_if(rows, [](const Row& r) { return !r.ion; });  // every test ion has atoms
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  auto profile = hs::composition_profile(*f.source, roi, f.counter, {0.5, 700});
  REQUIRE(profile.ok());
  const std::size_t bins = (rows.size() + 699) / 700;
  REQUIRE(profile->bins.size() == bins);
  for (std::size_t b = 0; b < bins; ++b) {
    INFO("bin " << b);
    const std::size_t first = b * 700, last = std::min(rows.size(), first + 700);
    check_bin(profile->bins[b], profile->elements, atoms_of(rows, first, last));
    std::uint64_t ions = 0;
    for (std::uint64_t n : profile->bins[b].species_ions) ions += n;
    CHECK(ions == last - first);
    if (b > 0) CHECK(profile->bins[b].start_nm == profile->bins[b - 1].end_nm);
  }
  CHECK(profile->bins.front().start_nm == 0);
  CHECK(profile->bins.back().end_nm == 40);
}

TEST_CASE("apt profile: a box profile along x and its CSV", "[apt][apt-profile]") {
  Fixture f;
  auto box = hs::make_box_roi({10, 0, 0}, {30, 40, 40}, 0);
  REQUIRE(box.ok());
  const auto rows = brute_rows(
      f.store, [](double x, double, double) { return x >= 10 && x <= 30; },
      [](double x, double, double) { return x - 10; });
  auto profile = hs::composition_profile(*f.source, *box, f.counter, {5, 0});
  REQUIRE(profile.ok());
  REQUIRE(profile->bins.size() == 4);
  for (std::size_t b = 0; b < 4; ++b) {
    std::vector<Row> in_bin;
    for (const Row& r : rows) {
      if (std::min(3.0, std::floor(r.t / 5)) == static_cast<double>(b)) in_bin.push_back(r);
    }
    check_bin(profile->bins[b], profile->elements, atoms_of(in_bin, 0, in_bin.size()));
  }
  const std::string csv = hs::profile_csv(*profile, f.counter);
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header ==
        "bin_start_nm,bin_end_nm,ions,unranged_ions,atoms,Ni_count,Ni_at%,Ni_sigma_at%,O_count,O_at%,O_sigma_"
        "at%,"
        "Li_count,Li_at%,Li_sigma_at%,Cr_count,Cr_at%,Cr_sigma_at%,O2+/O+");  // no Co, Mn: no cation ratios
  std::size_t lines = 0;
  for (char ch : csv) lines += ch == '\n' ? 1 : 0;
  CHECK(lines == 5);
  const std::string first =
      csv.substr(header.size() + 1, csv.find('\n', header.size() + 1) - header.size() - 1);
  const hs::ProfileBin& bin = profile->bins[0];
  CHECK(first.starts_with("0,5,"));
  CHECK(first.find("," + std::to_string(bin.atoms) + "," + std::to_string(bin.element_atoms[0]) + ",") !=
        std::string::npos);
}

TEST_CASE("apt profile: bad bin parameters and an empty ROI", "[apt][apt-profile]") {
  Fixture f;
  auto cylinder = hs::make_cylinder({20, 20, 20}, {0, 0, 1}, 5, 10);
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  CHECK_FALSE(hs::composition_profile(*f.source, roi, f.counter, {0, 0}).ok());
  CHECK_FALSE(hs::composition_profile(*f.source, roi, f.counter, {-1, 0}).ok());
  CHECK_FALSE(hs::composition_profile(*f.source, roi, f.counter, {std::nan(""), 0}).ok());
  auto tiny = hs::composition_profile(*f.source, roi, f.counter, {1e-9, 0});
  REQUIRE_FALSE(tiny.ok());
  CHECK(tiny.error().code == hs::ErrorCode::limit);
  auto far = hs::make_cylinder({500, 500, 500}, {0, 0, 1}, 5, 10);
  REQUIRE(far.ok());
  const hs::IonRoi empty{*far, 2};
  auto width = hs::composition_profile(*f.source, empty, f.counter, {1, 0});
  REQUIRE(width.ok());
  CHECK(width->total.atoms == 0);
  CHECK(hs::CompositionProfile::sigma(width->total, 0) == 0);
  auto count = hs::composition_profile(*f.source, empty, f.counter, {1, 100});
  REQUIRE(count.ok());
  REQUIRE(count->bins.size() == 1);
  CHECK(count->bins[0].end_nm == 10);
}

TEST_CASE("apt profile: ROI construction rejects bad shapes", "[apt][apt-profile]") {
  CHECK_FALSE(hs::make_cylinder({0, 0, 0}, {0, 0, 0}, 1, 1).ok());
  CHECK_FALSE(hs::make_cylinder({0, 0, 0}, {0, 0, 1}, 0, 1).ok());
  CHECK_FALSE(hs::make_cylinder({0, 0, 0}, {0, 0, 1}, 1, -1).ok());
  CHECK_FALSE(hs::make_cylinder({std::nan(""), 0, 0}, {0, 0, 1}, 1, 1).ok());
  CHECK_FALSE(hs::make_box_roi({0, 0, 0}, {1, -1, 1}, 0).ok());
  CHECK_FALSE(hs::make_box_roi({0, 0, 0}, {1, 1, 1}, 3).ok());
  auto c = hs::default_cylinder({{{-5, -5, 0}, {5, 5, 100}}}, 2);
  REQUIRE(c.ok());
  CHECK(c->radius_nm == 12.5);
  CHECK(c->length_nm == Approx(100).margin(1e-5));
  CHECK(c->centre_nm == std::array<double, 3>{0, 0, 50});
  CHECK(c->contains(0, 0, 0));
  CHECK(c->contains(0, 0, 100));
  CHECK(c->axial_nm(0, 0, 0) == Approx(0).margin(1e-5));
  CHECK_FALSE(hs::default_cylinder({{{0, 0, 0}, {1, 1, 1}}}, 3).ok());
}
