// NumPy .npy files (format versions 1.0, 2.0 and 3.0): header and block reads.
//
// The header is a Python dict literal. It is parsed strictly, never evaluated: exactly the keys
// 'descr', 'fortran_order' and 'shape', with string, True/False and integer-tuple values.
// Types: '|b1' bool, 'i1'..'i8', 'u1'..'u8', 'f4', 'f8' and 'f2' (returned as float32), either byte
// order. Shape: (z, y, x), or (y, x) read as one slice; other ranks are errors. Fortran-order arrays
// are read by gathering runs along z and transposing each block, still in bounded memory (but with
// many small reads when blocks are thin: C order converts faster).
#pragma once

#include <memory>

#include "io/volume_reader.h"
#include "util/bytes.h"

namespace hs {

// True if `head` starts with the .npy magic "\x93NUMPY".
bool looks_like_npy(ByteView head);

Result<std::unique_ptr<VolumeReader>> open_npy(std::unique_ptr<ByteSource> source);

}  // namespace hs
