// Records a sample's ground truth in its store: attributes.heteroscope.truth of the root group.
#pragma once

#include "json/json.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

// Reads the root group's zarr.json, sets attributes.heteroscope.truth = `truth` (creating the
// heteroscope object if missing) and writes it back. Errors: the store's, or a root that is no group.
Status attach_truth(WritableStore& store, json::Value truth);

}  // namespace hs
