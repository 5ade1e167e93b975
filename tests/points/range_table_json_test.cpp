// Range tables as JSON: a hand-written table read and written back byte for byte, round trips of
// built tables, and one error per kind of bad member naming the table's source and the member.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json/json.h"
#include "points/range_table_json.h"

namespace {

hs::json::Value parse(const std::string& text) {
  auto value = hs::json::parse(text, "test");
  REQUIRE(value.ok());
  return *value;
}

std::string read_error(const std::string& text) {
  INFO("table: " << text);
  auto table = hs::range_table_from_json(parse(text), "t");
  REQUIRE_FALSE(table.ok());
  return table.error().message;
}

// Two valid ions (NiO+ and O2++), a range with a volume and one without.
constexpr const char* kTableText =
    R"({"ions":[{"name":"NiO","composition":{"Ni":1,"O":1},"charge":1,"color":"FF8000"},)"
    R"({"name":"O2","composition":{"O":2},"charge":2,"color":"0000FF"}],)"
    R"("ranges":[{"low_da":74.5,"high_da":75.25,"ion":0,"volume_nm3":0.0217},{"low_da":16,"high_da":16.1,"ion":1}]})";

}  // namespace

TEST_CASE("range table json: a hand-written table reads to the expected ions and ranges", "[range_table_json]") {
  auto table = hs::range_table_from_json(parse(kTableText), "t");
  REQUIRE(table.ok());
  REQUIRE(table->ions.size() == 2u);
  const hs::IonSpecies& nio = table->ions[0];
  CHECK(nio.name == "NiO");
  CHECK(nio.composition == std::vector<hs::ElementCount>{{"Ni", 1}, {"O", 1}});
  CHECK(nio.charge == 1);
  CHECK(nio.color == hs::RgbColor{1.0f, 128.0f / 255.0f, 0.0f});
  CHECK(table->ions[1].composition == std::vector<hs::ElementCount>{{"O", 2}});
  CHECK(table->ions[1].charge == 2);
  CHECK(table->ions[1].color == hs::RgbColor{0.0f, 0.0f, 1.0f});
  REQUIRE(table->ranges.size() == 2u);
  CHECK(table->ranges[0] == hs::MassRange{74.5, 75.25, 0, 0.0217});
  CHECK(table->ranges[1] == hs::MassRange{16.0, 16.1, 1, 0.0});
  // Written back member for member, volume left out where it is 0.
  CHECK(hs::json::write(hs::range_table_to_json(*table)) == kTableText);
}

TEST_CASE("range table json: built tables round-trip exactly", "[range_table_json]") {
  hs::RangeTable table;
  table.ions.push_back(hs::IonSpecies{"LiMn2O4", {{"Li", 1}, {"Mn", 2}, {"O", 4}}, 3, {0.2f, 0.4f, 1.0f}});
  table.ions.push_back(hs::IonSpecies{"Unknown", {}, 0, {51.0f / 255.0f, 0.0f, 17.0f / 255.0f}});
  table.ions.push_back(hs::IonSpecies{"H", {{"H", 1}}, -1, {1.0f, 1.0f, 1.0f}});
  table.ranges = {{0.0, 1.5, 2, 0.0}, {27.3, 27.7, 0, 0.0113}, {99.9, 100.0000001, 1, 1000.0}, {1.5, 2.5, 0, 0.0}};
  const std::string text = hs::json::write(hs::range_table_to_json(table));
  auto back = hs::range_table_from_json(parse(text), "t");
  REQUIRE(back.ok());
  CHECK(*back == table);

  auto empty = hs::range_table_from_json(parse(R"({"ions":[],"ranges":[]})"), "t");
  REQUIRE(empty.ok());
  CHECK(*empty == hs::RangeTable{});
  CHECK(hs::json::write(hs::range_table_to_json(hs::RangeTable{})) == R"({"ions":[],"ranges":[]})");
}

TEST_CASE("range table json: each bad member is an error naming the source and the member", "[range_table_json]") {
  const std::string ion = R"({"name":"Ni","composition":{"Ni":1},"charge":1,"color":"00FF00"})";
  const std::string range = R"({"low_da":58,"high_da":58.5,"ion":0})";
  const auto table_with = [&](const std::string& ions, const std::string& ranges) {
    return R"({"ions":[)" + ions + R"(],"ranges":[)" + ranges + "]}";
  };
  REQUIRE(hs::range_table_from_json(parse(table_with(ion, range)), "t").ok());

  CHECK(read_error("[]") == "t must be an object");
  CHECK(read_error(R"({"ranges":[]})") == "t.ions is missing");
  CHECK(read_error(R"({"ions":{},"ranges":[]})") == "t.ions must be array");
  CHECK(read_error(R"({"ions":[]})") == "t.ranges is missing");
  CHECK(read_error(table_with(R"({"name":3,"composition":{},"charge":1,"color":"00FF00"})", "")) ==
        "t.ions[].name must be string");
  CHECK(read_error(table_with(R"({"name":"X","composition":{"Xx":1},"charge":1,"color":"00FF00"})", "")) ==
        "t.ions[].composition has a bad element or count: Xx");
  CHECK(read_error(table_with(R"({"name":"X","composition":{"Ni":0},"charge":1,"color":"00FF00"})", "")) ==
        "t.ions[].composition has a bad element or count: Ni");
  CHECK(read_error(table_with(R"({"name":"X","composition":{"Ni":1.5},"charge":1,"color":"00FF00"})", "")) ==
        "t.ions[].composition must be a whole number from 0 to 1000");
  CHECK(read_error(table_with(R"({"name":"X","composition":{},"charge":1.5,"color":"00FF00"})", "")) ==
        "t.ions[].charge must be a small integer");
  CHECK(read_error(table_with(R"({"name":"X","composition":{},"charge":1001,"color":"00FF00"})", "")) ==
        "t.ions[].charge must be a small integer");
  CHECK(read_error(table_with(R"({"name":"X","composition":{},"charge":1,"color":"GG0000"})", "")) ==
        "t.ions[].color must be six hex digits RRGGBB");
  CHECK(read_error(table_with(ion, R"({"low_da":"58","high_da":58.5,"ion":0})")) == "t.ranges[].low_da must be number");
  CHECK(read_error(table_with(ion, R"({"low_da":58,"high_da":58.5,"ion":-1})")) ==
        "t.ranges[].ion must be a whole number from 0 to 4096");
  CHECK(read_error(table_with(ion, R"({"low_da":58,"high_da":58.5,"ion":0,"volume_nm3":"big"})")) ==
        "t.ranges[].volume_nm3 must be a finite number");
  // What validate_range_table checks: ion indices, 0 <= low < high, volumes.
  CHECK(read_error(table_with(ion, R"({"low_da":58,"high_da":58.5,"ion":1})")) == "t: range 1 points at ion 2 of 1");
  CHECK(read_error(table_with(ion, range + R"(,{"low_da":59,"high_da":59,"ion":0})")).rfind("t: range 2: ", 0) == 0);
  CHECK(read_error(table_with(ion, R"({"low_da":-1,"high_da":1,"ion":0})")).rfind("t: range 1: ", 0) == 0);
  CHECK(read_error(table_with(ion, R"({"low_da":1,"high_da":2,"ion":0,"volume_nm3":-0.5})")).rfind("t: range 1: volume", 0) ==
        0);
}

TEST_CASE("range table json: more ions than the limit are refused before reading them", "[range_table_json][limits]") {
  std::string ions;
  for (std::size_t i = 0; i <= hs::kMaxRangeIons; ++i) {
    ions += std::string(i == 0 ? "" : ",") + R"({"name":"Ni","composition":{"Ni":1},"charge":1,"color":"00FF00"})";
  }
  CHECK(read_error(R"({"ions":[)" + ions + R"(],"ranges":[]})") ==
        "t holds more ions or ranges than the limit of 4096");
}
