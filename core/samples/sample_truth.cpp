// attributes.heteroscope.truth of a sample's root group.
#include "samples/sample_truth.h"

#include <algorithm>
#include <utility>

#include "store/group_metadata.h"
#include "store/zarr_writer.h"

namespace hs {

Status attach_truth(WritableStore& store, json::Value truth) {
  auto group = read_group_metadata(store, "");
  if (!group) return group.error();
  json::Object& attributes = group->attributes;
  auto ours = std::find_if(attributes.begin(), attributes.end(), [](const json::Member& m) { return m.first == "heteroscope"; });
  if (ours == attributes.end() || !ours->second.is_object()) {
    if (ours != attributes.end()) attributes.erase(ours);
    attributes.emplace_back("heteroscope", json::Object{});
    ours = attributes.end() - 1;
  }
  ours->second.set("truth", std::move(truth));
  return write_group(store, "", *group);
}

}  // namespace hs
