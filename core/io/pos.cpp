// POS reader: header-less big-endian float32 records x, y, z, m.
#include "io/pos.h"

namespace hs {

void decode_pos_record(const std::uint8_t* record, IonBatch& out, std::size_t index) {
  out.x_nm[index] = load_f32_be(record);
  out.y_nm[index] = load_f32_be(record + 4);
  out.z_nm[index] = load_f32_be(record + 8);
  out.mass_da[index] = load_f32_be(record + 12);
}

Result<std::unique_ptr<PointReader>> open_pos(std::unique_ptr<ByteSource> source) {
  Result<std::uint64_t> ion_count = count_fixed_records(*source, 0, kPosRecordBytes);
  if (!ion_count) return ion_count.error();
  PointFileInfo info;
  info.ion_count = *ion_count;
  info.source = source->name();
  info.format = "pos";
  return make_fixed_record_reader(std::move(source), std::move(info), 0, kPosRecordBytes, decode_pos_record);
}

}  // namespace hs
