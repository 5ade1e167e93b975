// The synthetic samples by name: what `heteroscope sample NAME` and the demo can write.
#pragma once

#include <span>
#include <string_view>

#include "samples/sample_options.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

using SampleWriteFn = Result<SampleReport> (*)(WritableStore& out, const SampleOptions& options);

struct SampleEntry {
  std::string_view name;         // e.g. "apt-nmc811"
  std::string_view description;  // one line
  SampleWriteFn write;
};

// Every sample, in the order `--list` prints them.
std::span<const SampleEntry> sample_catalog();

// The entry named `name`, or nullptr.
const SampleEntry* find_sample(std::string_view name);

// Writes sample `name` into `out` (an empty store). Errors: an unknown name (listing the known
// ones), a seed above kMaxSampleSeed, a size the sample does not come in, and the writer's own.
Result<SampleReport> write_sample(std::string_view name, WritableStore& out, const SampleOptions& options);

}  // namespace hs
