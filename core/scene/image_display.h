// How an image layer is drawn: rendering mode, channel and time point, colormap, display window,
// opacity, isosurface level and the out-of-range highlight. Part of a layer's view state; values
// are in the data's own unit (e.g. Å for a lattice parameter), unset ones follow the dataset's
// metadata (omero window, middle of the window for the isosurface).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "json/json.h"
#include "scene/colormap.h"
#include "scene/state_fields.h"

namespace hs {

enum class VolumeMode {
  mip,        // maximum intensity projection
  minip,      // minimum intensity projection
  composite,  // front-to-back emission-absorption with the colormap and a linear opacity ramp
  isosurface, // first crossing of the level, lit by the gradient
};

// "mip", "minip", "composite", "isosurface"; the UI labels the same modes in words.
std::string_view volume_mode_name(VolumeMode mode);

inline constexpr int kMaxTimeIndex = 1 << 20;
inline constexpr int kMaxChannelIndex = 1 << 10;

struct ImageDisplay {
  VolumeMode mode = VolumeMode::mip;
  int channel = 0;  // shown channel, 0-based
  int time = 0;     // time point, 0-based
  // Colours: the channel's own colour ramp (black to the omero colour) when unset.
  std::optional<ColormapId> colormap;
  bool reversed = false;
  std::optional<std::pair<double, double>> window;  // start, end; the omero window when unset
  double opacity = 1.0;                             // 0..1
  std::optional<double> iso_level;                  // the middle of the window when unset
  bool highlight_out_of_range = true;               // only where the channel has a characteristic range

  friend bool operator==(const ImageDisplay&, const ImageDisplay&) = default;
};

// Reads the "display" object of a layer at `path`, field by field (see state_fields.h).
void read_image_display(const json::Value& value, const std::string& path, ImageDisplay& display, StateReport& report);
// The fields that differ from their defaults (empty when all are at their defaults).
json::Object image_display_to_json(const ImageDisplay& display);

}  // namespace hs
