// JSON Merge Patch (RFC 7386): a tour step states only what changes from the step before.
#pragma once

#include "json/json.h"

namespace hs::json {

// Applies `patch` to `target` as RFC 7386 section 2 defines: an object patch merges member by
// member (null removes a member, objects merge recursively); any other patch replaces the target.
// Recursion follows the patch's depth, which json::parse bounds.
Value merge_patch(Value target, const Value& patch);

}  // namespace hs::json
