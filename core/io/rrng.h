// RRNG range files (CAMECA IVAS): an INI-like text with [Ions] and [Ranges] sections. Reads the
// element-count form ("Range1=57.8 58.2 Vol:0.01094 Ni:1 O:1 Color:00FF00"), the Name: form, CRLF,
// '#' comments, ',' decimal separators and any case of section and key names; writes files that
// read back to the same table.
#pragma once

#include <string>
#include <string_view>

#include "io/byte_source.h"
#include "points/range_table.h"
#include "util/result.h"

namespace hs {

// Parses RRNG text; `source` names the file in messages. Ions come from [Ions] in order (their
// composition from the name when it is a formula), then molecular ions that ranges define by
// element counts and that no listed ion matches, named by formula ("NiO"). A range's Name: picks
// the ion of that name. Colours are per range in the file and per ion in the table: an ion takes
// the colour of its first range (a different colour on a later range is a warning). Overlapping
// ranges, unknown keys and fields are warnings; structural problems are errors naming the line.
Result<RangeFile> parse_rrng(std::string_view text, std::string_view source);

// Reads and parses a whole RRNG file.
Result<RangeFile> read_rrng(ByteSource& source);

// RRNG text for `table`: [Ions] lists every ion by name; each range gives its masses, Vol:, the
// ion's element counts, Name: and Color:. parse_rrng of the result gives back the same table when
// each ion's charge is the one its name implies (trailing '+'), colours are whole 8-bit values
// (n / 255) and ions without ranges have the default colour and their name's composition. Masses
// and volumes are written with the fewest decimals (at least 4) that read back exactly. An error
// naming `destination` if the table is invalid or an ion's name cannot be written (empty,
// whitespace, ':', '=', '[', ']', '#', control characters, or a name used twice).
Result<std::string> write_rrng(const RangeTable& table, std::string_view destination);

}  // namespace hs
