// Input of the volume analyses: one channel at one time point of an OME-Zarr image, read at a
// chosen pyramid level (or the finest that fits a memory budget) into a FloatGrid, brick by brick.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "store/store.h"
#include "util/result.h"
#include "volume/image_layout.h"

namespace hs {

// An OME-Zarr image opened for analysis: its layout and how messages call it.
struct AnalysisImage {
  std::string name;                   // path or URL of the store, for messages
  ImageLayout layout;
  std::vector<std::string> warnings;  // metadata oddities that did not stop reading
};

// Reads the image group at the root of `store` (only metadata documents). Errors name `name`:
// not a Zarr group, not an OME-Zarr image, inconsistent axes or levels.
Result<AnalysisImage> open_analysis_image(ReadableStore& store, const std::string& name);

// Which part of the image an analysis reads.
struct VolumeSelection {
  std::size_t level = 0;      // 0 = finest
  std::uint64_t channel = 0;
  std::uint64_t time = 0;
};

// Bytes of `channels` float grids of level `level` (4 bytes per voxel each); nullopt on overflow.
std::optional<std::uint64_t> level_float_bytes(const ImageLayout& layout, std::size_t level, std::uint64_t channels);

// The finest level whose `channels` float grids take at most `budget_bytes`; nullopt when not
// even the coarsest level fits.
std::optional<std::size_t> choose_level(const ImageLayout& layout, std::uint64_t channels, std::uint64_t budget_bytes);

// Reads `selection` into a FloatGrid: values as stored, converted to float; the channel's no-data
// value (attributes.heteroscope) and NaN become NaN. The voxel size is the level's multiscales
// scale along z, y, x in the axes' unit (a 2-D image gives one z slice with the y size).
// Reads brick by brick, reporting progress (per brick) through `control` and stopping with
// cancelled_error() when asked. Errors name the store and the array: a level, channel or time
// point out of range, a grid too large for this platform's memory, and the reader's own errors.
Result<FloatGrid> read_volume(ReadableStore& store, const AnalysisImage& image, const VolumeSelection& selection,
                              const AnalysisControl* control = nullptr);

// Reads a labels image (channel 0, time 0 of `level`; uint8, uint16 or uint32 elements) into a
// LabelGrid, brick by brick, with the voxel size as read_volume gives it. Errors as read_volume's,
// and for other element types.
Result<LabelGrid> read_labels(ReadableStore& store, const AnalysisImage& image, std::size_t level,
                              const AnalysisControl* control = nullptr);

}  // namespace hs
