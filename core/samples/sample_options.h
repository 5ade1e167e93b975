// What every synthetic sample writer takes (size, seed, where exports go, progress) and returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "util/bytes.h"
#include "util/result.h"

namespace hs {

// small: seconds, for tests; medium: the demo; large: benchmarks, written streaming.
enum class SampleSize { small, medium, large };

// "small", "medium", "large".
std::string_view sample_size_name(SampleSize size);
std::optional<SampleSize> parse_sample_size(std::string_view name);

// Receives files that go beside the store (e.g. ".pos" for OUT.pos next to OUT.zarr) piece by
// piece: called repeatedly per extension, the pieces of one file in order.
using ExportAppendFn = std::function<Status(std::string_view extension, ByteView bytes)>;
// Opens a finished export (every piece appended) for reading, e.g. to convert the store from it.
using ExportOpenFn = std::function<Result<std::unique_ptr<ByteSource>>(std::string_view extension)>;

// Largest seed a sample accepts: seeds are recorded in JSON attributes, exact below 2^53.
inline constexpr std::uint64_t kMaxSampleSeed = (std::uint64_t{1} << 53) - 1;

struct SampleOptions {
  SampleSize size = SampleSize::small;
  std::uint64_t seed = 1;          // at most kMaxSampleSeed
  ExportAppendFn append_export;    // optional; samples without exports ignore it
  ExportOpenFn open_export;        // optional; lets a sample read its exports back (faster)
  std::string temp_dir;            // where a large atom probe build may spill (see octree_build.h)
  std::function<void(double fraction_done)> progress;  // optional, 0..1
  const std::atomic<bool>* cancel = nullptr;           // optional; stops with an error
};

struct SampleReport {
  std::vector<std::string> lines;  // what was written, one line each, for the user
};

}  // namespace hs
