// CAMECA APSuite 6 .apt reader: header and section-header parsing, validation, column reads.
//
// Layout (all little-endian; offsets in bytes). Field names are AMETEK's, as published with the
// open-source readers of the format; the offsets follow from the field types.
//
// File header, iHeaderSize bytes (540 in version 2):
//   offset size  field              meaning
//   0      4     cSignature         "APT\0"
//   4      4     iHeaderSize        int32: bytes of this header; the first section starts here
//   8      4     iHeaderVersion     int32: 2
//   12     512   wcFileName         UTF-16 [256]: original file name, NUL-terminated (not read)
//   524    8     ftCreationTime     uint64: Windows FILETIME (not read)
//   532    8     llIonCount         uint64: ions in the file
//
// Section: a section header of iHeaderSize bytes (148; 172 for Position, whose 148 bytes are
// followed by six float32 bounds, x/y/z min and max, not read), then llByteCount data bytes:
//   0      4     cSignature         "SEC\0"
//   4      4     iHeaderSize        int32: bytes from the section start to its data
//   8      4     iHeaderVersion     int32: 2
//   12     64    wcSectionType      UTF-16 [32]: "Position", "Mass", "tof", ...
//   76     4     iSectionVersion    int32 (not read)
//   80     4     eRelationshipType  uint32: 1 one record per ion (0 unknown, 2 indexed, 3 unrelated,
//                                     4 one-to-many)
//   84     4     eRecordType        uint32: 1 fixed size (0 unknown, 2 variable size, 3 variable indexed)
//   88     4     eRecordDataType    uint32: 1 signed int, 2 unsigned int, 3 IEEE float (0 unknown,
//                                     4 chars, 5 other)
//   92     4     iDataTypeSize      int32: bits of one value (8, 16, 32, 64)
//   96     4     iRecordSize        int32: bytes of one record (values per record x iDataTypeSize / 8)
//   100    32    wcDataUnit         UTF-16 [16]: "nm", "Da", "ns", ...
//   132    8     llRecordCount      uint64
//   140    8     llByteCount        uint64: data bytes after the section header
// Sections follow each other back to back up to the end of the file.
//
// Sections mapped to IonBatch fields (one fixed-size record per ion required):
//   section name (any case)            values          units accepted     field
//   Position                           3 floats        nm, ""             x_nm, y_nm, z_nm
//   Mass                               float           Da, amu, ""        mass_da
//   tof                                float           ns, ""             tof_ns
//   Voltage                            float           V, "", kV (x1000)  vdc_v
//   XDet_mm, YDet_mm                   float           mm, ""             det_x_mm, det_y_mm
//   Multiplicity                       integer         any                multiplicity
//   pulseDelta, Pulse Delta, Delta Pulse  integer      any                delta_pulse
// Every other section (e.g. "pulse", which holds pulse voltage or laser energy depending on the
// instrument mode) is skipped by its byte count and listed in the notes.
#include "io/cameca_apt.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string_view>

#include "io/ascii_case.h"
#include "util/text_codec.h"

namespace hs {
namespace {

constexpr std::size_t kFileHeaderBytes = 540;
constexpr std::size_t kSectionHeaderBytes = 148;
constexpr std::uint32_t kHeaderVersion = 2;
constexpr std::size_t kMaxSections = 4096;
constexpr std::size_t kMaxSkippedNamesInNote = 32;

namespace file_offset {
constexpr std::size_t signature = 0, header_size = 4, header_version = 8, ion_count = 532;
}
namespace section_offset {
constexpr std::size_t signature = 0, header_size = 4, type = 12, relationship = 80, record_type = 84,
                      data_type = 88, data_type_bits = 92, record_size = 96, unit = 100, record_count = 132,
                      byte_count = 140;
constexpr std::size_t type_units = 32, unit_units = 16;  // UTF-16 code units
}  // namespace section_offset

constexpr std::uint32_t kOneRecordPerIon = 1;
constexpr std::uint32_t kFixedSizeRecords = 1;
constexpr std::uint32_t kSignedInt = 1, kUnsignedInt = 2, kIeeeFloat = 3;

enum class Target { position, mass, tof_ns, vdc_v, det_x_mm, det_y_mm, multiplicity, delta_pulse };

struct KnownSection {
  std::string_view name;
  Target target;
};

constexpr std::array<KnownSection, 10> kKnownSections{{
    {"Position", Target::position},
    {"Mass", Target::mass},
    {"tof", Target::tof_ns},
    {"Voltage", Target::vdc_v},
    {"XDet_mm", Target::det_x_mm},
    {"YDet_mm", Target::det_y_mm},
    {"Multiplicity", Target::multiplicity},
    {"pulseDelta", Target::delta_pulse},
    {"Pulse Delta", Target::delta_pulse},
    {"Delta Pulse", Target::delta_pulse},
}};

// True when `bytes` holds the 4-byte signature (3 letters and a NUL) at `offset`.
bool has_signature(ByteView bytes, std::size_t offset, std::string_view letters) {
  return bytes.size() >= offset + 4 &&
         std::equal(letters.begin(), letters.end(), bytes.begin() + static_cast<std::ptrdiff_t>(offset)) &&
         bytes[offset + 3] == 0;
}

bool is_integer_target(Target target) {
  return target == Target::multiplicity || target == Target::delta_pulse;
}

std::optional<Target> known_target(std::string_view section_type) {
  for (const KnownSection& known : kKnownSections) {
    if (equals_ignoring_case(known.name, section_type)) return known.target;
  }
  return std::nullopt;
}

// Factor from the section's unit to the field's unit; nullopt when the unit is not accepted.
std::optional<float> unit_scale(Target target, std::string_view unit) {
  const auto any_of = [unit](std::initializer_list<std::string_view> accepted) {
    return std::any_of(accepted.begin(), accepted.end(),
                       [unit](std::string_view a) { return equals_ignoring_case(a, unit); });
  };
  switch (target) {
    case Target::position:
      return any_of({"nm", ""}) ? std::optional<float>(1.0f) : std::nullopt;
    case Target::mass:
      return any_of({"Da", "amu", ""}) ? std::optional<float>(1.0f) : std::nullopt;
    case Target::tof_ns:
      return any_of({"ns", ""}) ? std::optional<float>(1.0f) : std::nullopt;
    case Target::vdc_v:
      if (any_of({"V", ""})) return 1.0f;
      return any_of({"kV"}) ? std::optional<float>(1000.0f) : std::nullopt;
    case Target::det_x_mm:
    case Target::det_y_mm:
      return any_of({"mm", ""}) ? std::optional<float>(1.0f) : std::nullopt;
    case Target::multiplicity:
    case Target::delta_pulse:
      return 1.0f;
  }
  return std::nullopt;
}

// The ASCII characters of a NUL-terminated UTF-16LE field; other characters become '?'.
std::string ascii_from_utf16le(const std::uint8_t* p, std::size_t units) {
  std::string text;
  for (std::size_t i = 0; i < units; ++i) {
    const auto unit = load_le<std::uint16_t>(p + 2 * i);
    if (unit == 0) break;
    text += unit < 0x80 ? static_cast<char>(unit) : '?';
  }
  return text;
}

struct SectionHeader {
  std::uint64_t offset = 0;  // of the section header in the file
  std::string type;
  std::string unit;
  std::uint32_t header_bytes = 0, relationship = 0, record_type = 0, data_type = 0, data_type_bits = 0,
                record_size = 0;
  std::uint64_t record_count = 0, byte_count = 0;

  std::uint64_t data_offset() const { return offset + header_bytes; }
};

SectionHeader parse_section_header(const std::uint8_t* p, std::uint64_t offset) {
  namespace at = section_offset;
  SectionHeader s;
  s.offset = offset;
  s.type = ascii_from_utf16le(p + at::type, at::type_units);
  s.unit = ascii_from_utf16le(p + at::unit, at::unit_units);
  s.header_bytes = load_le<std::uint32_t>(p + at::header_size);
  s.relationship = load_le<std::uint32_t>(p + at::relationship);
  s.record_type = load_le<std::uint32_t>(p + at::record_type);
  s.data_type = load_le<std::uint32_t>(p + at::data_type);
  s.data_type_bits = load_le<std::uint32_t>(p + at::data_type_bits);
  s.record_size = load_le<std::uint32_t>(p + at::record_size);
  s.record_count = load_le<std::uint64_t>(p + at::record_count);
  s.byte_count = load_le<std::uint64_t>(p + at::byte_count);
  return s;
}

// Where one mapped section's values are and how to decode them.
struct Column {
  Target target = Target::mass;
  std::uint64_t data_offset = 0;
  std::size_t record_bytes = 0;
  std::uint32_t data_type = kIeeeFloat;
  std::size_t value_bytes = 4;
  float scale = 1.0f;
};

std::string section_label(const std::string& file, const SectionHeader& s) {
  return file + ": section '" + printable_excerpt(s.type) + "' at byte " + std::to_string(s.offset);
}

// Checks a known section's layout against the file header's ion count.
Result<Column> column_for(const std::string& file, const SectionHeader& s, Target target,
                          std::uint64_t ion_count) {
  const auto fail = [&](ErrorCode code, const std::string& problem) {
    return make_error(code, section_label(file, s) + ": " + problem);
  };
  if (s.relationship != kOneRecordPerIon) {
    return fail(ErrorCode::unsupported,
                "not one record per ion (eRelationshipType " + std::to_string(s.relationship) + ")");
  }
  if (s.record_type != kFixedSizeRecords) {
    return fail(ErrorCode::unsupported,
                "records are not of fixed size (eRecordType " + std::to_string(s.record_type) + ")");
  }
  const std::uint32_t bits = s.data_type_bits;
  const bool integer_type = (s.data_type == kSignedInt || s.data_type == kUnsignedInt) &&
                            (bits == 8 || bits == 16 || bits == 32 || bits == 64);
  const bool float_type = s.data_type == kIeeeFloat && (bits == 32 || bits == 64);
  if (is_integer_target(target) ? !integer_type : !float_type) {
    return fail(ErrorCode::unsupported, "unexpected value type (eRecordDataType " +
                                            std::to_string(s.data_type) + ", iDataTypeSize " +
                                            std::to_string(bits) + " bits)");
  }
  const std::size_t values_per_record = target == Target::position ? 3 : 1;
  const std::size_t value_bytes = bits / 8;
  if (s.record_size != values_per_record * value_bytes) {
    return fail(ErrorCode::parse, "iRecordSize " + std::to_string(s.record_size) + " does not hold " +
                                      std::to_string(values_per_record) + " value(s) of " +
                                      std::to_string(bits) + " bits");
  }
  if (s.record_count != ion_count) {
    return fail(ErrorCode::parse, "llRecordCount " + std::to_string(s.record_count) +
                                      " differs from the header's ion count " + std::to_string(ion_count));
  }
  if (s.record_count > s.byte_count / s.record_size || s.byte_count != s.record_count * s.record_size) {
    return fail(ErrorCode::parse, "llByteCount " + std::to_string(s.byte_count) + " is not " +
                                      std::to_string(s.record_count) + " records of " +
                                      std::to_string(s.record_size) + " bytes");
  }
  const std::optional<float> scale = unit_scale(target, s.unit);
  if (!scale)
    return fail(ErrorCode::unsupported, "unit '" + printable_excerpt(s.unit) + "' is not supported");
  return Column{target, s.data_offset(), s.record_size, s.data_type, value_bytes, *scale};
}

float load_float(const std::uint8_t* p, std::size_t bytes) {
  return bytes == 4 ? load_f32_le(p) : static_cast<float>(load_f64_le(p));
}

std::int32_t saturate_to_int32(std::int64_t value) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(value, std::numeric_limits<std::int32_t>::min(),
                                                            std::numeric_limits<std::int32_t>::max()));
}

std::int32_t load_integer(const std::uint8_t* p, std::uint32_t data_type, std::size_t bytes) {
  if (data_type == kSignedInt) {
    switch (bytes) {
      case 1:
        return static_cast<std::int8_t>(p[0]);
      case 2:
        return static_cast<std::int16_t>(load_le<std::uint16_t>(p));
      case 4:
        return static_cast<std::int32_t>(load_le<std::uint32_t>(p));
      default:
        return saturate_to_int32(static_cast<std::int64_t>(load_le<std::uint64_t>(p)));
    }
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes; ++i) value |= std::uint64_t{p[i]} << (8 * i);
  return static_cast<std::int32_t>(std::min<std::uint64_t>(value, std::numeric_limits<std::int32_t>::max()));
}

std::vector<float>& float_field(IonBatch& out, Target target) {
  switch (target) {
    case Target::tof_ns:
      return out.tof_ns;
    case Target::vdc_v:
      return out.vdc_v;
    case Target::det_x_mm:
      return out.det_x_mm;
    case Target::det_y_mm:
      return out.det_y_mm;
    default:
      return out.mass_da;
  }
}

void decode_column(const Column& c, const std::uint8_t* records, std::size_t n, std::size_t out_index,
                   IonBatch& out) {
  if (c.target == Target::position) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* p = records + i * c.record_bytes;
      out.x_nm[out_index + i] = load_float(p, c.value_bytes);
      out.y_nm[out_index + i] = load_float(p + c.value_bytes, c.value_bytes);
      out.z_nm[out_index + i] = load_float(p + 2 * c.value_bytes, c.value_bytes);
    }
  } else if (is_integer_target(c.target)) {
    std::vector<std::int32_t>& field = c.target == Target::multiplicity ? out.multiplicity : out.delta_pulse;
    for (std::size_t i = 0; i < n; ++i)
      field[out_index + i] = load_integer(records + i * c.record_bytes, c.data_type, c.value_bytes);
  } else {
    std::vector<float>& field = float_field(out, c.target);
    for (std::size_t i = 0; i < n; ++i)
      field[out_index + i] = load_float(records + i * c.record_bytes, c.value_bytes) * c.scale;
  }
}

void mark_field(IonFieldSet& fields, Target target) {
  switch (target) {
    case Target::tof_ns:
      fields.tof_ns = true;
      break;
    case Target::vdc_v:
      fields.vdc_v = true;
      break;
    case Target::det_x_mm:
      fields.det_x_mm = true;
      break;
    case Target::det_y_mm:
      fields.det_y_mm = true;
      break;
    case Target::multiplicity:
      fields.multiplicity = true;
      break;
    case Target::delta_pulse:
      fields.delta_pulse = true;
      break;
    case Target::position:
    case Target::mass:
      break;
  }
}

class CamecaAptReader final : public PointReader {
 public:
  CamecaAptReader(std::unique_ptr<ByteSource> source, PointFileInfo info, std::vector<Column> columns)
      : PointReader(std::move(info)), source_(std::move(source)), columns_(std::move(columns)) {}

 private:
  Status read_checked(std::uint64_t first, std::size_t count, IonBatch& out) override {
    for (const Column& column : columns_) {
      Status status =
          read_record_chunks(*source_, column.data_offset, column.record_bytes, first, count, scratch_,
                             [&](const std::uint8_t* records, std::size_t n, std::size_t out_index) {
                               decode_column(column, records, n, out_index, out);
                             });
      if (!status) return status;
    }
    return {};
  }

  std::unique_ptr<ByteSource> source_;
  std::vector<Column> columns_;
  Bytes scratch_;
};

}  // namespace

bool has_cameca_apt_magic(ByteView head) {
  return has_signature(head, file_offset::signature, "APT");
}

Result<std::unique_ptr<PointReader>> open_cameca_apt(std::unique_ptr<ByteSource> source) {
  const std::string& file = source->name();
  const std::uint64_t file_size = source->size();
  if (file_size < kFileHeaderBytes) {
    return make_error(ErrorCode::parse, file + ": truncated: " + std::to_string(file_size) +
                                            " bytes is shorter than the 540-byte APT file header");
  }
  std::array<std::uint8_t, kFileHeaderBytes> header{};
  if (Status status = source->read(0, header); !status) return status.error();
  if (!has_cameca_apt_magic(header))
    return make_error(ErrorCode::parse, file + ": not an APT file (no \"APT\\0\" signature)");
  const auto header_version = load_le<std::uint32_t>(header.data() + file_offset::header_version);
  if (header_version != kHeaderVersion) {
    return make_error(
        ErrorCode::unsupported,
        file + ": APT header version " + std::to_string(header_version) + " is not supported (only 2)");
  }
  const auto header_bytes = load_le<std::uint32_t>(header.data() + file_offset::header_size);
  if (header_bytes < kFileHeaderBytes || header_bytes > file_size) {
    return make_error(ErrorCode::parse, file + ": iHeaderSize " + std::to_string(header_bytes) +
                                            " is outside 540.." + std::to_string(file_size) + " bytes");
  }
  const auto ion_count = load_le<std::uint64_t>(header.data() + file_offset::ion_count);

  PointFileInfo info;
  info.ion_count = ion_count;
  info.source = file;
  info.format = "apt";
  std::vector<Column> columns;
  std::vector<std::string> skipped;

  std::array<std::uint8_t, kSectionHeaderBytes> bytes{};
  std::size_t sections = 0;
  for (std::uint64_t offset = header_bytes; offset < file_size; ++sections) {
    if (sections == kMaxSections) {
      return make_error(ErrorCode::limit, file + ": more than " + std::to_string(kMaxSections) + " sections");
    }
    if (file_size - offset < kSectionHeaderBytes) {
      return make_error(ErrorCode::parse,
                        file + ": truncated section header at byte " + std::to_string(offset) + " (" +
                            std::to_string(file_size - offset) + " bytes left, 148 needed)");
    }
    if (Status status = source->read(offset, bytes); !status) return status.error();
    if (!has_signature(bytes, section_offset::signature, "SEC")) {
      return make_error(ErrorCode::parse,
                        file + ": no section signature \"SEC\\0\" at byte " + std::to_string(offset));
    }
    const SectionHeader s = parse_section_header(bytes.data(), offset);
    if (s.header_bytes < kSectionHeaderBytes || s.header_bytes > file_size - offset) {
      return make_error(ErrorCode::parse, section_label(file, s) + ": iHeaderSize " +
                                              std::to_string(s.header_bytes) + " is outside 148.." +
                                              std::to_string(file_size - offset) + " bytes");
    }
    const std::uint64_t data_offset = s.data_offset();
    if (s.byte_count > file_size - data_offset) {
      return make_error(ErrorCode::parse, section_label(file, s) + ": llByteCount " +
                                              std::to_string(s.byte_count) + " overflows the file (" +
                                              std::to_string(file_size - data_offset) + " bytes left)");
    }
    offset = data_offset + s.byte_count;

    const std::optional<Target> target = known_target(s.type);
    if (!target) {
      skipped.push_back(printable_excerpt(s.type));
      continue;
    }
    const bool required = *target == Target::position || *target == Target::mass;
    if (std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.target == *target; })) {
      const std::string problem = section_label(file, s) + ": a second section for the same data";
      if (required) return make_error(ErrorCode::parse, problem);
      info.notes.push_back(problem + "; section not read");
      continue;
    }
    Result<Column> column = column_for(file, s, *target, ion_count);
    if (!column) {
      if (required) return column.error();
      info.notes.push_back(column.error().message + "; section not read");
      continue;
    }
    mark_field(info.fields, *target);
    columns.push_back(*column);
  }

  for (const auto& [target, name] :
       {std::pair{Target::position, "Position"}, std::pair{Target::mass, "Mass"}}) {
    if (std::none_of(columns.begin(), columns.end(),
                     [t = target](const Column& c) { return c.target == t; })) {
      return make_error(ErrorCode::parse, file + ": no " + name + " section");
    }
  }
  if (!skipped.empty()) {
    std::string note = "sections not read: ";
    for (std::size_t i = 0; i < skipped.size() && i < kMaxSkippedNamesInNote; ++i) {
      note += (i > 0 ? ", '" : "'") + skipped[i] + "'";
    }
    if (skipped.size() > kMaxSkippedNamesInNote) note += ", ...";
    info.notes.push_back(note);
  }
  info.has_epos_fields = info.fields.all();
  return std::unique_ptr<PointReader>(
      std::make_unique<CamecaAptReader>(std::move(source), std::move(info), std::move(columns)));
}

}  // namespace hs
