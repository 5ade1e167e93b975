// Connected-component labels against scipy.ndimage.label for each connectivity, on random and
// structured masks, equal up to renumbering (a one-to-one map between the two label sets).
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "analysis/labeling.h"
#include "analysis_test_support.h"
#include "support/python_reference.h"

namespace {

// Balls, hollow shells and diagonal rods that touch only through edges or corners.
hs::MaskGrid structured_mask(const hs::GridShape& s, std::uint64_t seed) {
  hs::test::Lcg random(seed);
  hs::MaskGrid mask = hs::make_grid<std::uint8_t>(s, 0);
  for (int ball = 0; ball < 25; ++ball) {
    const double cz = random.uniform() * s.nz, cy = random.uniform() * s.ny, cx = random.uniform() * s.nx;
    const double r = 1.5 + random.uniform() * 5.0;
    const bool hollow = ball % 3 == 0;
    for (std::int64_t z = 0; z < s.nz; ++z)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t x = 0; x < s.nx; ++x) {
          const double d2 = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
          if (d2 <= r * r && (!hollow || d2 >= (r - 1.2) * (r - 1.2))) mask.at(z, y, x) = 1;
        }
  }
  for (std::int64_t i = 0; i < std::min({s.nz, s.ny, s.nx}); ++i) {
    mask.at(i, i, s.nx - 1 - i) = 1;                 // corner-connected rod
    mask.at(i, (i / 2) % s.ny, (3 * i) % s.nx) = 1;  // scattered, edge and corner contacts
  }
  return mask;
}

}  // namespace

TEST_CASE("labels equal scipy ndimage label up to renumbering", "[labeling][reference]") {
  const hs::GridShape shape{24, 28, 32};
  struct Case {
    hs::MaskGrid mask;
    hs::Connectivity connectivity;
  };
  std::vector<Case> cases;
  for (hs::Connectivity c : {hs::Connectivity::faces6, hs::Connectivity::edges18, hs::Connectivity::corners26}) {
    cases.push_back({hs::test::random_mask(shape, 0.3, 11 + static_cast<std::uint64_t>(c)), c});
    cases.push_back({hs::test::random_mask(shape, 0.5, 12 + static_cast<std::uint64_t>(c)), c});
    cases.push_back({structured_mask(shape, 13 + static_cast<std::uint64_t>(c)), c});
  }
  hs::test::ScratchFolder folder;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    hs::test::write_raw(folder.path + "/case" + std::to_string(k) + "_mask.u8", cases[k].mask.values);
    const std::string c = std::to_string(static_cast<int>(cases[k].connectivity));
    hs::test::write_raw(folder.path + "/case" + std::to_string(k) + "_connectivity.txt", std::vector<char>(c.begin(), c.end()));
  }
  std::istringstream counts(hs::test::run_python_reference(
      "tests/reference/labeling_check.py", "'" + folder.path + "' " + std::to_string(cases.size()) + " " +
                                               std::to_string(shape.nz) + " " + std::to_string(shape.ny) + " " +
                                               std::to_string(shape.nx)));
  for (std::size_t k = 0; k < cases.size(); ++k) {
    INFO("case " << k << " connectivity " << static_cast<int>(cases[k].connectivity));
    const hs::Labels ours = hs::label_components(cases[k].mask, cases[k].connectivity);
    const auto theirs = hs::test::read_raw<std::uint32_t>(folder.path + "/case" + std::to_string(k) + "_labels.u32");
    std::uint32_t expected_count = 0;
    counts >> expected_count;
    CHECK(ours.count == expected_count);
    CHECK(ours.count > 0);  // density 0.5 percolates into one component under 18 and 26
    REQUIRE(theirs.size() == ours.grid.values.size());
    std::map<std::uint32_t, std::uint32_t> forward, backward;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < theirs.size(); ++i) {
      const std::uint32_t a = ours.grid.values[i], b = theirs[i];
      if ((a == 0) != (b == 0)) {
        ++mismatches;
        continue;
      }
      if (a == 0) continue;
      const auto there = forward.emplace(a, b).first;  // the first pairing seen must hold everywhere
      const auto back = backward.emplace(b, a).first;
      if (there->second != b || back->second != a) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}
