// What a Zarr dataset holds, as the lines `heteroscope info` prints and the viewer's dataset window
// shows: for OME-Zarr images the levels, shards, bricks, codecs, channels, units and time points;
// for point stores the ion count, bounds, mass range, octree and species; for a bare array its
// shape, type and codecs. Reads only metadata documents (and a point store's node table).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "json/json.h"
#include "points/range_table.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

enum class DatasetKind { image, points, array };

struct DatasetSummary {
  DatasetKind kind = DatasetKind::array;
  std::string title;            // first line: "NAME: OME-Zarr 0.5 image \"label\""
  std::string details;          // further lines, each ending in '\n', indented by two spaces
  std::vector<std::string> warnings;  // metadata oddities that did not stop reading
  // The node documents read, by path ("" is the root; for images also each level's array, for
  // point stores the `nodes` and `spectrum` arrays), so
  // that a viewer can lay the dataset out without reading them again.
  json::Object documents;
};

// `name` is how messages and the title call the dataset (a path or URL).
Result<DatasetSummary> summarize_dataset(ReadableStore& store, const std::string& name);

// Counts and fractions per species, then the atomic composition with molecular ions decomposed:
// indented lines, each ending in '\n'.
std::string species_lines(const RangeTable& table, std::span<const std::uint64_t> per_ion, std::uint64_t unranged,
                          std::uint64_t ion_count);

// "image", "points" or "array".
const char* dataset_kind_name(DatasetKind kind);

}  // namespace hs
