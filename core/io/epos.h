// EPOS reader: POS extended with detector data, big-endian 44-byte records of x, y, z (nm), mass
// (Da), time of flight (ns), DC and pulse voltage (V), detector x, y (mm) as float32, then
// pulses since the last event and event multiplicity as int32.
#pragma once

#include <memory>

#include "io/byte_source.h"
#include "io/point_reader.h"
#include "util/result.h"

namespace hs {

inline constexpr std::size_t kEposRecordBytes = 44;

// Opens an EPOS file; an error naming the file if its size is not a multiple of 44 bytes.
Result<std::unique_ptr<PointReader>> open_epos(std::unique_ptr<ByteSource> source);

}  // namespace hs
