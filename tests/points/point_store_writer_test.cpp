// Point store writer: hand-built POS/EPOS files converted into a MemoryStore and read back array by
// array (rows, node table, fields, spectrum, species counts), plus empty and hostile inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "../io/byte_writer.h"
#include "io/epos.h"
#include "io/pos.h"
#include "io/rrng.h"
#include "points/point_store.h"
#include "points/point_store_writer.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"
#include "store/zarr_array.h"

namespace {

using hs::test::ByteWriter;
using hs::test::Lcg;

struct TestIon {
  float x, y, z, m;
};

// Masses with a known species under kRrng; 45.5 Da is unranged.
constexpr float kMasses[] = {16.0f, 29.0f, 32.0f, 37.0f, 58.0f, 45.5f, 58.0f, 16.0f};
const std::map<float, std::string> kSpeciesOfMass = {
    {16.0f, "O"}, {29.0f, "Ni"}, {32.0f, "O2"}, {37.0f, "NiO"}, {58.0f, "Ni"}};

const std::string kRrng =
    "[Ions]\nNumber=2\nIon1=Ni\nIon2=O\n"
    "[Ranges]\nNumber=5\n"
    "Range1=28.9 29.1 Vol:0.01094 Ni:1 Color:00FF00\n"
    "Range2=57.8 58.2 Vol:0.01094 Ni:1 Color:00FF00\n"
    "Range3=15.9 16.1 Vol:0.015 O:1 Color:FF0000\n"
    "Range4=36.9 37.1 Vol:0.02594 Ni:1 O:1 Color:0000FF\n"
    "Range5=31.9 32.1 Vol:0.03 O:2 Color:FF8000\n";

// A uniform background plus a dense cluster (so the octree splits), coordinates on a 0.25 nm grid
// (exact in float32, and so are the EPOS fields computed from them).
std::vector<TestIon> make_ions(std::size_t count, std::uint32_t seed) {
  Lcg lcg(seed);
  std::vector<TestIon> ions;
  for (std::size_t i = 0; i < count; ++i) {
    const bool cluster = i % 3 == 0;
    const auto coordinate = [&] {
      return cluster ? 5.0f + static_cast<float>(lcg.below(16)) * 0.25f
                     : -20.0f + static_cast<float>(lcg.below(160)) * 0.25f;
    };
    const float x = coordinate(), y = coordinate(), z = coordinate();
    ions.push_back({x, y, z, kMasses[lcg.below(8)]});
  }
  return ions;
}

hs::Bytes pos_bytes(const std::vector<TestIon>& ions) {
  ByteWriter w(/*big_endian=*/true);
  for (const TestIon& ion : ions) {
    w.f32(ion.x), w.f32(ion.y), w.f32(ion.z), w.f32(ion.m);
  }
  return w.take();
}

// EPOS fields as functions of the position, so they can be checked after reordering.
float tof_of(float x, float y) { return x + 2.0f * y + 1000.0f; }
std::int32_t delta_of(float x, float z) { return static_cast<std::int32_t>(x * 4.0f) * 1000 + static_cast<std::int32_t>(z * 4.0f); }

hs::Bytes epos_bytes(const std::vector<TestIon>& ions) {
  ByteWriter w(/*big_endian=*/true);
  for (const TestIon& ion : ions) {
    w.f32(ion.x), w.f32(ion.y), w.f32(ion.z), w.f32(ion.m);
    w.f32(tof_of(ion.x, ion.y));  // tof_ns
    w.f32(ion.z * 3.0f);          // vdc_v
    w.f32(ion.y - ion.x);         // vpulse_v
    w.f32(ion.x * 0.5f);          // det_x_mm
    w.f32(ion.y * 0.5f);          // det_y_mm
    w.i32(delta_of(ion.x, ion.z));
    w.i32(static_cast<std::int32_t>(ion.y * 4.0f));  // multiplicity
  }
  return w.take();
}

std::unique_ptr<hs::PointReader> open(hs::Bytes bytes, const std::string& name, bool epos = false) {
  auto reader = epos ? hs::open_epos(hs::memory_source(std::move(bytes), name))
                     : hs::open_pos(hs::memory_source(std::move(bytes), name));
  REQUIRE(reader.ok());
  return std::move(reader).value();
}

hs::RangeFile ranges_of(const std::string& text) {
  auto file = hs::parse_rrng(text, "run.rrng");
  REQUIRE(file.ok());
  return std::move(file).value();
}

// Small bricks and shards so a few thousand ions span several shards; small nodes so the tree is deep.
hs::PointConvertOptions small_options() {
  hs::PointConvertOptions options;
  options.node_capacity = 50;
  options.brick_rows = 128;
  options.bricks_per_shard = 4;
  options.seed = 7;
  return options;
}

template <typename T>
std::vector<T> read_all(hs::MemoryStore& store, std::string_view path, std::vector<std::uint64_t> expected_shape,
                        hs::DataType type) {
  auto array = hs::ZarrArray::open(store, path);
  REQUIRE(array.ok());
  REQUIRE(array->metadata().shape == expected_shape);
  REQUIRE(array->metadata().data_type == type);
  REQUIRE(array->metadata().dimension_names.has_value());
  std::uint64_t count = 1;
  for (const std::uint64_t n : expected_shape) count *= n;
  std::vector<T> out(static_cast<std::size_t>(count));
  const std::vector<std::uint64_t> start(expected_shape.size(), 0);
  hs::DecodeContext context;
  REQUIRE(array->read_region(start, expected_shape, {reinterpret_cast<std::uint8_t*>(out.data()), out.size() * sizeof(T)},
                             context).ok());
  return out;
}

hs::json::Value heteroscope_attributes(hs::MemoryStore& store) {
  auto group = hs::read_group_metadata(store, "");
  REQUIRE(group.ok());
  for (const auto& [key, value] : group->attributes) {
    if (key == "heteroscope") return value;
  }
  FAIL("no attributes.heteroscope");
  return {};
}

using Row = std::tuple<float, float, float, float>;

// Converts `ions` and checks everything a store must satisfy; returns the attributes.
hs::PointStoreAttributes convert_and_check(const std::vector<TestIon>& ions, bool epos, hs::MemoryStore& store) {
  auto reader = open(epos ? epos_bytes(ions) : pos_bytes(ions), epos ? "run.epos" : "run.pos", epos);
  const hs::RangeFile ranges = ranges_of(kRrng);
  auto report = hs::convert_points(*reader, &ranges.table, store, small_options());
  REQUIRE(report.ok());
  const std::size_t n = ions.size();
  CHECK(report->ion_count == n);
  CHECK(report->warnings.empty());
  CHECK(report->node_count > 8);
  CHECK(report->shards_written == (epos ? 9u : 2u) * ((n + 511) / 512));  // shards of 512 rows

  auto attributes = hs::parse_point_store_attributes(heteroscope_attributes(store), "store");
  REQUIRE(attributes.ok());
  CHECK(attributes->ion_count == n);
  CHECK(attributes->source == (epos ? "run.epos" : "run.pos"));
  CHECK(attributes->ranges == ranges.table);

  // Rows: the same multiset as the input.
  const auto position = read_all<float>(store, "position", {n, 3}, hs::DataType::float32);
  const auto mass = read_all<float>(store, "mass", {n}, hs::DataType::float32);
  std::vector<Row> got, expected;
  for (std::size_t i = 0; i < n; ++i) {
    got.emplace_back(position[3 * i], position[3 * i + 1], position[3 * i + 2], mass[i]);
    expected.emplace_back(ions[i].x, ions[i].y, ions[i].z, ions[i].m);
  }
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  CHECK(got == expected);
  CHECK(got != std::vector<Row>(position.size() / 3));

  // Bounds from the input.
  REQUIRE(attributes->bounds_nm.has_value());
  for (int axis = 0; axis < 3; ++axis) {
    float lo = 1e9f, hi = -1e9f;
    for (const TestIon& ion : ions) {
      const float v = axis == 0 ? ion.x : axis == 1 ? ion.y : ion.z;
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    CHECK((*attributes->bounds_nm)[0][axis] == lo);
    CHECK((*attributes->bounds_nm)[1][axis] == hi);
  }

  // Node table: row ranges tile [0, n) in order, every row inside its node's bounds, and the
  // table passes the strict decoder.
  auto nodes_array = hs::ZarrArray::open(store, "nodes");
  REQUIRE(nodes_array.ok());
  const std::uint64_t m = nodes_array->metadata().shape.at(0);
  const auto table = read_all<double>(store, "nodes", {m, hs::kNodeColumnCount}, hs::DataType::float64);
  std::uint64_t next = 0;
  for (std::uint64_t node = 0; node < m; ++node) {
    const double* v = &table[node * hs::kNodeColumnCount];
    REQUIRE(v[hs::kNodeRowStart] == static_cast<double>(next));
    next += static_cast<std::uint64_t>(v[hs::kNodeRowCount]);
    for (auto row = static_cast<std::uint64_t>(v[hs::kNodeRowStart]); row < next; ++row) {
      for (std::size_t axis = 0; axis < 3; ++axis) {
        const double p = position[3 * row + axis];
        if (!(p >= v[hs::kNodeMinX + axis] && p <= v[hs::kNodeMaxX + axis])) FAIL("row " << row << " outside node " << node);
      }
    }
  }
  CHECK(next == n);
  auto decoded = hs::decode_node_table(table, n, attributes->cube, "nodes");
  REQUIRE(decoded.ok());
  CHECK(decoded->front().subtree_row_count == n);
  CHECK(decoded->front().row_count == 50);

  // Spectrum: sums to n; bin 5800 (58.00-58.01 Da) holds the 58 Da ions; 100 bins per Da up to 59.
  const auto spectrum = read_all<std::uint64_t>(store, "spectrum", {5900}, hs::DataType::uint64);
  std::uint64_t total = 0;
  for (const std::uint64_t c : spectrum) total += c;
  CHECK(total == n);
  const auto count_mass = [&](float value) {
    return static_cast<std::uint64_t>(std::count_if(ions.begin(), ions.end(), [&](const TestIon& i) { return i.m == value; }));
  };
  CHECK(spectrum[5800] == count_mass(58.0f));
  CHECK(spectrum[4550] == count_mass(45.5f));
  CHECK(spectrum[5801] == 0);

  // Species counts: by hand from the mass -> species map of the range file.
  std::map<std::string, std::uint64_t> by_name;
  std::uint64_t unranged = 0;
  for (const TestIon& ion : ions) {
    const auto it = kSpeciesOfMass.find(ion.m);
    if (it == kSpeciesOfMass.end()) ++unranged;
    else ++by_name[it->second];
  }
  REQUIRE(attributes->species_counts.size() == attributes->ranges.ions.size());
  for (std::size_t i = 0; i < attributes->ranges.ions.size(); ++i) {
    INFO(attributes->ranges.ions[i].name);
    CHECK(attributes->species_counts[i] == by_name[attributes->ranges.ions[i].name]);
  }
  CHECK(attributes->unranged_count == unranged);
  CHECK(unranged > 0);
  return std::move(attributes).value();
}

}  // namespace

TEST_CASE("point store: a POS file round-trips through the store", "[point_store]") {
  const std::vector<TestIon> ions = make_ions(3000, 11);
  hs::MemoryStore store("run.zarr");
  const hs::PointStoreAttributes attributes = convert_and_check(ions, false, store);
  CHECK(attributes.fields.empty());
  CHECK(attributes.node_capacity == 50);
  CHECK(attributes.seed == 7);
  auto tof = store.size("tof_ns/zarr.json");
  REQUIRE(tof.ok());
  CHECK_FALSE(tof->has_value());
}

TEST_CASE("point store: EPOS fields stay attached to their ions after reordering", "[point_store]") {
  const std::vector<TestIon> ions = make_ions(2000, 5);
  hs::MemoryStore store("run.zarr");
  const hs::PointStoreAttributes attributes = convert_and_check(ions, true, store);
  CHECK(attributes.fields ==
        std::vector<std::string>{"tof_ns", "vdc_v", "vpulse_v", "det_x_mm", "det_y_mm", "delta_pulse", "multiplicity"});
  const std::size_t n = ions.size();
  const auto position = read_all<float>(store, "position", {n, 3}, hs::DataType::float32);
  const auto tof = read_all<float>(store, "tof_ns", {n}, hs::DataType::float32);
  const auto vdc = read_all<float>(store, "vdc_v", {n}, hs::DataType::float32);
  const auto vpulse = read_all<float>(store, "vpulse_v", {n}, hs::DataType::float32);
  const auto det_x = read_all<float>(store, "det_x_mm", {n}, hs::DataType::float32);
  const auto det_y = read_all<float>(store, "det_y_mm", {n}, hs::DataType::float32);
  const auto delta = read_all<std::int32_t>(store, "delta_pulse", {n}, hs::DataType::int32);
  const auto multiplicity = read_all<std::int32_t>(store, "multiplicity", {n}, hs::DataType::int32);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = position[3 * i], y = position[3 * i + 1], z = position[3 * i + 2];
    if (tof[i] != tof_of(x, y) || vdc[i] != z * 3.0f || vpulse[i] != y - x || det_x[i] != x * 0.5f ||
        det_y[i] != y * 0.5f || delta[i] != delta_of(x, z) || multiplicity[i] != static_cast<std::int32_t>(y * 4.0f)) {
      ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("point store: overlapping ranges are surfaced as warnings and notes", "[point_store]") {
  const hs::RangeFile ranges = ranges_of(
      "[Ions]\nNumber=2\nIon1=Ni\nIon2=Fe\n[Ranges]\nNumber=2\n"
      "Range1=57.8 58.2 Vol:0.01 Ni:1 Color:00FF00\nRange2=58.0 58.5 Vol:0.01 Fe:1 Color:FF0000\n");
  auto reader = open(pos_bytes(make_ions(300, 3)), "run.pos");
  hs::MemoryStore store;
  auto report = hs::convert_points(*reader, &ranges.table, store, small_options());
  REQUIRE(report.ok());
  REQUIRE(report->warnings.size() == 1);
  CHECK(report->warnings[0] == "ranges 1 (Ni, 57.8-58.2 Da) and 2 (Fe, 58-58.5 Da) overlap; masses in both count as Ni");
  auto attributes = hs::parse_point_store_attributes(heteroscope_attributes(store), "store");
  REQUIRE(attributes.ok());
  CHECK(std::count(attributes->notes.begin(), attributes->notes.end(), report->warnings[0]) == 1);
  // The first range wins: all 58 Da ions count as Ni, none as Fe.
  CHECK(attributes->species_counts[1] == 0);
  CHECK(attributes->species_counts[0] > 0);
}

TEST_CASE("point store: an empty POS file gives a valid empty store", "[point_store]") {
  auto reader = open({}, "empty.pos");
  hs::MemoryStore store;
  auto report = hs::convert_points(*reader, nullptr, store, {});
  REQUIRE(report.ok());
  CHECK(report->ion_count == 0);
  CHECK(report->node_count == 0);
  auto attributes = hs::parse_point_store_attributes(heteroscope_attributes(store), "store");
  REQUIRE(attributes.ok());
  CHECK(attributes->ion_count == 0);
  CHECK_FALSE(attributes->bounds_nm.has_value());
  CHECK_FALSE(attributes->mass_range_da.has_value());
  CHECK(read_all<float>(store, "position", {0, 3}, hs::DataType::float32).empty());
  CHECK(read_all<float>(store, "mass", {0}, hs::DataType::float32).empty());
  CHECK(read_all<double>(store, "nodes", {0, hs::kNodeColumnCount}, hs::DataType::float64).empty());
  CHECK(read_all<std::uint64_t>(store, "spectrum", {0}, hs::DataType::uint64).empty());
  CHECK(hs::decode_node_table({}, 0, attributes->cube, "nodes").ok());
}

TEST_CASE("point store: bad options, an invalid range table and cancellation are errors", "[point_store]") {
  const hs::Bytes bytes = pos_bytes(make_ions(500, 9));
  hs::MemoryStore store;
  {
    auto reader = open(bytes, "run.pos");
    hs::PointConvertOptions options = small_options();
    options.seed = std::uint64_t{1} << 60;
    auto report = hs::convert_points(*reader, nullptr, store, options);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message == "run.pos: the octree seed must be below 2^53");
  }
  {
    auto reader = open(bytes, "run.pos");
    hs::RangeTable table = ranges_of(kRrng).table;
    table.ranges[0].ion_index = 17;
    auto report = hs::convert_points(*reader, &table, store, small_options());
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("run.pos: range table", 0) == 0);
  }
  {
    auto reader = open(bytes, "run.pos");
    const std::atomic<bool> cancel{true};
    hs::PointConvertOptions options = small_options();
    options.cancel = &cancel;
    auto report = hs::convert_points(*reader, nullptr, store, options);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message == "run.pos: octree build cancelled");
  }
}

TEST_CASE("point store: corrupt node tables are rejected, mutated ones never crash", "[point_store]") {
  const std::vector<TestIon> ions = make_ions(1000, 21);
  auto reader = open(pos_bytes(ions), "run.pos");
  hs::MemoryStore store;
  REQUIRE(hs::convert_points(*reader, nullptr, store, small_options()).ok());
  auto attributes = hs::parse_point_store_attributes(heteroscope_attributes(store), "store");
  REQUIRE(attributes.ok());
  auto nodes_array = hs::ZarrArray::open(store, "nodes");
  REQUIRE(nodes_array.ok());
  const std::uint64_t m = nodes_array->metadata().shape.at(0);
  const auto good = read_all<double>(store, "nodes", {m, hs::kNodeColumnCount}, hs::DataType::float64);
  REQUIRE(hs::decode_node_table(good, 1000, attributes->cube, "nodes").ok());
  CHECK_FALSE(hs::decode_node_table(good, 999, attributes->cube, "nodes").ok());

  const std::size_t c = hs::kNodeColumnCount;
  const std::size_t last = (m - 1) * c;
  const std::vector<std::pair<std::size_t, double>> edits = {
      {hs::kNodeLevel, 22},                     // root level out of range
      {c + hs::kNodeParent, 5},                 // parent after the node
      {c + hs::kNodeParent, -1},                // a second root
      {hs::kNodeRowCount, 49},                  // rows no longer tile
      {last + hs::kNodeRowCount, 1e18},         // beyond the ion count
      {hs::kNodeSubtreeRowCount, 999},          // subtree sum wrong
      {hs::kNodeChildMask, 0},                  // children not in the mask
      {hs::kNodeFirstChild, -1},                // first child missing
      {c + hs::kNodeMinX, good[c + hs::kNodeMinX] + 1e-9},  // bounds off the cube
      {c + hs::kNodeCellX, 7},                  // cell outside level 1's grid
      {c + hs::kNodeLevel, std::nan("")},
      {last + hs::kNodeRowStart, 0.5},
  };
  for (const auto& [index, value] : edits) {
    INFO("value " << index << " = " << value);
    std::vector<double> bad = good;
    bad[index] = value;
    auto decoded = hs::decode_node_table(bad, 1000, attributes->cube, "nodes");
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.rfind("nodes: ", 0) == 0);
  }
  CHECK_FALSE(hs::decode_node_table(std::span(good).first(good.size() - 1), 1000, attributes->cube, "nodes").ok());

  Lcg lcg(99);
  for (int round = 0; round < 2000; ++round) {
    std::vector<double> bad = good;
    for (int k = 0; k < 3; ++k) {
      const double values[] = {-1, 0, 1, 7, 255, 256, 1e300, -0.0, std::nan(""), static_cast<double>(lcg.below(2000))};
      bad[lcg.below(static_cast<std::uint32_t>(bad.size()))] = values[lcg.below(10)];
    }
    (void)hs::decode_node_table(bad, 1000, attributes->cube, "nodes");
  }
}

TEST_CASE("point store: hostile attributes are errors naming the member", "[point_store]") {
  auto reader = open(pos_bytes(make_ions(200, 4)), "run.pos");
  const hs::RangeFile ranges = ranges_of(kRrng);
  hs::MemoryStore store;
  REQUIRE(hs::convert_points(*reader, &ranges.table, store, small_options()).ok());
  const hs::json::Value good = heteroscope_attributes(store);
  auto parsed = hs::parse_point_store_attributes(good, "s");
  REQUIRE(parsed.ok());
  CHECK(hs::point_store_attributes_to_json(*parsed) == good);

  const auto with = [&](const std::string& key, hs::json::Value value) {
    hs::json::Value bad = good;
    bad.set(key, std::move(value));
    auto result = hs::parse_point_store_attributes(bad, "s");
    REQUIRE_FALSE(result.ok());
    return result.error().message;
  };
  CHECK(with("kind", "volume") == "s: attributes.heteroscope.kind is not \"points\"");
  CHECK(with("ion_count", 201) == "s: attributes.heteroscope.species_counts and unranged_count do not add up to ion_count");
  CHECK(with("ion_count", -1).rfind("s: attributes.heteroscope.ion_count must be a whole number", 0) == 0);
  CHECK(with("bounds_nm", hs::json::Array{}) == "s: attributes.heteroscope.bounds_nm must be [[min], [max]]");
  CHECK(with("fields", hs::json::Array{"tof_ns", "tof_ns"}).rfind("s: attributes.heteroscope.fields", 0) == 0);
  CHECK(with("species_counts", hs::json::Array{}) == "s: attributes.heteroscope.species_counts must have one count per ion");

  hs::json::Value octree = *good.find("octree");
  octree.set("seed", 1e17);
  CHECK(with("octree", octree).rfind("s: attributes.heteroscope.octree.seed must be a whole number", 0) == 0);

  hs::json::Value bad_ranges = *good.find("ranges");
  bad_ranges.as_object()[0].second.as_array()[0].set("color", "GG0000");
  CHECK(with("ranges", bad_ranges) == "s: attributes.heteroscope.ranges.ions[].color must be six hex digits RRGGBB");
  bad_ranges = *good.find("ranges");
  bad_ranges.as_object()[1].second.as_array()[0].set("ion", 99);
  CHECK(with("ranges", bad_ranges).rfind("s: attributes.heteroscope.ranges", 0) == 0);
  CHECK_FALSE(hs::parse_point_store_attributes(hs::json::Value(3), "s").ok());
}

TEST_CASE("point store: colours as RRGGBB", "[point_store]") {
  CHECK(hs::color_hex({1.0f, 0.0f, 128.0f / 255.0f}) == "FF0080");
  const auto c = hs::parse_color_hex("ff8000");
  REQUIRE(c.has_value());
  CHECK(c->r == 1.0f);
  CHECK(c->g == 128.0f / 255.0f);
  CHECK(c->b == 0.0f);
  CHECK_FALSE(hs::parse_color_hex("FF800").has_value());
  CHECK_FALSE(hs::parse_color_hex("FF80 0").has_value());
}
