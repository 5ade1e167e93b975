// ElementCounter: mass -> species agrees with find_ion everywhere (boundaries, overlaps, gaps,
// NaN), elements in order of first appearance, molecular ions decomposed into their atoms.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "analysis/apt/element_counts.h"
#include "apt_analysis_support.h"

TEST_CASE("apt element counts: species_of equals find_ion, including overlaps and range ends",
          "[apt][apt-elements]") {
  hs::RangeTable t;
  for (const char* name : {"Ni+", "NiO+", "O2+", "Unknown"}) t.ions.push_back(hs::ion_from_name(name));
  // Overlapping ranges (the first wins), touching ranges, a gap and a range of an unknown ion.
  t.ranges = {{10, 12, 0, 0},  {11, 13, 1, 0}, {13, 14, 2, 0},
              {9, 11.5, 2, 0}, {20, 21, 3, 0}, {14, 14.5, 1, 0}};
  const hs::ElementCounter counter(t);
  hs::test::AptLcg lcg(3);
  std::vector<double> masses = {8, 9, 10, 11, 11.5, 12, 13, 14, 14.5, 15, 20, 21, 25, -1};
  for (int i = 0; i < 5000; ++i) masses.push_back(8 + 14 * lcg.uniform());
  for (double m : masses) {
    INFO("mass " << m);
    const auto ion = hs::find_ion(t, m);
    CHECK(counter.species_of(m) == (ion ? static_cast<std::uint32_t>(*ion) : hs::ElementCounter::kUnranged));
  }
  CHECK(counter.species_of(std::numeric_limits<double>::quiet_NaN()) == hs::ElementCounter::kUnranged);
  CHECK(counter.species_of(std::numeric_limits<double>::infinity()) == hs::ElementCounter::kUnranged);
  CHECK(hs::ElementCounter(hs::RangeTable{}).species_of(10) == hs::ElementCounter::kUnranged);
}

TEST_CASE("apt element counts: molecular ions decompose, elements in first-appearance order",
          "[apt][apt-elements]") {
  const hs::ElementCounter counter(hs::test::test_ranges());  // Ni+, O+, O2+, NiO+, Li+, Cr+
  REQUIRE(counter.elements() == std::vector<std::string>{"Ni", "O", "Li", "Cr"});
  CHECK(counter.element_index("Li") == 2u);
  CHECK_FALSE(counter.element_index("Mn").has_value());
  CHECK(counter.atom_total(2) == 2);  // O2+
  CHECK(counter.atom_total(3) == 2);  // NiO+
  CHECK(counter.atom_total(hs::ElementCounter::kUnranged) == 0);
  CHECK(counter.atoms_of(hs::ElementCounter::kUnranged).empty());
  // 3 Ni+, 5 O+, 2 O2+, 4 NiO+, 1 Li+, 0 Cr+: Ni 3 + 4 = 7, O 5 + 4 + 4 = 13, Li 1, Cr 0.
  const std::vector<std::uint64_t> ions = {3, 5, 2, 4, 1, 0};
  CHECK(counter.element_atoms(ions) == std::vector<std::uint64_t>{7, 13, 1, 0});
  // Species without a composition add nothing.
  hs::RangeTable unknown;
  unknown.ions.push_back(hs::ion_from_name("Unknown"));
  unknown.ranges.push_back({1, 2, 0, 0});
  const hs::ElementCounter none(unknown);
  CHECK(none.element_count() == 0);
  CHECK(none.species_of(1.5) == 0);
  CHECK(none.atom_total(0) == 0);
}
