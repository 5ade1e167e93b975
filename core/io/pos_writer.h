// Writes atom probe ions as POS records (x, y, z, m: big-endian float32, 16 bytes) and EPOS
// records (POS + tof, V_dc, V_pulse, detector x, y as float32, then delta pulse and multiplicity
// as int32: 44 bytes), the layouts io/pos.h and io/epos.h read.
#pragma once

#include "io/point_reader.h"
#include "util/bytes.h"

namespace hs {

// Appends one POS record per ion of `ions` to `out`.
void append_pos_records(const IonBatch& ions, Bytes& out);

// Appends one EPOS record per ion; `ions` must hold every EPOS field (asserts).
void append_epos_records(const IonBatch& ions, Bytes& out);

}  // namespace hs
