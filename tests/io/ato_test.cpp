// ATO v3 reader: hand-encoded little-endian records, unit conversions, versions and truncation.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include "apt_test_support.h"
#include "io/ato.h"

namespace {

using hs::test::ByteWriter;

// One ATO v3 record in file units: x, y, z (Å), m (Da), cluster, pulse number, Vdc (kV), tof (ns),
// det x, det y (cm), Vpulse (kV), virtual voltage, Fourier R, Fourier I.
using AtoRecord = std::array<float, 14>;

AtoRecord record_of(std::size_t ion) {
  const float k = static_cast<float>(ion);
  return {12.5f + k,
          -40.0f - k,
          1000.0f + 2 * k,
          58.0f + 0.5f * k,
          7.0f,
          1000.0f + k,
          5.5f,
          400.0f + k,
          2.5f,
          -1.25f,
          0.75f,
          9.0f,
          0.125f,
          -0.125f};
}

hs::Bytes ato_file(std::size_t ions, std::uint32_t version = 3) {
  ByteWriter w;  // little-endian
  w.u32(0);
  w.u32(version);
  for (std::size_t i = 0; i < ions; ++i) {
    for (float v : record_of(i)) w.f32(v);
  }
  return w.take();
}

}  // namespace

TEST_CASE("ato: literal little-endian bytes of a v3 file", "[ato][apt_io]") {
  hs::Bytes bytes{0, 0, 0, 0, 3, 0, 0, 0};                  // header: 0, version 3
  const hs::Bytes x_12_5_angstrom{0x00, 0x00, 0x48, 0x41};  // 12.5f = 0x41480000
  bytes.insert(bytes.end(), x_12_5_angstrom.begin(), x_12_5_angstrom.end());
  bytes.resize(8 + 56, 0);
  bytes[8 + 12 + 2] = 0x68;  // mass 58.0f = 0x42680000
  bytes[8 + 12 + 3] = 0x42;
  auto reader = hs::open_ato(hs::memory_source(bytes, "one.ato"));
  REQUIRE(reader.ok());
  hs::IonBatch b;
  REQUIRE((*reader)->read(0, 1, b).ok());
  CHECK(b.x_nm[0] == 1.25f);
  CHECK(b.y_nm[0] == 0.0f);
  CHECK(b.mass_da[0] == 58.0f);
}

TEST_CASE("ato: fields come back in nm, V and mm at any offset", "[ato][apt_io]") {
  const std::size_t ions = 20;
  auto reader = hs::open_ato(hs::memory_source(ato_file(ions), "run.ato"));
  REQUIRE(reader.ok());
  const hs::PointFileInfo& info = (*reader)->info();
  CHECK(info.ion_count == ions);
  CHECK(info.format == "ato");
  CHECK(info.fields.tof_ns);
  CHECK(info.fields.vdc_v);
  CHECK(info.fields.vpulse_v);
  CHECK(info.fields.det_x_mm);
  CHECK_FALSE(info.fields.delta_pulse);
  CHECK_FALSE(info.has_epos_fields);
  CHECK_FALSE(info.notes.empty());
  hs::IonBatch b;
  REQUIRE((*reader)->read(7, 9, b).ok());
  REQUIRE(b.size() == 9);
  CHECK(b.delta_pulse.empty());
  CHECK(b.multiplicity.empty());
  for (std::size_t i = 0; i < 9; ++i) {
    const float k = static_cast<float>(7 + i);
    // Expected values worked by hand from record_of: Å / 10, kV * 1000, cm * 10.
    CHECK(b.x_nm[i] == Approx((12.5 + k) / 10.0).epsilon(1e-7));
    CHECK(b.y_nm[i] == Approx((-40.0 - k) / 10.0).epsilon(1e-7));
    CHECK(b.z_nm[i] == Approx((1000.0 + 2 * k) / 10.0).epsilon(1e-7));
    CHECK(b.mass_da[i] == 58.0f + 0.5f * k);
    CHECK(b.vdc_v[i] == 5500.0f);
    CHECK(b.tof_ns[i] == 400.0f + k);
    CHECK(b.det_x_mm[i] == 25.0f);
    CHECK(b.det_y_mm[i] == -12.5f);
    CHECK(b.vpulse_v[i] == 750.0f);
  }
}

TEST_CASE("ato: truncated files and other versions are errors", "[ato][apt_io]") {
  hs::Bytes bytes = ato_file(2);
  bytes.resize(bytes.size() + 5);
  auto cut = hs::open_ato(hs::memory_source(bytes, "cut.ato"));
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message ==
        "cut.ato: truncated: 117 bytes after the 8-byte header is not a multiple of 56-byte records (5 bytes "
        "left over)");

  auto tiny = hs::open_ato(hs::memory_source(hs::Bytes{0, 0, 0, 0, 3}, "tiny.ato"));
  REQUIRE_FALSE(tiny.ok());
  CHECK(hs::test::starts_with(tiny.error().message, "tiny.ato: truncated: 5 bytes"));

  auto v5 = hs::open_ato(hs::memory_source(ato_file(0, 5), "new.ato"));
  REQUIRE_FALSE(v5.ok());
  CHECK(v5.error().code == hs::ErrorCode::unsupported);
  CHECK(hs::test::contains(v5.error().message, "version 5"));

  auto other = hs::open_ato(hs::memory_source(ato_file(1, 0x03000000), "be.ato"));
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == hs::ErrorCode::parse);
  CHECK(hs::test::starts_with(other.error().message, "be.ato: not an ATO file"));

  auto empty = hs::open_ato(hs::memory_source(ato_file(0), "empty.ato"));
  REQUIRE(empty.ok());
  CHECK((*empty)->info().ion_count == 0);
}
