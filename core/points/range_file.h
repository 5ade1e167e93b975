// Picks the range-file parser by extension: ".rng" (any case) is RNG, anything else RRNG. Shared
// by the CLI's convert and info and by drag-and-drop.
#pragma once

#include <string_view>

#include "io/byte_source.h"
#include "points/range_table.h"
#include "util/result.h"

namespace hs {

// Whether `file_name` ends in .rrng or .rng (any case).
bool is_range_file_name(std::string_view file_name);

// Reads and parses a whole range file: RNG when source.name() ends in .rng, RRNG otherwise.
Result<RangeFile> read_range_file(ByteSource& source);

}  // namespace hs
