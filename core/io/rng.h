// RNG range files (Oak Ridge): "ions ranges" on the first line, per ion a name line and a
// "symbol r g b" line, a "------- Ni O ..." header naming the columns, then per range
// ". low high volume n1 n2 ..." with how many of each column's ion the range holds.
#pragma once

#include <string_view>

#include "io/byte_source.h"
#include "points/range_table.h"
#include "util/result.h"

namespace hs {

// Parses RNG text; `source` names the file in messages. Ions are named by their symbol (their
// composition from it when it is a formula; the full-name line is not used) with the given colour. A range
// with a single 1 belongs to that column's ion; any other combination ("1 1", "0 2") is a molecular ion made
// of the columns' atoms, matched by composition to an existing ion or added under its formula name
// ("NiO", "O2") with the colour of its first column. CRLF, blank lines and '#' comment lines are
// accepted, ',' as a decimal separator too. Overlaps and ranges that name no ion are warnings.
Result<RangeFile> parse_rng(std::string_view text, std::string_view source);

// Reads and parses a whole RNG file.
Result<RangeFile> read_rng(ByteSource& source);

}  // namespace hs
