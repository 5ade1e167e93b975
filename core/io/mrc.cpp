// MRC2014 header parsing and block reads.
#include "io/mrc.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "io/volume_layout.h"

namespace hs {
namespace {

constexpr std::uint64_t kHeaderBytes = 1024;
constexpr std::int32_t kImodStamp = 1146047817;  // "IMOD" as a 32-bit integer

// How voxels of a mode are stored, beyond their output type.
enum class Storage { plain, half_float, nibbles };

struct Mode {
  std::int32_t number;
  DataType dtype;
  Storage storage;
};
constexpr std::array<Mode, 6> kModes = {{
    {0, DataType::int8, Storage::plain},
    {1, DataType::int16, Storage::plain},
    {2, DataType::float32, Storage::plain},
    {6, DataType::uint16, Storage::plain},
    {12, DataType::float32, Storage::half_float},
    {101, DataType::uint8, Storage::nibbles},
}};

// Modes defined by MRC2014 or IMOD, supported or not: used to detect the byte order.
bool is_known_mode(std::int32_t mode) {
  return mode == 0 || mode == 1 || mode == 2 || mode == 3 || mode == 4 || mode == 6 || mode == 12 ||
         mode == 16 || mode == 101;
}

class HeaderFields {
 public:
  HeaderFields(const std::uint8_t* bytes, bool big_endian) : bytes_(bytes), big_endian_(big_endian) {}
  std::int32_t i32(std::size_t offset) const {
    const std::uint32_t bits =
        big_endian_ ? load_be<std::uint32_t>(bytes_ + offset) : load_le<std::uint32_t>(bytes_ + offset);
    return static_cast<std::int32_t>(bits);
  }
  float f32(std::size_t offset) const {
    return big_endian_ ? load_f32_be(bytes_ + offset) : load_f32_le(bytes_ + offset);
  }

 private:
  const std::uint8_t* bytes_;
  bool big_endian_;
};

std::string hex_byte(std::uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// Byte order from MACHST, checked against MODE the way mrcfile's permissive mode does; notes why
// when the stamp is not trusted.
bool detect_big_endian(const std::uint8_t* header, std::vector<std::string>& notes) {
  const std::uint8_t* stamp = header + 212;
  const bool mode_ok_le = is_known_mode(HeaderFields(header, false).i32(12));
  const bool mode_ok_be = is_known_mode(HeaderFields(header, true).i32(12));
  const auto order = [](bool big) { return std::string(big ? "big-endian" : "little-endian"); };
  if ((stamp[0] == 0x44 && (stamp[1] == 0x44 || stamp[1] == 0x41)) ||
      (stamp[0] == 0x11 && stamp[1] == 0x11)) {
    const bool stamp_big = stamp[0] == 0x11;
    if ((stamp_big ? mode_ok_be : mode_ok_le) || !(stamp_big ? mode_ok_le : mode_ok_be)) return stamp_big;
    notes.push_back("MACHST says " + order(stamp_big) + " but MODE is valid only " + order(!stamp_big) +
                    "; read as " + order(!stamp_big));
    return !stamp_big;
  }
  const bool big = !mode_ok_le && mode_ok_be;
  notes.push_back("MACHST " + hex_byte(stamp[0]) + " " + hex_byte(stamp[1]) + " " + hex_byte(stamp[2]) + " " +
                  hex_byte(stamp[3]) + " is not a known stamp; byte order taken from MODE: " + order(big));
  return big;
}

Error parse_error(const std::string& name, const std::string& what) {
  return make_error(ErrorCode::parse, name + ": " + what);
}

class MrcReader final : public VolumeReader {
 public:
  MrcReader(VolumeInfo info, std::unique_ptr<ByteSource> source, std::uint64_t data_offset,
            std::uint64_t row_bytes, Storage storage, bool big_endian)
      : VolumeReader(std::move(info)),
        source_(std::move(source)),
        data_offset_(data_offset),
        row_bytes_(row_bytes),
        storage_(storage),
        big_endian_(big_endian) {}

 private:
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    const std::uint64_t ny = info().shape_zyx[1];
    const std::uint64_t nx = info().shape_zyx[2];
    if (storage_ == Storage::plain) {
      Status status = read_row_block(*source_, data_offset_, row_bytes_, ny, block, out);
      if (status) to_native_byte_order(out, data_type_size(info().dtype), big_endian_);
      return status;
    }
    const std::uint64_t rows = block.nz * block.ny;
    std::vector<std::uint8_t> stored(rows * row_bytes_);
    Status status = read_row_block(*source_, data_offset_, row_bytes_, ny, block, stored);
    if (!status) return status;
    if (storage_ == Storage::half_float) {
      halves_to_floats(stored, big_endian_, out);
      return {};
    }
    for (std::uint64_t r = 0; r < rows; ++r) {
      const std::uint8_t* packed = stored.data() + r * row_bytes_;
      std::uint8_t* row = out.data() + r * nx;
      for (std::uint64_t x = 0; x < nx; ++x) {
        const std::uint8_t byte = packed[x / 2];
        row[x] = (x % 2 == 0) ? (byte & 0x0f) : (byte >> 4);
      }
    }
    return {};
  }

  std::unique_ptr<ByteSource> source_;
  std::uint64_t data_offset_;
  std::uint64_t row_bytes_;
  Storage storage_;
  bool big_endian_;
};

}  // namespace

bool looks_like_mrc(ByteView head) {
  return head.size() >= 211 && head[208] == 'M' && head[209] == 'A' && head[210] == 'P';
}

Result<std::unique_ptr<VolumeReader>> open_mrc(std::unique_ptr<ByteSource> source) {
  const std::string name = source->name();
  const std::uint64_t file_bytes = source->size();
  if (file_bytes < kHeaderBytes) {
    return parse_error(
        name, "truncated: " + std::to_string(file_bytes) + " bytes is shorter than the 1024-byte MRC header");
  }
  std::array<std::uint8_t, kHeaderBytes> header;
  if (Status status = source->read(0, header); !status) return status.error();

  VolumeInfo info;
  info.source = name;
  info.format = "mrc";
  const bool big_endian = detect_big_endian(header.data(), info.notes);
  const HeaderFields h(header.data(), big_endian);

  const std::int32_t nx = h.i32(0), ny = h.i32(4), nz = h.i32(8);
  if (nx < 1 || ny < 1 || nz < 1) {
    return parse_error(name, "NX, NY, NZ = " + std::to_string(nx) + ", " + std::to_string(ny) + ", " +
                                 std::to_string(nz) + ": every dimension must be at least 1");
  }
  const std::int32_t mode_number = h.i32(12);
  const Mode* mode = nullptr;
  for (const Mode& m : kModes) {
    if (m.number == mode_number) mode = &m;
  }
  if (mode == nullptr) {
    if (mode_number == 3 || mode_number == 4 || mode_number == 16) {
      return make_error(ErrorCode::unsupported, name + ": MODE " + std::to_string(mode_number) + " (" +
                                                    (mode_number == 16 ? "RGB" : "complex") +
                                                    " voxels) is not supported");
    }
    return parse_error(name, "MODE " + std::to_string(mode_number) + " is not an MRC mode");
  }
  const std::array<std::int32_t, 3> axes = {h.i32(64), h.i32(68), h.i32(72)};
  if (axes != std::array<std::int32_t, 3>{1, 2, 3}) {
    const std::string text =
        std::to_string(axes[0]) + "," + std::to_string(axes[1]) + "," + std::to_string(axes[2]);
    std::array<bool, 3> seen{};
    for (std::int32_t a : axes) {
      if (a >= 1 && a <= 3) seen[static_cast<std::size_t>(a - 1)] = true;
    }
    if (seen[0] && seen[1] && seen[2]) {
      return make_error(ErrorCode::unsupported,
                        name + ": axis order MAPC,MAPR,MAPS = " + text + " is not supported (only 1,2,3)");
    }
    return parse_error(name, "MAPC,MAPR,MAPS = " + text + " is not a permutation of 1,2,3");
  }
  const std::int32_t extended_bytes = h.i32(92);
  if (extended_bytes < 0)
    return parse_error(name, "NSYMBT = " + std::to_string(extended_bytes) + " is negative");

  info.shape_zyx = {static_cast<std::uint64_t>(nz), static_cast<std::uint64_t>(ny),
                    static_cast<std::uint64_t>(nx)};
  info.dtype = mode->dtype;
  const std::uint64_t x_count = static_cast<std::uint64_t>(nx);
  const std::uint64_t row_bytes = mode->storage == Storage::nibbles ? (x_count + 1) / 2
                                  : mode->storage == Storage::half_float
                                      ? x_count * 2
                                      : x_count * data_type_size(mode->dtype);
  const std::uint64_t data_offset = kHeaderBytes + static_cast<std::uint64_t>(extended_bytes);
  const std::optional<std::uint64_t> data_bytes =
      checked_volume_bytes({info.shape_zyx[0], info.shape_zyx[1], 1}, row_bytes);
  const std::optional<std::uint64_t> needed =
      data_bytes ? checked_add(data_offset, *data_bytes) : std::nullopt;
  if (!needed || *needed > file_bytes) {
    return parse_error(name, "truncated: the 1024-byte header, " + std::to_string(extended_bytes) +
                                 "-byte extended header and NX x NY x NZ = " + std::to_string(nx) + " x " +
                                 std::to_string(ny) + " x " + std::to_string(nz) + " voxels of MODE " +
                                 std::to_string(mode_number) + " need " +
                                 (needed ? std::to_string(*needed) : "more than 2^64") +
                                 " bytes but the file has " + std::to_string(file_bytes));
  }
  if (*needed < file_bytes) {
    info.notes.push_back(std::to_string(file_bytes - *needed) + " bytes after the voxels are ignored");
  }
  if (extended_bytes > 0) {
    info.notes.push_back("extended header of " + std::to_string(extended_bytes) + " bytes skipped");
  }

  const std::array<std::int32_t, 3> grid = {h.i32(28), h.i32(32), h.i32(36)};  // MX, MY, MZ
  const std::array<float, 3> cell_angstrom = {h.f32(40), h.f32(44), h.f32(48)};
  bool cell_ok = true;
  for (std::size_t i = 0; i < 3; ++i) {
    cell_ok = cell_ok && grid[i] > 0 && std::isfinite(cell_angstrom[i]) && cell_angstrom[i] > 0;
  }
  if (cell_ok) {
    const auto nm = [&](std::size_t i) { return static_cast<double>(cell_angstrom[i]) / grid[i] / 10.0; };
    info.voxel_size_nm_zyx = std::array<double, 3>{nm(2), nm(1), nm(0)};
  } else {
    info.notes.push_back("no voxel size: CELLA or MX,MY,MZ is zero or invalid");
  }
  const std::array<float, 3> origin = {h.f32(196), h.f32(200), h.f32(204)};
  if (origin[0] != 0 || origin[1] != 0 || origin[2] != 0) {
    info.notes.push_back("header ORIGIN x,y,z = " + number_text(origin[0]) + ", " + number_text(origin[1]) +
                         ", " + number_text(origin[2]) + " Å");
  }
  const std::array<std::int32_t, 3> start = {h.i32(16), h.i32(20), h.i32(24)};
  if (start[0] != 0 || start[1] != 0 || start[2] != 0) {
    info.notes.push_back("header NXSTART,NYSTART,NZSTART = " + std::to_string(start[0]) + ", " +
                         std::to_string(start[1]) + ", " + std::to_string(start[2]));
  }
  if (h.i32(88) == 401)
    info.notes.push_back("ISPG 401 (a stack of volumes) is read as one volume of NZ sections");
  if (!looks_like_mrc(header)) info.notes.push_back("no \"MAP \" id at byte 208 (an older MRC variant?)");
  if (mode_number == 0 && h.i32(152) == kImodStamp && (h.i32(156) & 1) == 0) {
    info.notes.push_back("IMOD flags say the bytes are unsigned; they are read as int8 as MRC2014 specifies");
  }
  return std::unique_ptr<VolumeReader>(
      new MrcReader(std::move(info), std::move(source), data_offset, row_bytes, mode->storage, big_endian));
}

}  // namespace hs
