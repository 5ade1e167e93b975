// Zarr v3 nodes (groups and arrays) in a store: node paths, keys below a node, and fetching a
// node's zarr.json.
#pragma once

#include <string>
#include <string_view>

#include "json/json.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

// "" is the root node; otherwise '/'-separated names, none empty, none made only of periods, none
// starting with "__" (reserved). ErrorCode::invalid_argument otherwise.
Status validate_node_path(std::string_view path);

// `relative` below the node: "zarr.json" for the root, "a/b/c/0/0" for node "a/b".
std::string node_key(std::string_view node_path, std::string_view relative);

// The parsed zarr.json of the node at `path` and the name to use in messages (the store's
// description of the key). ErrorCode::not_found when the store has no zarr.json there; parse
// errors name the document.
struct NodeDocument {
  json::Value document;
  std::string source;
};
Result<NodeDocument> read_node_document(ReadableStore& store, std::string_view path);

}  // namespace hs
