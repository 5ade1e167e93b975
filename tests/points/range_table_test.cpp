// Range table: formulas, mass lookup at range edges, overlaps, validation, and atomic composition
// with molecular ions decomposed, against hand-computed cases.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "points/range_table.h"

namespace {

using Composition = std::vector<hs::ElementCount>;

hs::RangeTable table_of(std::vector<std::string> names, std::vector<hs::MassRange> ranges) {
  hs::RangeTable table;
  for (std::string& name : names) table.ions.push_back(hs::ion_from_name(std::move(name)));
  table.ranges = std::move(ranges);
  return table;
}

}  // namespace

TEST_CASE("range table: formulas parse into element counts", "[range_table][apt_io]") {
  CHECK(hs::parse_formula("NiO") == Composition{{"Ni", 1}, {"O", 1}});
  CHECK(hs::parse_formula("O2") == Composition{{"O", 2}});
  CHECK(hs::parse_formula("LiMn2O4") == Composition{{"Li", 1}, {"Mn", 2}, {"O", 4}});
  CHECK(hs::parse_formula("CH3OH") == Composition{{"C", 1}, {"H", 4}, {"O", 1}});
  CHECK(hs::parse_formula("Co") == Composition{{"Co", 1}});
  CHECK(hs::parse_formula("CO") == Composition{{"C", 1}, {"O", 1}});
  CHECK(hs::parse_formula("H1000") == Composition{{"H", 1000}});
  for (const char* bad :
       {"", "Unknown", "ni", "Xx", "O0", "H1001", "H999H2", "(CH3)2", "Ni O", "Ni+", "2O", "D2O"}) {
    INFO(bad);
    CHECK_FALSE(hs::parse_formula(bad).has_value());
  }
  CHECK(hs::is_element_symbol("Og"));
  CHECK(hs::is_element_symbol("H"));
  CHECK_FALSE(hs::is_element_symbol("h"));
  CHECK_FALSE(hs::is_element_symbol("Name"));

  CHECK(hs::formula_name(Composition{{"Ni", 1}, {"O", 1}}) == "NiO");
  CHECK(hs::formula_name(Composition{{"O", 2}}) == "O2");
  CHECK(hs::same_composition(Composition{{"Ni", 1}, {"O", 1}}, Composition{{"O", 1}, {"Ni", 1}}));
  CHECK(hs::same_composition(Composition{{"O", 1}, {"O", 1}}, Composition{{"O", 2}}));
  CHECK_FALSE(hs::same_composition(Composition{{"O", 1}}, Composition{{"O", 2}}));

  Composition c;
  CHECK(hs::add_atoms(c, "O", 999));
  CHECK_FALSE(hs::add_atoms(c, "O", 2));
  CHECK(hs::add_atoms(c, "O", 1));
  CHECK(c == Composition{{"O", 1000}});
}

TEST_CASE("range table: ion names give charge and composition", "[range_table][apt_io]") {
  const hs::IonSpecies ni2 = hs::ion_from_name("Ni++");
  CHECK(ni2.name == "Ni++");
  CHECK(ni2.charge == 2);
  CHECK(ni2.composition == Composition{{"Ni", 1}});
  const hs::IonSpecies nio = hs::ion_from_name("NiO");
  CHECK(nio.charge == 0);
  CHECK(nio.composition == Composition{{"Ni", 1}, {"O", 1}});
  const hs::IonSpecies unknown = hs::ion_from_name("Unknown");
  CHECK(unknown.composition.empty());
  CHECK(hs::ion_from_name("+").charge == 1);
  CHECK(hs::ion_from_name("+").composition.empty());

  hs::RangeTable table = table_of({"Ni", "Unknown"}, {});
  CHECK(hs::find_or_add_ion(table, Composition{{"Ni", 1}}) == 0);
  CHECK(hs::find_or_add_ion(table, Composition{{"O", 1}, {"Ni", 1}}) == 2);
  CHECK(table.ions[2].name == "ONi");
  CHECK(hs::find_or_add_ion(table, Composition{{"Ni", 1}, {"O", 1}}) == 2);
}

TEST_CASE("range table: lookup includes the low edge and excludes the high edge", "[range_table][apt_io]") {
  const hs::RangeTable table = table_of({"A", "B", "C"}, {{10, 20, 0, 0}, {20, 30, 1, 0}, {25, 35, 2, 0}});
  CHECK(hs::find_ion(table, 10.0) == 0u);
  CHECK(hs::find_ion(table, std::nextafter(20.0, 0.0)) == 0u);
  CHECK(hs::find_ion(table, 20.0) == 1u);
  CHECK(hs::find_ion(table, 27.0) == 1u);  // overlap: the first range wins
  CHECK(hs::find_ion(table, 30.0) == 2u);
  CHECK(hs::find_ion(table, 34.999) == 2u);
  CHECK_FALSE(hs::find_ion(table, 35.0).has_value());
  CHECK_FALSE(hs::find_ion(table, std::nextafter(10.0, 0.0)).has_value());
  CHECK_FALSE(hs::find_ion(table, std::numeric_limits<double>::quiet_NaN()).has_value());
}

TEST_CASE("range table: overlaps are found, touching ranges are not", "[range_table][apt_io]") {
  const hs::RangeTable table = table_of({"A", "B", "C", "D"}, {
                                                                  {40, 50, 0, 0},  // 0
                                                                  {10, 20, 1, 0},  // 1
                                                                  {20, 30, 2, 0},  // 2 touches 1
                                                                  {45, 46, 3, 0},  // 3 inside 0
                                                                  {15, 25, 3, 0},  // 4 overlaps 1 and 2
                                                                  {10, 20, 0, 0},  // 5 equals 1, overlaps 4
                                                              });
  const std::vector<hs::RangeOverlap> expected{{0, 3}, {1, 4}, {1, 5}, {2, 4}, {4, 5}};
  CHECK(hs::find_overlaps(table) == expected);
  const std::vector<std::string> warnings = hs::overlap_warnings(table);
  REQUIRE(warnings.size() == 5);
  CHECK(warnings[0] == "ranges 1 (A, 40-50 Da) and 4 (D, 45-46 Da) overlap; masses in both count as A");
  CHECK(hs::find_overlaps(table_of({"A"}, {{1, 2, 0, 0}, {2, 3, 0, 0}, {3, 4, 0, 0}})).empty());

  // Ten identical ranges: 10 * 9 / 2 = 45 pairs, 32 reported one by one and the other 13 counted.
  const hs::RangeTable same = table_of({"A"}, std::vector<hs::MassRange>(10, hs::MassRange{1, 2, 0, 0}));
  CHECK(hs::find_overlaps(same).size() == 45);
  const std::vector<std::string> capped = hs::overlap_warnings(same);
  REQUIRE(capped.size() == hs::kMaxOverlapWarnings + 1);
  CHECK(capped.back() == "13 more pairs of ranges overlap");
}

TEST_CASE("range table: validation rejects bad ranges and ion indices", "[range_table][apt_io]") {
  CHECK(hs::validate_range_table(table_of({"A"}, {{1, 2, 0, 0.01}}), "t").ok());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const hs::MassRange& bad : std::vector<hs::MassRange>{{2, 1, 0, 0},
                                                             {1, 1, 0, 0},
                                                             {-1, 1, 0, 0},
                                                             {nan, 1, 0, 0},
                                                             {1, inf, 0, 0},
                                                             {1, 2, 1, 0},
                                                             {1, 2, 0, -1}}) {
    const hs::Status status = hs::validate_range_table(table_of({"A"}, {bad}), "edit");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.rfind("edit: range 1", 0) == 0);
  }
}

TEST_CASE("range table: composition decomposes molecular ions (hand-computed)", "[range_table][apt_io]") {
  // 10 NiO + 5 Ni + 5 O2 ions: Ni = 10 + 5 = 15 atoms, O = 10 + 2*5 = 20 atoms, 35 in all.
  const hs::RangeTable table = table_of({"NiO", "Ni", "O2", "Unknown"}, {});
  const std::vector<std::uint64_t> ions{10, 5, 5, 7};  // the 7 unknown ions add no atoms
  const std::vector<hs::ElementShare> shares = hs::atomic_composition(table, ions);
  REQUIRE(shares.size() == 2);
  CHECK(shares[0].element == "Ni");
  CHECK(shares[0].atoms == 15);
  CHECK(shares[0].atomic_percent == Approx(100.0 * 15 / 35).epsilon(1e-12));
  CHECK(shares[0].atomic_percent == Approx(42.857142857).epsilon(1e-9));
  CHECK(shares[1].element == "O");
  CHECK(shares[1].atoms == 20);
  CHECK(shares[1].atomic_percent == Approx(57.142857143).epsilon(1e-9));

  // LiMn2O4 x 3 + Li x 1: Li 4, Mn 6, O 12 of 22 atoms.
  const hs::RangeTable spinel = table_of({"LiMn2O4", "Li"}, {});
  const std::vector<hs::ElementShare> s = hs::atomic_composition(spinel, std::vector<std::uint64_t>{3, 1});
  REQUIRE(s.size() == 3);
  CHECK(s[0].atoms == 4);
  CHECK(s[1].atoms == 6);
  CHECK(s[2].atoms == 12);
  CHECK(s[2].atomic_percent == Approx(100.0 * 12 / 22).epsilon(1e-12));

  const std::vector<hs::ElementShare> none =
      hs::atomic_composition(table, std::vector<std::uint64_t>{0, 0, 0, 3});
  REQUIRE(none.size() == 2);
  CHECK(none[0].atomic_percent == 0);
}

TEST_CASE("range table: counting ranged masses then composition", "[range_table][apt_io]") {
  // Ni at 29 (2+) and 58 (1+), O at 16, NiO at 37 (2+), O2 at 32.
  const hs::RangeTable table = table_of(
      {"Ni", "O", "NiO", "O2"},
      {{28.9, 29.1, 0, 0}, {57.8, 58.2, 0, 0}, {15.9, 16.1, 1, 0}, {36.9, 37.1, 2, 0}, {31.9, 32.1, 3, 0}});
  const std::vector<float> masses{29.0f, 58.0f, 16.0f, 37.0f, 37.05f, 32.0f, 1.0f, 100.0f, 58.1f, 15.95f};
  const hs::IonCounts counts = hs::count_ions(table, masses);
  CHECK(counts.per_ion == std::vector<std::uint64_t>{3, 2, 2, 1});
  CHECK(counts.unranged == 2);
  // Ni: 3 + 2 = 5; O: 2 + 2 + 2 = 6.
  const std::vector<hs::ElementShare> shares = hs::atomic_composition(table, counts.per_ion);
  REQUIRE(shares.size() == 2);
  CHECK(shares[0].atoms == 5);
  CHECK(shares[1].atoms == 6);
  CHECK(shares[0].atomic_percent == Approx(100.0 * 5 / 11).epsilon(1e-12));
}
