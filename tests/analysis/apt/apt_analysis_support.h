// Helpers for the atom probe analysis tests: synthetic ions converted into an in-memory point
// store (small node capacity so the octree has many nodes), a small range table, a
// deterministic LCG, and every row of a store read directly from its arrays (no ROI, no pruning).
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/point_reader.h"
#include "io/pos.h"
#include "io/pos_writer.h"
#include "points/point_store_writer.h"
#include "points/range_table.h"
#include "store/codecs/decode_context.h"
#include "store/memory_store.h"
#include "store/zarr_array.h"

namespace hs::test {
inline namespace apt_analysis_support {

// 32-bit LCG (Numerical Recipes constants); uniform() in [0, 1).
class AptLcg {
 public:
  explicit AptLcg(std::uint32_t seed) : state_(seed) {}
  std::uint32_t next() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_ >> 8;
  }
  double uniform() { return static_cast<double>(next()) / 16777216.0; }
  std::uint32_t below(std::uint32_t n) { return next() % n; }

 private:
  std::uint32_t state_;
};

struct TestIon {
  float x, y, z, m;
};

// Ni+ 29, O+ 16, O2+ 32, NiO+ 37, Li+ 7, Cr+ 26 (each range ±0.2 Da); 45 Da is unranged.
inline RangeTable test_ranges() {
  RangeTable t;
  for (const char* name : {"Ni+", "O+", "O2+", "NiO+", "Li+", "Cr+"}) t.ions.push_back(ion_from_name(name));
  const double centre[] = {29, 16, 32, 37, 7, 26};
  for (std::size_t i = 0; i < 6; ++i) t.ranges.push_back({centre[i] - 0.2, centre[i] + 0.2, i, 0});
  return t;
}

// The ions converted into a point store in `store` (capacity ions per node).
inline void write_store(const std::vector<TestIon>& ions, const RangeTable& ranges, WritableStore& store,
                        std::uint64_t capacity = 300, std::uint64_t brick_rows = 65536) {
  IonBatch batch;
  for (const TestIon& i : ions) {
    batch.x_nm.push_back(i.x);
    batch.y_nm.push_back(i.y);
    batch.z_nm.push_back(i.z);
    batch.mass_da.push_back(i.m);
  }
  Bytes pos;
  append_pos_records(batch, pos);
  auto reader = open_pos(memory_source(std::move(pos), "test.pos"));
  REQUIRE(reader.ok());
  PointConvertOptions options;
  options.node_capacity = capacity;
  options.brick_rows = brick_rows;
  options.bricks_per_shard = 4;
  auto report = convert_points(**reader, &ranges, store, options);
  REQUIRE(report.ok());
}

// Every element of the float32 array `path`.
inline std::vector<float> read_floats(ReadableStore& store, const std::string& path) {
  auto array = ZarrArray::open(store, path);
  REQUIRE(array.ok());
  std::uint64_t count = 1;
  for (std::uint64_t n : array->metadata().shape) count *= n;
  std::vector<float> values(static_cast<std::size_t>(count));
  DecodeContext context;
  const std::vector<std::uint64_t> start(array->metadata().shape.size(), 0);
  REQUIRE(array
              ->read_region(start, array->metadata().shape,
                            {reinterpret_cast<std::uint8_t*>(values.data()), values.size() * sizeof(float)},
                            context)
              .ok());
  return values;
}

// Uniform ions in [0, 40)^3 nm plus a dense blob near (30, 30, 30), masses drawn from the ranges
// of test_ranges() and 45 Da.
inline std::vector<TestIon> random_ions(std::size_t count, std::uint32_t seed) {
  AptLcg lcg(seed);
  const float masses[] = {29, 16, 32, 37, 7, 26, 45};
  std::vector<TestIon> ions;
  for (std::size_t i = 0; i < count; ++i) {
    const bool blob = i % 4 == 0;
    const auto c = [&] {
      return blob ? 28.0f + 4.0f * static_cast<float>(lcg.uniform())
                  : 40.0f * static_cast<float>(lcg.uniform());
    };
    const float x = c(), y = c(), z = c();
    ions.push_back({x, y, z, masses[lcg.below(7)] + 0.1f * static_cast<float>(lcg.uniform() - 0.5)});
  }
  return ions;
}

}  // namespace apt_analysis_support
}  // namespace hs::test
