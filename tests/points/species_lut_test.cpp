// The species lookup table: hand-checked bins at range edges, first range wins where ranges
// overlap, hidden unranged ions, and every bin against ranging the bin's centre mass.
#include <catch2/catch.hpp>

#include "points/species_lut.h"

namespace {

hs::RangeTable table() {
  hs::RangeTable t;
  t.ions = {{"Al", {{"Al", 1}}, 1, {0.2f, 1.0f, 1.0f}}, {"Ni", {{"Ni", 1}}, 1, {0.0f, 1.0f, 0.0f}}};
  t.ranges = {{26.5, 27.5, 0}, {57.5, 58.5, 1}, {58.0, 59.0, 0}};
  return t;
}

std::array<int, 4> texel(const std::vector<std::uint8_t>& lut, std::size_t bin) {
  return {lut[4 * bin], lut[4 * bin + 1], lut[4 * bin + 2], lut[4 * bin + 3]};
}

}  // namespace

TEST_CASE("species lut: bins take the colour of the range holding their centre", "[species_lut]") {
  const auto lut = hs::species_lut_rgba8(table(), {100.0, 6000, {0.35f, 0.35f, 0.35f}, 255, {}});
  REQUIRE(lut.size() == 24000u);
  const std::array<int, 4> al{51, 255, 255, 255}, ni{0, 255, 0, 255}, grey{89, 89, 89, 255};
  CHECK(texel(lut, 2649) == grey);  // centre 26.495 Da
  CHECK(texel(lut, 2650) == al);    // centre 26.505 Da
  CHECK(texel(lut, 2749) == al);    // centre 27.495 Da
  CHECK(texel(lut, 2750) == grey);  // centre 27.505 Da
  CHECK(texel(lut, 5849) == ni);    // 58.495 Da: Ni's range comes first
  CHECK(texel(lut, 5850) == al);    // 58.505 Da: only the overlapping Al range
  CHECK(texel(lut, 5900) == grey);  // 59.005 Da
}

TEST_CASE("species lut: agrees with ranging each bin's centre, and can hide unranged ions", "[species_lut]") {
  const hs::RangeTable t = table();
  const auto lut = hs::species_lut_rgba8(t, {100.0, 6000, {0.35f, 0.35f, 0.35f}, 0, {}});
  for (std::size_t bin = 0; bin < 6000; ++bin) {
    const float centre = static_cast<float>((static_cast<double>(bin) + 0.5) / 100.0);
    const hs::IonCounts counts = hs::count_ions(t, std::span<const float>(&centre, 1));
    const bool ranged = counts.unranged == 0;
    INFO("bin " << bin);
    CHECK((lut[4 * bin + 3] == 255) == ranged);
    if (ranged) CHECK(lut[4 * bin + 1] == 255);  // both species have full green
    if (ranged) CHECK(lut[4 * bin] == (counts.per_ion[0] == 1 ? 51 : 0));
  }
}

TEST_CASE("species lut: hidden ions and dimmed unranged ions", "[species_lut]") {
  const auto lut = hs::species_lut_rgba8(table(), {100.0, 6000, {0.35f, 0.35f, 0.35f}, 96, {false, true}});
  CHECK(texel(lut, 2700)[3] == 255);  // Al shown
  CHECK(texel(lut, 5849)[3] == 0);    // Ni's bin: hidden, though it keeps Ni's colour
  CHECK(texel(lut, 5849)[1] == 255);
  CHECK(texel(lut, 5850)[3] == 255);  // the overlapping Al range is not hidden
  CHECK(texel(lut, 100)[3] == 96);    // unranged: dimmed
}
