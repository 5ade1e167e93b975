// POS reader against literal big-endian bytes, hand-encoded files, truncation and failing sources.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "apt_test_support.h"
#include "io/pos.h"

namespace {

using hs::test::ByteWriter;

// Values that are exact in float32 and differ per ion and per field.
float value_of(std::size_t ion, int field) {
  return static_cast<float>(ion) * 0.5f + static_cast<float>(field) * 1000.0f - 250.0f;
}

hs::Bytes pos_file(std::size_t ions) {
  ByteWriter w(/*big_endian=*/true);
  for (std::size_t i = 0; i < ions; ++i) {
    for (int f = 0; f < 4; ++f) w.f32(value_of(i, f));
  }
  return w.take();
}

}  // namespace

TEST_CASE("pos: literal big-endian bytes decode to exact values", "[pos][apt_io]") {
  // 1.0, -2.5, 100.0, 58.0 as IEEE 754 binary32, most significant byte first.
  const hs::Bytes bytes{0x3F, 0x80, 0x00, 0x00, 0xC0, 0x20, 0x00, 0x00,
                        0x42, 0xC8, 0x00, 0x00, 0x42, 0x68, 0x00, 0x00};
  auto reader = hs::open_pos(hs::memory_source(bytes, "one.pos"));
  REQUIRE(reader.ok());
  const hs::PointFileInfo& info = (*reader)->info();
  CHECK(info.ion_count == 1);
  CHECK(info.format == "pos");
  CHECK(info.source == "one.pos");
  CHECK_FALSE(info.has_epos_fields);
  hs::IonBatch batch;
  REQUIRE((*reader)->read(0, 1, batch).ok());
  CHECK(batch.x_nm == std::vector<float>{1.0f});
  CHECK(batch.y_nm == std::vector<float>{-2.5f});
  CHECK(batch.z_nm == std::vector<float>{100.0f});
  CHECK(batch.mass_da == std::vector<float>{58.0f});
  CHECK(batch.tof_ns.empty());
  CHECK(batch.multiplicity.empty());
}

TEST_CASE("pos: batches at arbitrary offsets return the encoded values", "[pos][apt_io]") {
  // 70000 ions = 1.07 MiB: batches cross the reader's 1 MiB chunk boundary (65536 records).
  const std::size_t ions = 70000;
  auto reader = hs::open_pos(hs::memory_source(pos_file(ions), "run.pos"));
  REQUIRE(reader.ok());
  REQUIRE((*reader)->info().ion_count == ions);
  const std::pair<std::uint64_t, std::uint64_t> batches[] = {{0, 1},    {17, 100}, {65530, 20}, {ions - 1, 1},
                                                             {0, ions}, {ions, 0}, {12345, 0}};
  hs::IonBatch batch;
  for (const auto& [first, count] : batches) {
    INFO("first " << first << " count " << count);
    REQUIRE((*reader)->read(first, count, batch).ok());
    REQUIRE(batch.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t ion = static_cast<std::size_t>(first) + i;
      REQUIRE(batch.x_nm[i] == value_of(ion, 0));
      REQUIRE(batch.y_nm[i] == value_of(ion, 1));
      REQUIRE(batch.z_nm[i] == value_of(ion, 2));
      REQUIRE(batch.mass_da[i] == value_of(ion, 3));
    }
  }
}

TEST_CASE("pos: a size that is not a multiple of 16 names the file and the remainder", "[pos][apt_io]") {
  hs::Bytes bytes = pos_file(5);
  bytes.resize(bytes.size() + 3);
  auto reader = hs::open_pos(hs::memory_source(bytes, "run.pos"));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().code == hs::ErrorCode::parse);
  CHECK(reader.error().message ==
        "run.pos: truncated: 83 bytes is not a multiple of 16-byte records (3 bytes left over)");

  for (std::size_t cut = 1; cut < 16; ++cut) {
    hs::Bytes one = pos_file(1);
    one.resize(16 - cut);
    CHECK_FALSE(hs::open_pos(hs::memory_source(one, "cut.pos")).ok());
  }
}

TEST_CASE("pos: an empty file holds no ions", "[pos][apt_io]") {
  auto reader = hs::open_pos(hs::memory_source({}, "empty.pos"));
  REQUIRE(reader.ok());
  CHECK((*reader)->info().ion_count == 0);
  hs::IonBatch batch;
  CHECK((*reader)->read(0, 0, batch).ok());
  CHECK((*reader)->read(0, 1, batch).error().code == hs::ErrorCode::invalid_argument);
}

TEST_CASE("pos: requests past the ion count or above the batch limit are errors", "[pos][apt_io]") {
  auto reader = hs::open_pos(hs::memory_source(pos_file(5), "run.pos"));
  REQUIRE(reader.ok());
  hs::IonBatch batch;
  for (const auto& [first, count] : {std::pair<std::uint64_t, std::uint64_t>{5, 1},
                                     {4, 2},
                                     {6, 0},
                                     {0, 6},
                                     {std::numeric_limits<std::uint64_t>::max(), 2},
                                     {2, std::numeric_limits<std::uint64_t>::max()}}) {
    const hs::Status status = (*reader)->read(first, count, batch);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == hs::ErrorCode::invalid_argument);
    CHECK(hs::test::starts_with(status.error().message, "run.pos: "));
  }

  // A file with one ion more than a batch may hold: checked before anything is allocated or read.
  auto fake = std::make_unique<hs::test::FakeSource>("huge.pos", (hs::kMaxBatchIons + 1) * 16, 0);
  hs::test::FakeSource* fake_view = fake.get();
  auto huge = hs::open_pos(std::move(fake));
  REQUIRE(huge.ok());
  const hs::Status too_big = (*huge)->read(0, hs::kMaxBatchIons + 1, batch);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == hs::ErrorCode::limit);
  CHECK(fake_view->reads == 0);
}

TEST_CASE("pos: a source that fails part-way reports its error", "[pos][apt_io]") {
  // 100 ions declared by the size, only the first 40 readable.
  auto reader = hs::open_pos(std::make_unique<hs::test::FakeSource>("gone.pos", 1600, 640));
  REQUIRE(reader.ok());
  hs::IonBatch batch;
  CHECK((*reader)->read(0, 40, batch).ok());
  const hs::Status status = (*reader)->read(30, 20, batch);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == hs::ErrorCode::io);
  CHECK(hs::test::starts_with(status.error().message, "gone.pos: "));
}
