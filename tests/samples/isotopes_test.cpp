// Isotope table and isotopologue peaks against values worked out by hand from the IUPAC and
// AME2016 numbers.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "samples/isotopes.h"

TEST_CASE("isotopes: every element's abundances sum to 1 and masses lie near the mass numbers", "[samples][isotopes]") {
  for (const char* element : {"Li", "O", "Cr", "Mn", "Co", "Ni"}) {
    const auto isotopes = hs::natural_isotopes(element);
    REQUIRE_FALSE(isotopes.empty());
    double sum = 0;
    for (const hs::Isotope& i : isotopes) {
      sum += i.abundance;
      CHECK(std::abs(i.mass_da - i.mass_number) < 0.1);
    }
    INFO(element);
    CHECK(sum == Approx(1.0).epsilon(1e-12));
  }
  CHECK(hs::natural_isotopes("Fe").empty());
  CHECK(hs::natural_isotopes("Ni")[0].mass_number == 58);
  CHECK(hs::natural_isotopes("Ni")[0].abundance == 0.680769);
}

TEST_CASE("isotopes: peaks of Ni2+, O2+ and NiO+", "[samples][isotopes]") {
  const auto ni = hs::isotope_peaks(*hs::parse_formula("Ni"), 2);
  REQUIRE(ni.size() == 5);
  CHECK(ni[0].label == "58Ni");
  CHECK(ni[0].mass_to_charge_da == Approx(57.93534241 / 2));
  CHECK(ni[0].abundance == Approx(0.680769));

  // O2: 6 multisets of 3 isotopes; 16O17O has weight 2 p16 p17.
  const auto o2 = hs::isotope_peaks(*hs::parse_formula("O2"), 1);
  REQUIRE(o2.size() == 6);
  CHECK(o2[0].label == "16O2");
  CHECK(o2[0].abundance == Approx(0.99757 * 0.99757));
  CHECK(o2[0].mass_to_charge_da == Approx(2 * 15.99491462));
  CHECK(o2[1].label == "16O17O");
  CHECK(o2[1].abundance == Approx(2 * 0.99757 * 0.00038));
  CHECK(o2[5].label == "18O2");

  const auto nio = hs::isotope_peaks(*hs::parse_formula("NiO"), 1);
  REQUIRE(nio.size() == 15);
  double sum = 0;
  for (const auto& p : nio) sum += p.abundance;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
  CHECK(nio[0].label == "58Ni16O");
  CHECK(nio[0].mass_to_charge_da == Approx(73.93025703));
  CHECK(nio[0].abundance == Approx(0.680769 * 0.99757));
  for (std::size_t i = 1; i < nio.size(); ++i) CHECK(nio[i - 1].mass_to_charge_da <= nio[i].mass_to_charge_da);
  CHECK(hs::isotope_peaks(*hs::parse_formula("FeO"), 1).empty());
}
