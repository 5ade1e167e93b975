// CAMECA APSuite 6 ".apt" reader: a little-endian file header, then self-describing sections
// (positions, masses, detector and voltage data) stored column by column. The byte layout is
// documented as a table at the top of cameca_apt.cpp.
#pragma once

#include <memory>

#include "io/byte_source.h"
#include "io/point_reader.h"
#include "util/bytes.h"
#include "util/result.h"

namespace hs {

// True when `head` starts with the file signature "APT\0".
bool has_cameca_apt_magic(ByteView head);

// Opens an .apt file: reads the header and every section header, maps the known sections
// (Position, Mass, tof, Voltage, XDet_mm, YDet_mm, Multiplicity, pulseDelta) and skips the others.
// Every declared count and size is checked against the file length; errors name the file, the
// section and the problem. Position and Mass are required.
Result<std::unique_ptr<PointReader>> open_cameca_apt(std::unique_ptr<ByteSource> source);

}  // namespace hs
