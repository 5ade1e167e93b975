// Cathode ratios from hand-counted ions: Li/(Li+TM), Ni/TM with molecular ions decomposed,
// O2+/O+ by composition and charge, NaN where a table lacks what a ratio needs.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/apt/ratios.h"

TEST_CASE("apt ratios: Li, Ni and O2+/O+ ratios from ion counts", "[apt][apt-ratios]") {
  hs::RangeTable t;
  for (const char* name : {"Li+", "Ni+", "Ni++", "NiO+", "Co+", "Mn+", "O+", "O2+", "O++"}) {
    t.ions.push_back(hs::ion_from_name(name));
  }
  const hs::ElementCounter counter(t);
  const hs::RatioSpecies species(counter);
  REQUIRE(species.has_li_fraction());
  REQUIRE(species.has_ni_fraction());
  REQUIRE(species.has_o2_to_o());
  // Li 40; Ni 30 + 5 + 15 = 50 (NiO+ counts one Ni); Co 6; Mn 4; O+ 20, O2+ 10 (O++ not O+).
  const std::vector<std::uint64_t> ions = {40, 30, 5, 15, 6, 4, 20, 10, 7};
  const auto atoms = counter.element_atoms(ions);
  const hs::CathodeRatios r = species.ratios(ions, atoms);
  CHECK(r.li_fraction == Approx(40.0 / 100));
  CHECK(r.ni_fraction == Approx(50.0 / 60));
  CHECK(r.o2_to_o == Approx(0.5));
  // Zero denominators: NaN, not 0.
  const std::vector<std::uint64_t> none(t.ions.size(), 0);
  const hs::CathodeRatios z = species.ratios(none, counter.element_atoms(none));
  CHECK(std::isnan(z.li_fraction));
  CHECK(std::isnan(z.ni_fraction));
  CHECK(std::isnan(z.o2_to_o));
}

TEST_CASE("apt ratios: a table without Co or O2+ has no such ratios", "[apt][apt-ratios]") {
  hs::RangeTable t;
  for (const char* name : {"Li+", "Ni+", "Mn+", "O+"}) t.ions.push_back(hs::ion_from_name(name));
  const hs::ElementCounter counter(t);
  const hs::RatioSpecies species(counter);
  CHECK_FALSE(species.has_li_fraction());
  CHECK_FALSE(species.has_ni_fraction());
  CHECK_FALSE(species.has_o2_to_o());
  const std::vector<std::uint64_t> ions = {1, 2, 3, 4};
  const hs::CathodeRatios r = species.ratios(ions, counter.element_atoms(ions));
  CHECK(std::isnan(r.li_fraction));
  CHECK(std::isnan(r.ni_fraction));
  CHECK(std::isnan(r.o2_to_o));
}
