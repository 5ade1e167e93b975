// Range files by extension: RNG or RRNG.
#include "points/range_file.h"

#include "io/ascii_case.h"
#include "io/rng.h"
#include "io/rrng.h"

namespace hs {

bool is_range_file_name(std::string_view file_name) {
  return ends_with_ignoring_case(file_name, ".rrng") || ends_with_ignoring_case(file_name, ".rng");
}

Result<RangeFile> read_range_file(ByteSource& source) {
  if (ends_with_ignoring_case(source.name(), ".rng")) return read_rng(source);
  return read_rrng(source);
}

}  // namespace hs
