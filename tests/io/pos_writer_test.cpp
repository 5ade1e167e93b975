// POS/EPOS writer: records compared with bytes built by hand from the format (big-endian), and a
// round trip through the POS and EPOS readers.
#include <catch2/catch.hpp>

#include "byte_writer.h"
#include "io/epos.h"
#include "io/pos.h"
#include "io/pos_writer.h"

namespace {

hs::IonBatch two_ions() {
  hs::IonBatch batch;
  hs::IonFieldSet all;
  all.tof_ns = all.vdc_v = all.vpulse_v = all.det_x_mm = all.det_y_mm = all.delta_pulse = all.multiplicity = true;
  batch.resize(2, all);
  batch.x_nm = {1.5f, -2.25f};
  batch.y_nm = {0.0f, 3.0f};
  batch.z_nm = {10.0f, 250.5f};
  batch.mass_da = {57.935f, 15.995f};
  batch.tof_ns = {812.5f, 401.0f};
  batch.vdc_v = {3000.0f, 7400.25f};
  batch.vpulse_v = {0.0f, 0.0f};
  batch.det_x_mm = {-12.5f, 39.0f};
  batch.det_y_mm = {4.0f, -0.5f};
  batch.delta_pulse = {1, 2147483647};
  batch.multiplicity = {1, -1};
  return batch;
}

}  // namespace

TEST_CASE("pos writer: POS records are big-endian x, y, z, m", "[pos-writer]") {
  const hs::IonBatch ions = two_ions();
  hs::test::ByteWriter expected(/*big_endian=*/true);
  for (std::size_t i = 0; i < 2; ++i) expected.f32(ions.x_nm[i]), expected.f32(ions.y_nm[i]), expected.f32(ions.z_nm[i]), expected.f32(ions.mass_da[i]);
  hs::Bytes out = {0xAA};  // appends after what is there
  hs::append_pos_records(ions, out);
  REQUIRE(out.size() == 1 + 32);
  CHECK(out[0] == 0xAA);
  CHECK(hs::Bytes(out.begin() + 1, out.end()) == expected.bytes());
  // 1.5f = 0x3FC00000, stored most significant byte first.
  CHECK(out[1] == 0x3F);
  CHECK(out[2] == 0xC0);
}

TEST_CASE("pos writer: EPOS records carry the detector fields and int32 counters", "[pos-writer]") {
  const hs::IonBatch ions = two_ions();
  hs::test::ByteWriter expected(/*big_endian=*/true);
  for (std::size_t i = 0; i < 2; ++i) {
    expected.f32(ions.x_nm[i]), expected.f32(ions.y_nm[i]), expected.f32(ions.z_nm[i]), expected.f32(ions.mass_da[i]);
    expected.f32(ions.tof_ns[i]), expected.f32(ions.vdc_v[i]), expected.f32(ions.vpulse_v[i]);
    expected.f32(ions.det_x_mm[i]), expected.f32(ions.det_y_mm[i]);
    expected.i32(ions.delta_pulse[i]), expected.i32(ions.multiplicity[i]);
  }
  hs::Bytes out;
  hs::append_epos_records(ions, out);
  CHECK(out == expected.bytes());
  CHECK(out.size() == 2 * hs::kEposRecordBytes);
}

TEST_CASE("pos writer: written files read back through the POS and EPOS readers", "[pos-writer]") {
  const hs::IonBatch ions = two_ions();
  hs::Bytes pos, epos;
  hs::append_pos_records(ions, pos);
  hs::append_epos_records(ions, epos);
  auto pos_reader = hs::open_pos(hs::memory_source(pos, "w.pos"));
  auto epos_reader = hs::open_epos(hs::memory_source(epos, "w.epos"));
  REQUIRE(pos_reader.ok());
  REQUIRE(epos_reader.ok());
  hs::IonBatch from_pos, from_epos;
  REQUIRE((*pos_reader)->read(0, 2, from_pos).ok());
  REQUIRE((*epos_reader)->read(0, 2, from_epos).ok());
  CHECK(from_pos.x_nm == ions.x_nm);
  CHECK(from_pos.mass_da == ions.mass_da);
  CHECK(from_epos.z_nm == ions.z_nm);
  CHECK(from_epos.vdc_v == ions.vdc_v);
  CHECK(from_epos.det_y_mm == ions.det_y_mm);
  CHECK(from_epos.delta_pulse == ions.delta_pulse);
  CHECK(from_epos.multiplicity == ions.multiplicity);
  hs::Bytes empty;
  hs::append_pos_records(hs::IonBatch{}, empty);
  CHECK(empty.empty());
}
