// Range edits by hand: ends snapped to bin edges, ranges kept one bin wide and between their
// neighbours, and new ranges clipped to the gap they start in, against hand-computed cases.
#include <catch2/catch.hpp>

#include <cmath>

#include "points/range_edit.h"

namespace {

constexpr double kBinsPerDa = 100.0;

// [10, 11) A, [12, 13) B, [12.5, 14) A overlapping B, and an empty range at 20 Da.
hs::RangeTable edit_table() {
  hs::RangeTable table;
  table.ions = {hs::ion_from_name("A"), hs::ion_from_name("B")};
  table.ranges = {{10.0, 11.0, 0}, {12.0, 13.0, 1}, {12.5, 14.0, 0}, {20.0, 20.0, 1}};
  return table;
}

double moved(std::size_t index, hs::RangeEnd end, double mass_da) {
  return hs::moved_range_end(edit_table(), index, end, mass_da, kBinsPerDa);
}

}  // namespace

TEST_CASE("range edit: a moved end snaps to a bin edge and stops at the neighbours", "[range_edit]") {
  using hs::RangeEnd;
  CHECK(moved(1, RangeEnd::low, 12.504) == 12.50);
  CHECK(moved(1, RangeEnd::low, 10.5) == 11.0);   // range 1 stops at range 0's high end
  CHECK(moved(1, RangeEnd::low, 13.5) == 12.99);  // one bin below its own high end
  CHECK(moved(0, RangeEnd::high, 11.456) == 11.46);
  CHECK(moved(0, RangeEnd::high, 12.3) == 12.0);  // stops at range 1's low end
  CHECK(moved(0, RangeEnd::high, 9.0) == 10.01);  // one bin above its own low end
  CHECK(moved(0, RangeEnd::low, -3.0) == 0.0);
  // Range 2 already overlaps range 1, which therefore does not hold it back.
  CHECK(moved(2, RangeEnd::low, 11.5) == 11.5);
  CHECK(moved(2, RangeEnd::low, 10.0) == 11.0);
  CHECK(moved(1, RangeEnd::high, 13.7) == 13.7);
  // Nothing above range 2 but an empty range: up to the mass limit.
  CHECK(moved(2, RangeEnd::high, 50.0) == 50.0);
  CHECK(moved(2, RangeEnd::high, 2e5) == hs::kMaxMassDa);
  CHECK(moved(2, RangeEnd::high, NAN) == 14.0);
}

TEST_CASE("range edit: a range with no room keeps its end", "[range_edit]") {
  hs::RangeTable table;
  table.ions = {hs::ion_from_name("A")};
  table.ranges = {{1.0, 1.01, 0}, {1.01, 1.02, 0}};
  CHECK(hs::moved_range_end(table, 1, hs::RangeEnd::low, 0.5, kBinsPerDa) == 1.01);
  CHECK(hs::moved_range_end(table, 0, hs::RangeEnd::high, 1.5, kBinsPerDa) == 1.01);
}

TEST_CASE("range edit: a new range fills the swept masses within its gap", "[range_edit]") {
  const hs::RangeTable table = edit_table();
  const auto added = [&](double start_da, double end_da) {
    return hs::new_range_in_gap(table, start_da, end_da, 1, kBinsPerDa);
  };
  CHECK(added(11.3, 11.7) == hs::MassRange{11.3, 11.7, 1});
  CHECK(added(11.5, 15.0) == hs::MassRange{11.5, 12.0, 1});    // clipped at range 1
  CHECK(added(11.5, 9.0) == hs::MassRange{11.0, 11.5, 1});     // swept leftwards, clipped at range 0
  CHECK(added(14.0, 15.004) == hs::MassRange{14.0, 15.0, 1});  // starts on range 2's high end
  CHECK(added(19.0, 21.0) == hs::MassRange{19.0, 21.0, 1});    // the empty range takes no room
  CHECK(added(0.5, -2.0) == hs::MassRange{0.0, 0.5, 1});
  CHECK_FALSE(added(10.5, 11.5));      // starts inside range 0
  CHECK_FALSE(added(12.0, 11.5));      // starts on range 1's low end, i.e. inside it
  CHECK_FALSE(added(11.003, 11.004));  // less than a bin
  CHECK_FALSE(added(INFINITY, 11.5));
}
