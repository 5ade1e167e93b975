// Node paths and reading a node's zarr.json document.
#include "store/node.h"

#include <algorithm>
#include <optional>

namespace hs {

Status validate_node_path(std::string_view path) {
  if (path.empty()) return {};
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = std::min(path.find('/', begin), path.size());
    const std::string_view name = path.substr(begin, end - begin);
    const bool only_periods = name.find_first_not_of('.') == std::string_view::npos;
    if (name.empty() || only_periods || name.substr(0, 2) == "__") {
      return make_error(ErrorCode::invalid_argument,
                        "'" + std::string(path) +
                            "' is not a valid Zarr node path (empty, '.', '..' or "
                            "'__'-prefixed name)");
    }
    if (end == path.size()) return {};
    begin = end + 1;
  }
}

std::string node_key(std::string_view node_path, std::string_view relative) {
  if (node_path.empty()) return std::string(relative);
  return std::string(node_path) + "/" + std::string(relative);
}

Result<NodeDocument> read_node_document(ReadableStore& store, std::string_view path) {
  if (Status s = validate_node_path(path); !s) return s.error();
  const std::string key = node_key(path, "zarr.json");
  NodeDocument node{json::Value(), store.describe(key)};
  Result<std::optional<Bytes>> bytes = store.get(key);
  if (!bytes) return bytes.error();
  if (!*bytes)
    return make_error(ErrorCode::not_found, node.source + ": no such Zarr v3 node (zarr.json missing)");
  const std::string_view text(reinterpret_cast<const char*>((*bytes)->data()), (*bytes)->size());
  Result<json::Value> document = json::parse(text, node.source);
  if (!document) return document.error();
  if (!document->is_object()) {
    return make_error(ErrorCode::parse, node.source + ": zarr.json must hold a JSON object");
  }
  node.document = std::move(*document);
  return node;
}

}  // namespace hs
