// Streaming readers of atom probe reconstructions (POS, EPOS, CAMECA APT, ATO): what a file holds,
// batch reads of ions by index, and the registry that picks the reader by magic bytes or extension.
//
// Sections: [Fields] per-ion data · [Reader] PointReader and open_point_file · [For readers]
// helpers the format readers share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "util/bytes.h"
#include "util/result.h"

namespace hs {

// [Fields] ---------------------------------------------------------------------------------------

// Which per-ion fields beyond position and mass a file has (the EPOS set).
struct IonFieldSet {
  bool tof_ns = false;    // time of flight, ns
  bool vdc_v = false;     // standing (DC) voltage, V
  bool vpulse_v = false;  // pulse voltage, V
  bool det_x_mm = false;  // hit position on the detector, mm
  bool det_y_mm = false;
  bool delta_pulse = false;   // pulses since the previous event
  bool multiplicity = false;  // ions in this event (0 for the later ions of a multiple in EPOS)

  bool all() const {
    return tof_ns && vdc_v && vpulse_v && det_x_mm && det_y_mm && delta_pulse && multiplicity;
  }
  friend bool operator==(const IonFieldSet&, const IonFieldSet&) = default;
};

// Ions [first, first + size()) of a file, one vector per field. Position and mass are always
// filled; an optional field's vector has size() entries when the file has it and is empty otherwise.
struct IonBatch {
  std::vector<float> x_nm, y_nm, z_nm, mass_da;
  std::vector<float> tof_ns, vdc_v, vpulse_v, det_x_mm, det_y_mm;
  std::vector<std::int32_t> delta_pulse, multiplicity;

  std::size_t size() const { return mass_da.size(); }
  // Sizes every vector for `count` ions: the always-present ones and those in `fields` to count,
  // the others to 0.
  void resize(std::size_t count, const IonFieldSet& fields);
};

// [Reader] ---------------------------------------------------------------------------------------

// What a point file holds.
struct PointFileInfo {
  std::uint64_t ion_count = 0;
  bool has_epos_fields = false;    // fields.all()
  IonFieldSet fields;              // optional fields that read() fills
  std::string source;              // the file's name (ByteSource::name), for messages
  std::string format;              // "pos", "epos", "apt" or "ato"
  std::vector<std::string> notes;  // what the user may want to know: unit conversions, skipped data
};

// Most ions one read() call may ask for (64 MiB of positions and masses).
inline constexpr std::uint64_t kMaxBatchIons = std::uint64_t{1} << 22;

// Reads one point file batch by batch. Memory: besides the caller's batch, the reader keeps only
// its header and about 1 MiB of scratch, whatever the file size. Not thread-safe: one per thread.
class PointReader {
 public:
  virtual ~PointReader() = default;
  PointReader(const PointReader&) = delete;
  PointReader& operator=(const PointReader&) = delete;

  const PointFileInfo& info() const { return info_; }

  // Replaces `out` with ions [first, first + count). An error naming the file if the range passes
  // ion_count, count exceeds kMaxBatchIons, or the bytes turn out short; `out` is then unspecified.
  Status read(std::uint64_t first, std::uint64_t count, IonBatch& out);

 protected:
  explicit PointReader(PointFileInfo info) : info_(std::move(info)) {}

 private:
  // Called with a range already checked and `out` already resized; count >= 1.
  virtual Status read_checked(std::uint64_t first, std::size_t count, IonBatch& out) = 0;

  PointFileInfo info_;
};

// Opens a point file: "APT\0" magic selects the CAMECA reader; otherwise the extension (.pos,
// .epos, .apt, .ato, any case) of source->name() does. Validates the header against the file size.
Result<std::unique_ptr<PointReader>> open_point_file(std::unique_ptr<ByteSource> source);

// Whether open_point_file knows the extension of `file_name`.
bool is_point_file_name(std::string_view file_name);

// [For readers] ----------------------------------------------------------------------------------

// Decodes `n` consecutive records starting at `records` into out[out_index], out[out_index + 1]...
using RecordDecoder = std::function<void(const std::uint8_t* records, std::size_t n, std::size_t out_index)>;

// Reads records [first, first + count) of `record_bytes` each, stored back to back from
// `data_offset`, in chunks of about 1 MiB through `scratch`, and hands each chunk to `decode`.
// The caller has checked that the records lie inside the file; a short read is still an error.
Status read_record_chunks(ByteSource& source, std::uint64_t data_offset, std::size_t record_bytes,
                          std::uint64_t first, std::size_t count, Bytes& scratch,
                          const RecordDecoder& decode);

// Decodes one fixed-size record into out[index].
using RecordDecodeFn = void (*)(const std::uint8_t* record, IonBatch& out, std::size_t index);

// A reader for files that are a header of `data_offset` bytes followed by info.ion_count records
// of `record_bytes` each (POS, EPOS, ATO). The caller has validated the sizes.
std::unique_ptr<PointReader> make_fixed_record_reader(std::unique_ptr<ByteSource> source, PointFileInfo info,
                                                      std::uint64_t data_offset, std::size_t record_bytes,
                                                      RecordDecodeFn decode);

// For readers whose records follow a header: the number of whole records in the bytes after
// `data_offset`, or an error naming the file when they do not divide evenly, e.g.
// "run.pos: truncated: 1000003 bytes is not a multiple of 16-byte records (3 bytes left over)".
Result<std::uint64_t> count_fixed_records(const ByteSource& source, std::uint64_t data_offset,
                                          std::size_t record_bytes);

}  // namespace hs
