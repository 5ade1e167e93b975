// ATO reader: the Rouen (GPM) / LAWATAP atom probe format, version 3 — an 8-byte header whose
// second little-endian uint32 is the version, then little-endian float32 records of 14 fields.
//
// Record fields (index: content, unit in the file -> what the reader returns):
//   0-2 x, y, z (Å -> nm)   3 mass-to-charge (Da)   4 cluster id (not read)   5 pulse number (not read)
//   6 DC voltage (kV -> V)  7 time of flight (ns)   8-9 detector x, y (cm -> mm)
//   10 pulse voltage (kV -> V)   11 virtual voltage, 12-13 Fourier R, I (not read)
// Versions 4 and 5 (a 5000-byte header, 40-byte records with packed int16 positions) are rejected
// as unsupported: public descriptions of their units disagree.
#pragma once

#include <memory>

#include "io/byte_source.h"
#include "io/point_reader.h"
#include "util/result.h"

namespace hs {

inline constexpr std::size_t kAtoHeaderBytes = 8;
inline constexpr std::size_t kAtoRecordBytes = 14 * 4;

// Opens an ATO v3 file; errors name the file and the problem (version, size not a whole number of records).
Result<std::unique_ptr<PointReader>> open_ato(std::unique_ptr<ByteSource> source);

}  // namespace hs
