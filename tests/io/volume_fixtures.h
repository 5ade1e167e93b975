// Hand-made volume files for the reader tests, built field by field from the format specifications
// (MRC2014, NEP 1 .npy, TIFF 6.0 / BigTIFF) without using the readers under test; and helpers that
// read a volume back in slabs and check block reads against them.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "byte_writer.h"
#include "io/volume_reader.h"

namespace hs::io_test {

using test::ByteWriter;

// --- MRC2014 ---

struct MrcHeader {
  bool big_endian = false;
  std::int32_t nx = 1, ny = 1, nz = 1, mode = 2;
  std::array<std::int32_t, 3> start{};
  std::array<std::int32_t, 3> grid{};  // MX, MY, MZ
  std::array<float, 3> cell_angstrom{};
  std::array<std::int32_t, 3> axes{1, 2, 3};
  std::int32_t ispg = 1;
  std::int32_t extended_bytes = 0;
  std::array<float, 3> origin{};
  bool map_id = true;
  std::array<std::uint8_t, 4> machine_stamp{0, 0, 0, 0};  // all zero: the stamp of big_endian
  std::int32_t imod_stamp = 0, imod_flags = 0;
};

// The 1024-byte header, word by word as in the MRC2014 table, then the extended header's zeros.
inline ByteWriter mrc_header(const MrcHeader& h) {
  ByteWriter w(h.big_endian);
  for (std::int32_t v : {h.nx, h.ny, h.nz, h.mode}) w.i32(v);  // bytes 0-15
  for (std::int32_t v : h.start) w.i32(v);                     // 16-27 NXSTART..
  for (std::int32_t v : h.grid) w.i32(v);                      // 28-39 MX..
  for (float v : h.cell_angstrom) w.f32(v);                    // 40-51 CELLA
  for (int i = 0; i < 3; ++i) w.f32(90.0f);                    // 52-63 CELLB
  for (std::int32_t v : h.axes) w.i32(v);                      // 64-75 MAPC, MAPR, MAPS
  for (int i = 0; i < 3; ++i) w.f32(0.0f);                     // 76-87 DMIN, DMAX, DMEAN
  w.i32(h.ispg);                                               // 88
  w.i32(h.extended_bytes);                                     // 92 NSYMBT
  w.zeros(152 - 96);                                           // EXTRA up to IMOD's stamp
  w.i32(h.imod_stamp);                                         // 152
  w.i32(h.imod_flags);                                         // 156
  w.zeros(196 - 160);
  for (float v : h.origin) w.f32(v);  // 196-207 ORIGIN
  if (h.map_id) {
    w.text("MAP ");  // 208
  } else {
    w.zeros(4);
  }
  std::array<std::uint8_t, 4> stamp = h.machine_stamp;
  if (stamp == std::array<std::uint8_t, 4>{}) {
    stamp = h.big_endian ? std::array<std::uint8_t, 4>{0x11, 0x11, 0, 0}
                         : std::array<std::uint8_t, 4>{0x44, 0x44, 0, 0};
  }
  for (std::uint8_t b : stamp) w.u8(b);  // 212 MACHST
  w.f32(0.0f);                           // 216 RMS
  w.i32(0);                              // 220 NLABL
  w.zeros(1024 - 224);                   // labels
  REQUIRE(w.size() == 1024);
  if (h.extended_bytes > 0) w.zeros(static_cast<std::size_t>(h.extended_bytes));
  return w;
}

// --- .npy (NEP 1) ---

// Magic, version, header length, then the dict padded with spaces and a newline to a multiple of
// 64 bytes, as the NEP 1 format description says.
inline ByteWriter npy_preamble(int major, const std::string& dict) {
  ByteWriter w(false);
  w.u8(0x93);
  w.text("NUMPY");
  w.u8(static_cast<std::uint8_t>(major));
  w.u8(0);
  const std::size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  if (major == 1) {
    w.u16(static_cast<std::uint16_t>(header.size()));
  } else {
    w.u32(static_cast<std::uint32_t>(header.size()));
  }
  w.text(header);
  REQUIRE(w.size() % 64 == 0);
  return w;
}

inline hs::Bytes npy_file(int major, const std::string& dict, const hs::Bytes& data) {
  hs::Bytes bytes = npy_preamble(major, dict).take();
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

// --- TIFF 6.0 and BigTIFF ---

enum FieldType : std::uint16_t { kAscii = 2, kShort = 3, kLong = 4, kRational = 5, kLong8 = 16 };

struct Field {
  std::uint16_t tag;
  std::uint16_t type;
  std::uint64_t count;
  hs::Bytes value;  // encoded in the file's byte order
};

// Writes a TIFF or BigTIFF file: header, data blobs, then IFDs chained in the order given.
class TiffBuilder {
 public:
  TiffBuilder(bool big_endian, bool bigtiff) : w_(big_endian), big_endian_(big_endian), bigtiff_(bigtiff) {
    w_.text(big_endian ? "MM" : "II");
    if (bigtiff) {
      w_.u16(43), w_.u16(8), w_.u16(0);
      next_link_ = w_.size();
      w_.u64(0);
    } else {
      w_.u16(42);
      next_link_ = w_.size();
      w_.u32(0);
    }
  }

  // Appends bytes at an even offset and returns that offset.
  std::uint64_t blob(const hs::Bytes& bytes) {
    if (w_.size() % 2 != 0) w_.u8(0);
    const std::uint64_t offset = w_.size();
    for (std::uint8_t b : bytes) w_.u8(b);
    return offset;
  }

  Field uints(std::uint16_t tag, std::uint16_t type, const std::vector<std::uint64_t>& values) const {
    ByteWriter v(big_endian_);
    for (std::uint64_t x : values) v.uint(x, type == kShort ? 2 : type == kLong ? 4 : 8);
    return {tag, type, values.size(), v.take()};
  }
  Field rational(std::uint16_t tag, std::uint32_t numerator, std::uint32_t denominator) const {
    ByteWriter v(big_endian_);
    v.u32(numerator), v.u32(denominator);
    return {tag, kRational, 1, v.take()};
  }
  Field ascii(std::uint16_t tag, const std::string& text) const {
    hs::Bytes bytes(text.begin(), text.end());
    bytes.push_back(0);
    return {tag, kAscii, bytes.size(), bytes};
  }

  // Writes one IFD (fields sorted by tag, long values out of line) and links it into the chain.
  std::uint64_t ifd(std::vector<Field> fields) {
    std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.tag < b.tag; });
    const std::size_t inline_bytes = bigtiff_ ? 8 : 4;
    std::vector<std::uint64_t> value_offsets;
    for (const Field& f : fields) value_offsets.push_back(f.value.size() > inline_bytes ? blob(f.value) : 0);
    if (w_.size() % 2 != 0) w_.u8(0);
    const std::uint64_t offset = w_.size();
    w_.uint(fields.size(), bigtiff_ ? 8 : 2);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const Field& f = fields[i];
      w_.u16(f.tag), w_.u16(f.type);
      w_.uint(f.count, bigtiff_ ? 8 : 4);
      if (f.value.size() > inline_bytes) {
        w_.uint(value_offsets[i], inline_bytes);
      } else {
        for (std::uint8_t b : f.value) w_.u8(b);  // left-justified
        w_.zeros(inline_bytes - f.value.size());
      }
    }
    w_.patch(next_link_, offset, bigtiff_ ? 8 : 4);
    next_link_ = w_.size();
    w_.uint(0, bigtiff_ ? 8 : 4);
    return offset;
  }

  // Points the last IFD's "next" field somewhere else (to make loops).
  void set_last_next(std::uint64_t offset) { w_.patch(next_link_, offset, bigtiff_ ? 8 : 4); }
  hs::Bytes finish() { return w_.take(); }

 private:
  ByteWriter w_;
  bool big_endian_;
  bool bigtiff_;
  std::size_t next_link_ = 0;
};

// Tags of a one-sample uncompressed page stored in strips.
inline std::vector<Field> strip_page(const TiffBuilder& b, std::uint32_t width, std::uint32_t height,
                                     std::uint16_t bits, std::uint16_t sample_format,
                                     std::uint32_t rows_per_strip, const std::vector<std::uint64_t>& offsets,
                                     const std::vector<std::uint64_t>& counts,
                                     std::uint16_t offset_type = kLong) {
  return {b.uints(256, kShort, {width}),     b.uints(257, kShort, {height}),
          b.uints(258, kShort, {bits}),      b.uints(259, kShort, {1}),
          b.uints(262, kShort, {1}),         b.uints(273, offset_type, offsets),
          b.uints(277, kShort, {1}),         b.uints(278, kLong, {rows_per_strip}),
          b.uints(279, offset_type, counts), b.uints(339, kShort, {sample_format})};
}

// --- Reading back ---

// Reads the volume as slabs of the given depths and concatenates them.
inline std::vector<std::uint8_t> read_in_slabs(hs::VolumeReader& reader,
                                               const std::vector<std::uint64_t>& depths) {
  std::vector<std::uint8_t> all;
  std::uint64_t z = 0;
  for (std::uint64_t nz : depths) {
    std::vector<std::uint8_t> slab(nz * reader.slice_bytes());
    const hs::Status status = reader.read_slab(z, nz, slab);
    INFO((status.ok() ? std::string() : status.error().message));
    REQUIRE(status.ok());
    all.insert(all.end(), slab.begin(), slab.end());
    z += nz;
  }
  REQUIRE(z == reader.info().shape_zyx[0]);
  return all;
}

// Reads `block` and requires it to equal the matching rows of `whole`, the whole volume read as
// one slab.
inline void require_block_matches(hs::VolumeReader& reader, const std::vector<std::uint8_t>& whole,
                                  const hs::BlockRange& block) {
  const std::uint64_t height = reader.info().shape_zyx[1];
  const std::uint64_t row_bytes = reader.info().shape_zyx[2] * hs::data_type_size(reader.info().dtype);
  std::vector<std::uint8_t> out(block.nz * block.ny * row_bytes);
  const hs::Status status = reader.read_block(block, out);
  INFO(reader.info().source << ": block z " << block.z0 << "+" << block.nz << ", y " << block.y0 << "+"
                            << block.ny << " " << (status.ok() ? std::string() : status.error().message));
  REQUIRE(status.ok());
  bool same = true;
  for (std::uint64_t z = 0; z < block.nz; ++z) {
    for (std::uint64_t y = 0; y < block.ny; ++y) {
      const auto row = out.begin() + static_cast<std::ptrdiff_t>((z * block.ny + y) * row_bytes);
      const auto expected =
          whole.begin() + static_cast<std::ptrdiff_t>(((block.z0 + z) * height + block.y0 + y) * row_bytes);
      same = same && std::equal(row, row + static_cast<std::ptrdiff_t>(row_bytes), expected);
    }
  }
  REQUIRE(same);
}

// The volume read as one slab.
inline std::vector<std::uint8_t> read_whole(hs::VolumeReader& reader) {
  const std::uint64_t depth = reader.info().shape_zyx[0];
  std::vector<std::uint8_t> whole(depth * reader.slice_bytes());
  REQUIRE(reader.read_slab(0, depth, whole).ok());
  return whole;
}

// Every block (all z0, nz, y0, ny) of a small volume equals the matching part of one whole slab.
inline void require_blocks_match_slab(hs::VolumeReader& reader) {
  const std::vector<std::uint8_t> whole = read_whole(reader);
  const auto [depth, height, width] = reader.info().shape_zyx;
  for (std::uint64_t z0 = 0; z0 < depth; ++z0) {
    for (std::uint64_t nz = 1; z0 + nz <= depth; ++nz) {
      for (std::uint64_t y0 = 0; y0 < height; ++y0) {
        for (std::uint64_t ny = 1; y0 + ny <= height; ++ny) {
          require_block_matches(reader, whole, {z0, nz, y0, ny});
        }
      }
    }
  }
}

template <typename T>
T element(const std::vector<std::uint8_t>& bytes, std::size_t index) {
  T value{};
  std::memcpy(&value, bytes.data() + index * sizeof(T), sizeof(T));
  return value;
}

inline bool has_note(const hs::VolumeInfo& info, const std::string& text) {
  for (const std::string& note : info.notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace hs::io_test
