// EPOS reader against literal big-endian bytes, hand-encoded files and truncation.
#include <catch2/catch.hpp>

#include <cstdint>

#include "apt_test_support.h"
#include "io/epos.h"

namespace {

using hs::test::ByteWriter;

float field_value(std::size_t ion, int field) {
  return static_cast<float>(ion) * 0.25f + static_cast<float>(field) * 100.0f;
}
// -1 .. 5: negative values check the sign.
std::int32_t delta_pulse_of(std::size_t ion) {
  return static_cast<std::int32_t>(ion % 7) - 1;
}
std::int32_t multiplicity_of(std::size_t ion) {
  return static_cast<std::int32_t>(ion % 3);
}

hs::Bytes epos_file(std::size_t ions) {
  ByteWriter w(/*big_endian=*/true);
  for (std::size_t i = 0; i < ions; ++i) {
    for (int f = 0; f < 9; ++f) w.f32(field_value(i, f));
    w.i32(delta_pulse_of(i));
    w.i32(multiplicity_of(i));
  }
  return w.take();
}

}  // namespace

TEST_CASE("epos: literal big-endian bytes decode to exact values", "[epos][apt_io]") {
  const hs::Bytes bytes{
      0x3F, 0x80, 0x00, 0x00,  // x 1.0 nm
      0xC0, 0x20, 0x00, 0x00,  // y -2.5 nm
      0x42, 0xC8, 0x00, 0x00,  // z 100.0 nm
      0x42, 0x68, 0x00, 0x00,  // m 58.0 Da
      0x43, 0xFA, 0x00, 0x00,  // tof 500.0 ns
      0x45, 0xBB, 0x80, 0x00,  // vdc 6000.0 V
      0x00, 0x00, 0x00, 0x00,  // vpulse 0 V
      0xC1, 0x20, 0x00, 0x00,  // det x -10.0 mm
      0x40, 0x40, 0x00, 0x00,  // det y 3.0 mm
      0x00, 0x00, 0x01, 0x02,  // delta pulse 258
      0xFF, 0xFF, 0xFF, 0xFE,  // multiplicity -2 (two's complement)
  };
  auto reader = hs::open_epos(hs::memory_source(bytes, "one.epos"));
  REQUIRE(reader.ok());
  const hs::PointFileInfo& info = (*reader)->info();
  CHECK(info.ion_count == 1);
  CHECK(info.has_epos_fields);
  CHECK(info.fields.all());
  hs::IonBatch b;
  REQUIRE((*reader)->read(0, 1, b).ok());
  CHECK(b.x_nm[0] == 1.0f);
  CHECK(b.y_nm[0] == -2.5f);
  CHECK(b.z_nm[0] == 100.0f);
  CHECK(b.mass_da[0] == 58.0f);
  CHECK(b.tof_ns[0] == 500.0f);
  CHECK(b.vdc_v[0] == 6000.0f);
  CHECK(b.vpulse_v[0] == 0.0f);
  CHECK(b.det_x_mm[0] == -10.0f);
  CHECK(b.det_y_mm[0] == 3.0f);
  CHECK(b.delta_pulse[0] == 258);
  CHECK(b.multiplicity[0] == -2);
}

TEST_CASE("epos: batches at arbitrary offsets return every field", "[epos][apt_io]") {
  // 1 MiB chunks hold 23831 records of 44 bytes; 30000 ions span two chunks.
  const std::size_t ions = 30000;
  auto reader = hs::open_epos(hs::memory_source(epos_file(ions), "run.epos"));
  REQUIRE(reader.ok());
  REQUIRE((*reader)->info().ion_count == ions);
  hs::IonBatch b;
  for (const auto& [first, count] :
       {std::pair<std::uint64_t, std::uint64_t>{0, 3}, {23000, 2000}, {ions - 2, 2}, {0, ions}}) {
    INFO("first " << first << " count " << count);
    REQUIRE((*reader)->read(first, count, b).ok());
    REQUIRE(b.size() == count);
    REQUIRE(b.delta_pulse.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t ion = static_cast<std::size_t>(first) + i;
      const std::vector<float>* floats[] = {&b.x_nm,  &b.y_nm,     &b.z_nm,     &b.mass_da, &b.tof_ns,
                                            &b.vdc_v, &b.vpulse_v, &b.det_x_mm, &b.det_y_mm};
      for (int f = 0; f < 9; ++f) REQUIRE((*floats[f])[i] == field_value(ion, f));
      REQUIRE(b.delta_pulse[i] == delta_pulse_of(ion));
      REQUIRE(b.multiplicity[i] == multiplicity_of(ion));
    }
  }
}

TEST_CASE("epos: a size that is not a multiple of 44 is an error naming the file", "[epos][apt_io]") {
  hs::Bytes bytes = epos_file(2);
  bytes.resize(84);
  auto reader = hs::open_epos(hs::memory_source(bytes, "short.epos"));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().message ==
        "short.epos: truncated: 84 bytes is not a multiple of 44-byte records (40 bytes left over)");
  // A POS file of 11 ions (176 bytes) is 4 EPOS records exactly: sizes alone cannot tell them apart,
  // which is why the registry goes by extension for these two formats.
  CHECK(hs::open_epos(hs::memory_source(hs::Bytes(176), "pos_in_disguise.epos")).ok());
}
