// Writes the xrdct-lmo samples (see xrdct_lmo_model.h) as OME-Zarr images through the volume
// converter: one lattice-parameter channel (Å, no data = 0, characteristic range 8.076–8.145 Å),
// five operando time points, the ground truth in attributes.heteroscope.truth.
#pragma once

#include "samples/sample_options.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

// The fresh electrode: small 64×64×12, medium 202×202×40 (2 µm voxels), large 1024×1024×256
// (0.5 µm), written slab by slab (memory: the converter's, plus the particle table).
Result<SampleReport> write_xrdct_lmo(WritableStore& out, const SampleOptions& options);
// The same electrode after 150 cycles: broader distributions, more non-characteristic voxels.
Result<SampleReport> write_xrdct_lmo_aged(WritableStore& out, const SampleOptions& options);
// The 301×301×1 slice at 1 µm; comes in one size (medium): other sizes are an error.
Result<SampleReport> write_xrdct_lmo_slice(WritableStore& out, const SampleOptions& options);

}  // namespace hs
