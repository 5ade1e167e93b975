// Zarr v3 group metadata (a group's zarr.json): its attributes, read strictly and written back.
#pragma once

#include <string_view>

#include "json/json.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

struct GroupMetadata {
  json::Object attributes;
};

// Reads the document of a group's zarr.json: zarr_format 3, node_type "group", optional
// "attributes" object. Unknown members are errors unless {"must_understand": false};
// "consolidated_metadata" (written by zarr-python) is accepted and ignored. Messages start with
// `source`.
Result<GroupMetadata> parse_group_metadata(const json::Value& document, std::string_view source);

// Reads and parses the zarr.json of the group at `path` (see node.h for errors).
Result<GroupMetadata> read_group_metadata(ReadableStore& store, std::string_view path);

json::Value group_metadata_to_json(const GroupMetadata& metadata);

}  // namespace hs
