// POS reader: the classic atom probe reconstruction, big-endian float32 records of x, y, z (nm)
// and mass-to-charge (Da), 16 bytes per ion, no header.
#pragma once

#include <memory>

#include "io/byte_source.h"
#include "io/point_reader.h"
#include "util/result.h"

namespace hs {

inline constexpr std::size_t kPosRecordBytes = 16;

// Opens a POS file; an error naming the file if its size is not a multiple of 16 bytes.
// Decodes one POS record (x, y, z, m) into out[index]; an EPOS record starts with one.
void decode_pos_record(const std::uint8_t* record, IonBatch& out, std::size_t index);

Result<std::unique_ptr<PointReader>> open_pos(std::unique_ptr<ByteSource> source);

}  // namespace hs
