// Zip archives built by hand for the zip store tests, following PKWARE's APPNOTE: local headers,
// central directory, end record (optionally the ZIP64 records and extra fields), with a bitwise
// CRC-32 written from its definition.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store_test_util.h"

namespace hs::test {

// CRC-32 (ISO-HDLC) bit by bit: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF.
inline std::uint32_t reference_crc32(const Bytes& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const std::uint8_t byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

struct ZipSpec {
  std::string name;
  Bytes data;                  // as stored (already "compressed" when method != 0)
  std::uint16_t method = 0;    // 0 stored, 8 deflated
  std::uint16_t flags = 0;     // bit 0: encrypted
  bool zip64 = false;          // sizes and offset in a ZIP64 extra field
  std::uint64_t size = ~std::uint64_t{0};  // uncompressed size; default: data.size()
};

struct ZipOptions {
  std::string comment;
  bool zip64_end = false;  // ZIP64 end record + locator, end record fields set to their markers
};

// Offsets of the parts of a built archive, for tests that damage them.
struct BuiltZip {
  Bytes bytes;
  std::vector<std::uint64_t> local_offsets;
  std::vector<std::uint64_t> central_offsets;
  std::uint64_t central_offset = 0;
  std::uint64_t end_offset = 0;  // of the (classic) end record
};

inline BuiltZip build_zip(const std::vector<ZipSpec>& specs, const ZipOptions& options = {}) {
  BuiltZip zip;
  Bytes& out = zip.bytes;
  for (const ZipSpec& spec : specs) {
    zip.local_offsets.push_back(out.size());
    const std::uint64_t size = spec.size == ~std::uint64_t{0} ? spec.data.size() : spec.size;
    put_le(out, 0x04034b50, 4);
    put_le(out, spec.zip64 ? 45 : 20, 2);  // version needed
    put_le(out, spec.flags, 2);
    put_le(out, spec.method, 2);
    put_le(out, 0, 2);       // time
    put_le(out, 0x5B21, 2);  // date
    put_le(out, reference_crc32(spec.data), 4);
    put_le(out, spec.zip64 ? 0xFFFFFFFF : spec.data.size(), 4);
    put_le(out, spec.zip64 ? 0xFFFFFFFF : size, 4);
    put_le(out, spec.name.size(), 2);
    put_le(out, spec.zip64 ? 20 : 0, 2);
    out.insert(out.end(), spec.name.begin(), spec.name.end());
    if (spec.zip64) {
      put_le(out, 0x0001, 2);
      put_le(out, 16, 2);
      put_le(out, size, 8);
      put_le(out, spec.data.size(), 8);
    }
    out.insert(out.end(), spec.data.begin(), spec.data.end());
  }
  zip.central_offset = out.size();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ZipSpec& spec = specs[i];
    const std::uint64_t size = spec.size == ~std::uint64_t{0} ? spec.data.size() : spec.size;
    zip.central_offsets.push_back(out.size());
    put_le(out, 0x02014b50, 4);
    put_le(out, 0x031E, 2);  // made by: Unix, 3.0
    put_le(out, spec.zip64 ? 45 : 20, 2);
    put_le(out, spec.flags, 2);
    put_le(out, spec.method, 2);
    put_le(out, 0, 2);
    put_le(out, 0x5B21, 2);
    put_le(out, reference_crc32(spec.data), 4);
    put_le(out, spec.zip64 ? 0xFFFFFFFF : spec.data.size(), 4);
    put_le(out, spec.zip64 ? 0xFFFFFFFF : size, 4);
    put_le(out, spec.name.size(), 2);
    put_le(out, spec.zip64 ? 4 + 24 + 4 + 4 : 4 + 4, 2);  // extra length
    put_le(out, 0, 2);                                     // comment length
    put_le(out, 0, 2);                                     // disk
    put_le(out, 0, 2);                                     // internal attributes
    put_le(out, 0x81A40000u, 4);                           // external: -rw-r--r--
    put_le(out, spec.zip64 ? 0xFFFFFFFF : zip.local_offsets[i], 4);
    out.insert(out.end(), spec.name.begin(), spec.name.end());
    put_le(out, 0xCAFE, 2);  // an unknown extra field first, which readers must skip
    put_le(out, 4, 2);
    put_le(out, 0x01020304, 4);
    if (spec.zip64) {
      put_le(out, 0x0001, 2);
      put_le(out, 24, 2);
      put_le(out, size, 8);
      put_le(out, spec.data.size(), 8);
      put_le(out, zip.local_offsets[i], 8);
    }
  }
  const std::uint64_t central_size = out.size() - zip.central_offset;
  if (options.zip64_end) {
    const std::uint64_t record_offset = out.size();
    put_le(out, 0x06064b50, 4);
    put_le(out, 44, 8);  // size of the rest of the record
    put_le(out, 45, 2);
    put_le(out, 45, 2);
    put_le(out, 0, 4);
    put_le(out, 0, 4);
    put_le(out, specs.size(), 8);
    put_le(out, specs.size(), 8);
    put_le(out, central_size, 8);
    put_le(out, zip.central_offset, 8);
    put_le(out, 0x07064b50, 4);  // locator
    put_le(out, 0, 4);
    put_le(out, record_offset, 8);
    put_le(out, 1, 4);
  }
  zip.end_offset = out.size();
  put_le(out, 0x06054b50, 4);
  put_le(out, 0, 2);
  put_le(out, 0, 2);
  put_le(out, options.zip64_end ? 0xFFFF : specs.size(), 2);
  put_le(out, options.zip64_end ? 0xFFFF : specs.size(), 2);
  put_le(out, options.zip64_end ? 0xFFFFFFFF : central_size, 4);
  put_le(out, options.zip64_end ? 0xFFFFFFFF : zip.central_offset, 4);
  put_le(out, options.comment.size(), 2);
  out.insert(out.end(), options.comment.begin(), options.comment.end());
  return zip;
}

}  // namespace hs::test
