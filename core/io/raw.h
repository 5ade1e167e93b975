// Headerless ("raw") volume files: shape, element type, byte order and header size come from the
// caller; the file size must match them exactly.
#pragma once

#include <memory>

#include "io/volume_reader.h"

namespace hs {

// Errors if the file is not exactly layout.header_bytes + nz * ny * nx * element size bytes long.
Result<std::unique_ptr<VolumeReader>> open_raw(std::unique_ptr<ByteSource> source, const RawLayout& layout);

}  // namespace hs
