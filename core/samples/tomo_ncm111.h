// Writes the tomo-ncm111 sample (see tomo_ncm111_model.h) as a six-channel OME-Zarr image through
// the volume converter (axes in nm), with the ground truth in attributes.heteroscope.truth.
#pragma once

#include "samples/sample_options.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

// small 128³, medium 256³ (1 nm voxels), large 768³ (0.5 nm), written block by block (memory:
// the converter's).
Result<SampleReport> write_tomo_ncm111(WritableStore& out, const SampleOptions& options);

}  // namespace hs
