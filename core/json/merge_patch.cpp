// JSON Merge Patch (RFC 7386), written from the pseudocode of its section 2.
#include "json/merge_patch.h"

#include <algorithm>

namespace hs::json {

Value merge_patch(Value target, const Value& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = Value(Object{});
  Object& members = target.as_object();
  for (const Member& change : patch.as_object()) {
    const std::string& key = change.first;
    const Value& value = change.second;
    auto it = std::find_if(members.begin(), members.end(), [&](const Member& m) { return m.first == key; });
    if (value.is_null()) {
      if (it != members.end()) members.erase(it);
    } else if (it != members.end()) {
      it->second = merge_patch(std::move(it->second), value);
    } else {
      members.emplace_back(key, merge_patch(Value(), value));
    }
  }
  return target;
}

}  // namespace hs::json
