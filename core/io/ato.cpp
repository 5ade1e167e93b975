// ATO v3 reader: little-endian float32 records of 14 fields after an 8-byte header.
#include "io/ato.h"

#include <array>

namespace hs {
namespace {

constexpr std::uint32_t kSupportedVersion = 3;

void decode_ato_record(const std::uint8_t* record, IonBatch& out, std::size_t index) {
  const auto field = [record](std::size_t i) { return load_f32_le(record + 4 * i); };
  out.x_nm[index] = field(0) / 10.0f;
  out.y_nm[index] = field(1) / 10.0f;
  out.z_nm[index] = field(2) / 10.0f;
  out.mass_da[index] = field(3);
  out.vdc_v[index] = field(6) * 1000.0f;
  out.tof_ns[index] = field(7);
  out.det_x_mm[index] = field(8) * 10.0f;
  out.det_y_mm[index] = field(9) * 10.0f;
  out.vpulse_v[index] = field(10) * 1000.0f;
}

}  // namespace

Result<std::unique_ptr<PointReader>> open_ato(std::unique_ptr<ByteSource> source) {
  if (source->size() < kAtoHeaderBytes) {
    return make_error(ErrorCode::parse, source->name() + ": truncated: " + std::to_string(source->size()) +
                                            " bytes is shorter than the 8-byte ATO header");
  }
  std::array<std::uint8_t, kAtoHeaderBytes> header{};
  if (Status status = source->read(0, header); !status) return status.error();
  const auto version = load_le<std::uint32_t>(header.data() + 4);
  if (version == 4 || version == 5) {
    return make_error(ErrorCode::unsupported, source->name() + ": ATO version " + std::to_string(version) +
                                                  " is not supported (only version 3)");
  }
  if (version != kSupportedVersion) {
    return make_error(ErrorCode::parse, source->name() + ": not an ATO file (version field is " +
                                            std::to_string(version) + ", expected 3)");
  }
  Result<std::uint64_t> ion_count = count_fixed_records(*source, kAtoHeaderBytes, kAtoRecordBytes);
  if (!ion_count) return ion_count.error();

  PointFileInfo info;
  info.ion_count = *ion_count;
  info.fields.tof_ns = info.fields.vdc_v = info.fields.vpulse_v = true;
  info.fields.det_x_mm = info.fields.det_y_mm = true;
  info.source = source->name();
  info.format = "ato";
  info.notes = {
      "ATO v3: positions converted from Å to nm, voltages from kV to V, detector positions from cm to mm",
      "ATO v3: cluster id, pulse number, virtual voltage and Fourier fields are not read"};
  return make_fixed_record_reader(std::move(source), std::move(info), kAtoHeaderBytes, kAtoRecordBytes,
                                  decode_ato_record);
}

}  // namespace hs
