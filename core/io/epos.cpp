// EPOS reader: header-less big-endian records of nine float32 and two int32 fields.
#include "io/epos.h"

#include "io/pos.h"

namespace hs {
namespace {

void decode_epos_record(const std::uint8_t* record, IonBatch& out, std::size_t index) {
  decode_pos_record(record, out, index);
  out.tof_ns[index] = load_f32_be(record + 16);
  out.vdc_v[index] = load_f32_be(record + 20);
  out.vpulse_v[index] = load_f32_be(record + 24);
  out.det_x_mm[index] = load_f32_be(record + 28);
  out.det_y_mm[index] = load_f32_be(record + 32);
  out.delta_pulse[index] = static_cast<std::int32_t>(load_be<std::uint32_t>(record + 36));
  out.multiplicity[index] = static_cast<std::int32_t>(load_be<std::uint32_t>(record + 40));
}

}  // namespace

Result<std::unique_ptr<PointReader>> open_epos(std::unique_ptr<ByteSource> source) {
  Result<std::uint64_t> ion_count = count_fixed_records(*source, 0, kEposRecordBytes);
  if (!ion_count) return ion_count.error();
  PointFileInfo info;
  info.ion_count = *ion_count;
  info.fields = IonFieldSet{true, true, true, true, true, true, true};
  info.has_epos_fields = true;
  info.source = source->name();
  info.format = "epos";
  return make_fixed_record_reader(std::move(source), std::move(info), 0, kEposRecordBytes,
                                  decode_epos_record);
}

}  // namespace hs
