// Strict parsing and writing of group zarr.json documents.
#include "store/group_metadata.h"

#include "store/detail/metadata_json.h"
#include "store/node.h"

namespace hs {

Result<GroupMetadata> parse_group_metadata(const json::Value& document, std::string_view source) {
  if (!document.is_object()) return detail::metadata_error(source, "zarr.json must hold a JSON object");
  if (Status s = detail::check_members(
          document.as_object(), {"zarr_format", "node_type", "attributes", "consolidated_metadata"}, source);
      !s) {
    return s.error();
  }
  const json::Value* format = document.find("zarr_format");
  if (format == nullptr || !format->is_number() || format->as_number() != 3) {
    return make_error(ErrorCode::unsupported,
                      std::string(source) + ": not Zarr v3 (\"zarr_format\" must be 3)");
  }
  const json::Value* node_type = document.find("node_type");
  if (node_type == nullptr || !node_type->is_string() || node_type->as_string() != "group") {
    return detail::metadata_error(source, "not a group (\"node_type\" is not \"group\")");
  }
  GroupMetadata metadata;
  if (const json::Value* attributes = document.find("attributes")) {
    if (!attributes->is_object()) return detail::metadata_error(source, "\"attributes\" must be an object");
    metadata.attributes = attributes->as_object();
  }
  return metadata;
}

Result<GroupMetadata> read_group_metadata(ReadableStore& store, std::string_view path) {
  Result<NodeDocument> node = read_node_document(store, path);
  if (!node) return node.error();
  return parse_group_metadata(node->document, node->source);
}

json::Value group_metadata_to_json(const GroupMetadata& metadata) {
  return json::Value(json::Object{{"zarr_format", json::Value(3)},
                                  {"node_type", json::Value("group")},
                                  {"attributes", json::Value(metadata.attributes)}});
}

}  // namespace hs
