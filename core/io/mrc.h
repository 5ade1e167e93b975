// MRC2014 / CCP4 density maps and tomograms (.mrc, .map, .rec, .st, .ali): header and block reads.
//
// Read: NX/NY/NZ, MODE, MAPC/MAPR/MAPS (only the standard 1,2,3 axis order; another order is an
// 'unsupported' error), NSYMBT bytes of extended header (skipped), CELLA / MX,MY,MZ as the voxel size
// (Å -> nm), ORIGIN and NXSTART.. (reported in notes), MACHST (0x44 0x44 or 0x44 0x41: little-endian;
// 0x11 0x11: big-endian; anything else: byte order guessed from MODE, with a note), and the "MAP " id
// at byte 208 (a note if absent: pre-2000 files lack it).
// Modes: 0 int8, 1 int16, 2 float32, 6 uint16, 12 float16 (returned as float32), 101 4-bit unsigned
// (two voxels per byte, the first in the low nibble, each row padded to a whole byte; returned as
// uint8). Modes 3, 4 (complex) and 16 (RGB) are 'unsupported' errors.
// Mode 0 is signed per MRC2014. IMOD wrote unsigned bytes before version 4.2.23 and marks signed
// ones with IMODSTAMP 1146047817 at byte 152 and bit 0 of IMODFLAGS at byte 156. That convention is
// not applied here: mode 0 is always int8, and a note says when IMOD's flags claim unsigned bytes.
#pragma once

#include <memory>

#include "io/volume_reader.h"
#include "util/bytes.h"

namespace hs {

// True if `head` (the first bytes of a file) has the MRC2014 "MAP" id at byte 208.
bool looks_like_mrc(ByteView head);

Result<std::unique_ptr<VolumeReader>> open_mrc(std::unique_ptr<ByteSource> source);

}  // namespace hs
