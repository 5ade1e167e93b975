// IonSource: the ions inside an ROI equal a brute-force selection over every stored row, in row
// order, with nodes pruned; hostile and damaged stores give errors; cancellation stops the visit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "analysis/apt/ion_source.h"
#include "apt_analysis_support.h"
#include "json/json.h"
#include "store/memory_store.h"

namespace {

using hs::test::random_ions;
using hs::test::read_floats;
using hs::test::test_ranges;
using hs::test::write_store;

struct Visited {
  std::vector<std::uint64_t> rows;
  std::vector<float> xyz, mass;
};

Visited visit_all(const hs::IonSource& source, const hs::IonRoi* roi) {
  Visited v;
  const hs::Status s = source.for_each_block(roi, [&](const hs::IonBlock& b) {
    REQUIRE(b.rows.size() == b.size());
    REQUIRE(b.xyz_nm.size() == 3 * b.size());
    v.rows.insert(v.rows.end(), b.rows.begin(), b.rows.end());
    v.xyz.insert(v.xyz.end(), b.xyz_nm.begin(), b.xyz_nm.end());
    v.mass.insert(v.mass.end(), b.mass_da.begin(), b.mass_da.end());
    return hs::Status{};
  });
  REQUIRE(s.ok());
  return v;
}

// Rows of the stored arrays inside `inside`, by brute force (every row, no pruning).
template <typename Inside>
std::vector<std::uint64_t> brute_rows(const std::vector<float>& xyz, Inside inside) {
  std::vector<std::uint64_t> rows;
  for (std::size_t i = 0; i < xyz.size() / 3; ++i) {
    const double x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
    if (inside(x, y, z)) rows.push_back(i);
  }
  return rows;
}

}  // namespace

TEST_CASE("apt ion source: cylinder and box ROIs select exactly the ions a brute-force scan finds",
          "[apt][apt-ions]") {
  hs::MemoryStore store;
  write_store(random_ions(20000, 11), test_ranges(), store, 200, 4096);
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  REQUIRE(source->attributes().ion_count == 20000);
  REQUIRE(source->nodes().size() > 20);
  const std::vector<float> xyz = read_floats(store, "position");
  const std::vector<float> mass = read_floats(store, "mass");

  // Oblique cylinder: axis (1, 1, 0.5) normalised by hand (norm 1.5), centre (20, 20, 20).
  auto cylinder = hs::make_cylinder({20, 20, 20}, {1, 1, 0.5}, 6, 30);
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  const auto expected = brute_rows(xyz, [](double x, double y, double z) {
    const double dx = x - 20, dy = y - 20, dz = z - 20;
    const double along = (dx + dy + 0.5 * dz) / 1.5;
    return std::abs(along) <= 15 && dx * dx + dy * dy + dz * dz - along * along <= 36;
  });
  const Visited got = visit_all(*source, &roi);
  REQUIRE(expected.size() > 1000);
  CHECK(got.rows == expected);  // same rows, in row order
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    const std::size_t r = static_cast<std::size_t>(got.rows[i]);
    REQUIRE(got.mass[i] == mass[r]);
    REQUIRE(got.xyz[3 * i + 2] == xyz[3 * r + 2]);
  }
  CHECK(source->candidate_rows(&roi) < 20000);  // nodes were skipped

  auto box = hs::make_box_roi({5, 10, 0}, {15, 40, 12.5}, 0);
  REQUIRE(box.ok());
  const auto in_box = brute_rows(xyz, [](double x, double y, double z) {
    return x >= 5 && x <= 15 && y >= 10 && y <= 40 && z >= 0 && z <= 12.5;
  });
  CHECK(visit_all(*source, &*box).rows == in_box);
  CHECK(source->candidate_rows(&*box) < 20000);

  // No ROI: every row once.
  const Visited all = visit_all(*source, nullptr);
  REQUIRE(all.rows.size() == 20000);
  for (std::size_t i = 0; i < all.rows.size(); ++i) REQUIRE(all.rows[i] == i);
}

TEST_CASE("apt ion source: an ROI outside the data visits no ion and reads no node", "[apt][apt-ions]") {
  hs::MemoryStore store;
  write_store(random_ions(3000, 5), test_ranges(), store);
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  auto far = hs::make_box_roi({100, 100, 100}, {110, 110, 110}, 2);
  REQUIRE(far.ok());
  CHECK(source->candidate_rows(&*far) == 0);
  CHECK(visit_all(*source, &*far).rows.empty());
}

TEST_CASE("apt ion source: visitor errors and cancellation stop the visit", "[apt][apt-ions]") {
  hs::MemoryStore store;
  write_store(random_ions(5000, 6), test_ranges(), store, 300, 1024);
  auto source = hs::IonSource::open(store);
  REQUIRE(source.ok());
  int calls = 0;
  const hs::Status stopped = source->for_each_block(nullptr, [&](const hs::IonBlock&) {
    ++calls;
    return hs::Status(hs::make_error(hs::ErrorCode::invalid_argument, "stop here"));
  });
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().message == "stop here");
  CHECK(calls == 1);

  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  const hs::Status cancelled = source->for_each_block(
      nullptr, [](const hs::IonBlock&) { return hs::Status{}; }, &control);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);

  std::vector<double> fractions;
  control.cancel = nullptr;
  control.progress = [&](double f) { fractions.push_back(f); };
  REQUIRE(source
              ->for_each_block(
                  nullptr, [](const hs::IonBlock&) { return hs::Status{}; }, &control)
              .ok());
  REQUIRE(fractions.size() >= 2);
  CHECK(fractions.back() == 1.0);
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));
}

TEST_CASE("apt ion source: missing, foreign and damaged stores are errors naming the store",
          "[apt][apt-ions]") {
  SECTION("empty store") {
    hs::MemoryStore empty("nowhere");
    auto source = hs::IonSource::open(empty);
    REQUIRE_FALSE(source.ok());
    CHECK(source.error().message.find("nowhere") != std::string::npos);
  }
  hs::MemoryStore store("run");
  write_store(random_ions(3000, 7), test_ranges(), store, 300, 1024);
  const auto replace = [&](const std::string& key, const std::string& from, const std::string& to) {
    auto bytes = store.get(key);
    REQUIRE(bytes.ok());
    REQUIRE(bytes->has_value());
    std::string text((*bytes)->begin(), (*bytes)->end());
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    REQUIRE(
        store.set(key, hs::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())).ok());
  };
  SECTION("not a point store") {
    replace("zarr.json", "\"points\"", "\"pixels\"");
    auto source = hs::IonSource::open(store);
    REQUIRE_FALSE(source.ok());
    CHECK(source.error().message.find("run") == 0);
  }
  SECTION("position array of the wrong length") {
    replace("position/zarr.json", "3000", "2999");
    auto source = hs::IonSource::open(store);
    REQUIRE_FALSE(source.ok());
    CHECK(source.error().message.find("position") != std::string::npos);
  }
  SECTION("mass array of another type") {
    replace("mass/zarr.json", "\"float32\"", "\"float64\"");
    CHECK_FALSE(hs::IonSource::open(store).ok());
  }
  SECTION("ion count larger than the node table's rows") {
    replace("zarr.json", "3000", "3001");  // ion_count, the first number of the attributes
    CHECK_FALSE(hs::IonSource::open(store).ok());
  }
  SECTION("truncated position shard") {
    auto source = hs::IonSource::open(store);
    REQUIRE(source.ok());
    auto shard = store.get("position/c/0/0");
    REQUIRE(shard.ok());
    REQUIRE(shard->has_value());
    hs::Bytes cut((*shard)->begin(), (*shard)->begin() + static_cast<std::ptrdiff_t>((*shard)->size() / 2));
    REQUIRE(store.set("position/c/0/0", cut).ok());
    const hs::Status s = source->for_each_block(nullptr, [](const hs::IonBlock&) { return hs::Status{}; });
    CHECK_FALSE(s.ok());
  }
}

TEST_CASE("apt ion source: a point store below a prefix path opens from there", "[apt][apt-ions]") {
  hs::MemoryStore inner;
  write_store(random_ions(2000, 8), test_ranges(), inner);
  // Copy every key under "runs/a/".
  hs::MemoryStore outer("outer");
  for (const char* key :
       {"zarr.json", "position/zarr.json", "mass/zarr.json", "nodes/zarr.json", "spectrum/zarr.json",
        "position/c/0/0", "mass/c/0", "nodes/c/0/0", "spectrum/c/0"}) {
    auto bytes = inner.get(key);
    REQUIRE(bytes.ok());
    if (!bytes->has_value()) continue;
    REQUIRE(outer.set(std::string("runs/a/") + key, **bytes).ok());
  }
  auto source = hs::IonSource::open(outer, "runs/a");
  REQUIRE(source.ok());
  CHECK(visit_all(*source, nullptr).rows.size() == 2000);
  CHECK_FALSE(hs::IonSource::open(outer, "runs/b").ok());
}

TEST_CASE("apt ion source: randomly damaged metadata, node tables and shards never crash a visit",
          "[apt][apt-ions]") {
  hs::MemoryStore pristine;
  write_store(random_ions(2000, 9), test_ranges(), pristine, 100, 512);
  const char* keys[] = {"zarr.json",      "nodes/zarr.json", "nodes/c/0/0", "position/zarr.json",
                        "position/c/0/0", "mass/zarr.json",  "mass/c/0"};
  hs::test::AptLcg lcg(1234);
  int opened = 0;
  for (int round = 0; round < 300; ++round) {
    hs::MemoryStore store;
    for (const char* key : keys) {
      auto bytes = pristine.get(key);
      REQUIRE(bytes.ok());
      REQUIRE(bytes->has_value());
      REQUIRE(store.set(key, **bytes).ok());
    }
    // Damage one value: overwrite a few bytes, or cut it short.
    const char* key = keys[lcg.below(7)];
    hs::Bytes value = **store.get(key);
    if (lcg.below(4) == 0) {
      value.resize(lcg.below(static_cast<std::uint32_t>(value.size())));
    } else {
      for (std::uint32_t e = 1 + lcg.below(4); e > 0; --e) {
        value[lcg.below(static_cast<std::uint32_t>(value.size()))] =
            static_cast<std::uint8_t>(lcg.below(256));
      }
    }
    REQUIRE(store.set(key, value).ok());
    auto source = hs::IonSource::open(store);
    if (!source.ok()) {
      CHECK_FALSE(source.error().message.empty());
      continue;
    }
    ++opened;
    auto box = hs::make_box_roi({5, 5, 5}, {25, 25, 25}, 1);
    REQUIRE(box.ok());
    std::uint64_t seen = 0;
    const hs::Status s = source->for_each_block(&*box, [&](const hs::IonBlock& b) {
      seen += b.size();
      return hs::Status{};
    });
    if (s.ok()) CHECK(seen <= source->attributes().ion_count);
  }
  CHECK(opened > 0);  // some damage (e.g. to shard bytes) only shows while reading
}
