// POS and EPOS record encoding (big-endian).
#include "io/pos_writer.h"

#include <cassert>
#include <cstdint>

#include "io/epos.h"
#include "io/pos.h"

namespace hs {
namespace {

void store_be32(std::uint8_t* p, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}
void store_f32_be(std::uint8_t* p, float value) { store_be32(p, bit_cast<std::uint32_t>(value)); }

std::uint8_t* grow(Bytes& out, std::size_t bytes) {
  const std::size_t at = out.size();
  out.resize(at + bytes);
  return out.data() + at;
}

void put_pos_record(const IonBatch& ions, std::size_t i, std::uint8_t* p) {
  store_f32_be(p, ions.x_nm[i]);
  store_f32_be(p + 4, ions.y_nm[i]);
  store_f32_be(p + 8, ions.z_nm[i]);
  store_f32_be(p + 12, ions.mass_da[i]);
}

}  // namespace

void append_pos_records(const IonBatch& ions, Bytes& out) {
  std::uint8_t* p = grow(out, ions.size() * kPosRecordBytes);
  for (std::size_t i = 0; i < ions.size(); ++i, p += kPosRecordBytes) put_pos_record(ions, i, p);
}

void append_epos_records(const IonBatch& ions, Bytes& out) {
  const std::size_t n = ions.size();
  assert(ions.tof_ns.size() == n && ions.vdc_v.size() == n && ions.vpulse_v.size() == n &&
         ions.det_x_mm.size() == n && ions.det_y_mm.size() == n && ions.delta_pulse.size() == n &&
         ions.multiplicity.size() == n);
  std::uint8_t* p = grow(out, n * kEposRecordBytes);
  for (std::size_t i = 0; i < n; ++i, p += kEposRecordBytes) {
    put_pos_record(ions, i, p);
    store_f32_be(p + 16, ions.tof_ns[i]);
    store_f32_be(p + 20, ions.vdc_v[i]);
    store_f32_be(p + 24, ions.vpulse_v[i]);
    store_f32_be(p + 28, ions.det_x_mm[i]);
    store_f32_be(p + 32, ions.det_y_mm[i]);
    store_be32(p + 36, static_cast<std::uint32_t>(ions.delta_pulse[i]));
    store_be32(p + 40, static_cast<std::uint32_t>(ions.multiplicity[i]));
  }
}

}  // namespace hs
