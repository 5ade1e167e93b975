// Point file registry, batch range checks and the chunked record reading the formats share.
#include "io/point_reader.h"

#include <algorithm>
#include <array>

#include "io/ascii_case.h"
#include "io/ato.h"
#include "io/cameca_apt.h"
#include "io/epos.h"
#include "io/pos.h"

namespace hs {
namespace {

constexpr std::size_t kScratchBytes = std::size_t{1} << 20;

// One line per format. Magic checks run first, over all formats; then the extension decides.
struct PointFormat {
  std::string_view extension;  // lower case, with the dot
  bool (*has_magic)(ByteView head);
  Result<std::unique_ptr<PointReader>> (*open)(std::unique_ptr<ByteSource> source);
};

constexpr std::array<PointFormat, 4> kFormats{{
    {".apt", has_cameca_apt_magic, open_cameca_apt},
    {".pos", nullptr, open_pos},
    {".epos", nullptr, open_epos},
    {".ato", nullptr, open_ato},
}};

const PointFormat* format_for_name(std::string_view file_name) {
  for (const PointFormat& format : kFormats) {
    if (ends_with_ignoring_case(file_name, format.extension)) return &format;
  }
  return nullptr;
}

class FixedRecordReader final : public PointReader {
 public:
  FixedRecordReader(std::unique_ptr<ByteSource> source, PointFileInfo info, std::uint64_t data_offset,
                    std::size_t record_bytes, RecordDecodeFn decode)
      : PointReader(std::move(info)),
        source_(std::move(source)),
        data_offset_(data_offset),
        record_bytes_(record_bytes),
        decode_(decode) {}

 private:
  Status read_checked(std::uint64_t first, std::size_t count, IonBatch& out) override {
    return read_record_chunks(*source_, data_offset_, record_bytes_, first, count, scratch_,
                              [&](const std::uint8_t* records, std::size_t n, std::size_t out_index) {
                                for (std::size_t i = 0; i < n; ++i) {
                                  decode_(records + i * record_bytes_, out, out_index + i);
                                }
                              });
  }

  std::unique_ptr<ByteSource> source_;
  std::uint64_t data_offset_;
  std::size_t record_bytes_;
  RecordDecodeFn decode_;
  Bytes scratch_;
};

}  // namespace

void IonBatch::resize(std::size_t count, const IonFieldSet& fields) {
  for (auto* column : {&x_nm, &y_nm, &z_nm, &mass_da}) column->resize(count);
  tof_ns.resize(fields.tof_ns ? count : 0);
  vdc_v.resize(fields.vdc_v ? count : 0);
  vpulse_v.resize(fields.vpulse_v ? count : 0);
  det_x_mm.resize(fields.det_x_mm ? count : 0);
  det_y_mm.resize(fields.det_y_mm ? count : 0);
  delta_pulse.resize(fields.delta_pulse ? count : 0);
  multiplicity.resize(fields.multiplicity ? count : 0);
}

Status PointReader::read(std::uint64_t first, std::uint64_t count, IonBatch& out) {
  const std::uint64_t ion_count = info_.ion_count;
  if (first > ion_count || count > ion_count - first) {
    return make_error(ErrorCode::invalid_argument,
                      info_.source + ": ions " + std::to_string(first) + " + " + std::to_string(count) +
                          " requested but the file has " + std::to_string(ion_count) + " ions");
  }
  if (count > kMaxBatchIons) {
    return make_error(ErrorCode::limit, info_.source + ": a batch of " + std::to_string(count) +
                                            " ions exceeds the limit of " + std::to_string(kMaxBatchIons));
  }
  out.resize(static_cast<std::size_t>(count), info_.fields);
  if (count == 0) return {};
  return read_checked(first, static_cast<std::size_t>(count), out);
}

Result<std::unique_ptr<PointReader>> open_point_file(std::unique_ptr<ByteSource> source) {
  std::array<std::uint8_t, 16> head_bytes{};
  const std::size_t head_size =
      static_cast<std::size_t>(std::min<std::uint64_t>(source->size(), head_bytes.size()));
  const std::span<std::uint8_t> head(head_bytes.data(), head_size);
  if (Status status = source->read(0, head); !status) return status.error();
  for (const PointFormat& format : kFormats) {
    if (format.has_magic != nullptr && format.has_magic(head)) return format.open(std::move(source));
  }
  if (const PointFormat* format = format_for_name(source->name())) return format->open(std::move(source));
  return make_error(ErrorCode::unsupported,
                    source->name() + ": not a known point file (expected .pos, .epos, .apt or .ato)");
}

bool is_point_file_name(std::string_view file_name) {
  return format_for_name(file_name) != nullptr;
}

Status read_record_chunks(ByteSource& source, std::uint64_t data_offset, std::size_t record_bytes,
                          std::uint64_t first, std::size_t count, Bytes& scratch,
                          const RecordDecoder& decode) {
  const std::size_t records_per_chunk = std::max<std::size_t>(1, kScratchBytes / record_bytes);
  for (std::size_t done = 0; done < count;) {
    const std::size_t n = std::min(records_per_chunk, count - done);
    scratch.resize(n * record_bytes);
    const std::uint64_t offset = data_offset + (first + done) * record_bytes;
    if (Status status = source.read(offset, scratch); !status) return status;
    decode(scratch.data(), n, done);
    done += n;
  }
  return {};
}

std::unique_ptr<PointReader> make_fixed_record_reader(std::unique_ptr<ByteSource> source, PointFileInfo info,
                                                      std::uint64_t data_offset, std::size_t record_bytes,
                                                      RecordDecodeFn decode) {
  return std::make_unique<FixedRecordReader>(std::move(source), std::move(info), data_offset, record_bytes,
                                             decode);
}

Result<std::uint64_t> count_fixed_records(const ByteSource& source, std::uint64_t data_offset,
                                          std::size_t record_bytes) {
  const std::uint64_t size = source.size();
  const std::string header_text = std::to_string(data_offset) + "-byte header";
  if (size < data_offset) {
    return make_error(ErrorCode::parse, source.name() + ": truncated: " + std::to_string(size) +
                                            " bytes is shorter than the " + header_text);
  }
  const std::uint64_t data_bytes = size - data_offset;
  const std::uint64_t left_over = data_bytes % record_bytes;
  if (left_over != 0) {
    return make_error(ErrorCode::parse,
                      source.name() + ": truncated: " + std::to_string(data_bytes) + " bytes" +
                          (data_offset > 0 ? " after the " + header_text : std::string()) +
                          " is not a multiple of " + std::to_string(record_bytes) + "-byte records (" +
                          std::to_string(left_over) + " bytes left over)");
  }
  return data_bytes / record_bytes;
}

}  // namespace hs
