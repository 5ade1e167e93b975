// Writes the apt-nmc811 sample (see apt_nmc811_model.h): the point store of the needle through the
// point-store converter, its ground truth in attributes.heteroscope.truth, the range file as the
// store key "ranges.rrng", and the exports ".pos", ".epos" and ".rrng" through append_export.
#pragma once

#include "samples/sample_options.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

// Generates every ion once for the exports and the counts, then converts the store from the EPOS
// export when options.open_export can reopen it, else from the generator (several times slower:
// the converter re-reads EPOS fields by index, and each read generates ions again). Keeps at most
// one batch of ions plus the converter's memory (large spills to options.temp_dir). The octree
// seed is options.seed. Errors: the store's, the export sink's, cancellation.
Result<SampleReport> write_apt_nmc811(WritableStore& out, const SampleOptions& options);

}  // namespace hs
