// How an image layer is drawn: rendering mode, channel and time point, colormap, display window,
// opacity, isosurface level and the out-of-range highlight. Part of a layer's view state; values
// are in the data's own unit (e.g. Å for a lattice parameter), unset ones follow the dataset's
// metadata (omero window, middle of the window for the isosurface).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "scene/colormap.h"
#include "scene/state_fields.h"
#include "store/ome_multiscales.h"

namespace hs {

enum class VolumeMode {
  mip,        // maximum intensity projection
  minip,      // minimum intensity projection
  composite,  // front-to-back emission-absorption with the colormap and a linear opacity ramp
  isosurface, // first crossing of the level, lit by the gradient
  slices,     // orthogonal planes through slice_position, opaque
};

// "mip", "minip", "composite", "isosurface", "slices"; the UI labels the same modes in words.
std::string_view volume_mode_name(VolumeMode mode);

inline constexpr int kMaxTimeIndex = 1 << 20;
inline constexpr int kMaxChannelIndex = 1 << 10;
inline constexpr double kMinQuality = 0.25;
inline constexpr double kMaxQuality = 4.0;

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
  double quality = 1.0;                             // ray samples per voxel, kMinQuality..kMaxQuality
  // Fractions of the volume's box along x, y, z (0 = lower face, 1 = upper face).
  std::array<double, 3> slice_position{0.5, 0.5, 0.5};  // where the slices mode cuts
  std::array<bool, 3> slice_axes{true, true, true};     // planes drawn: normal to x, y, z
  std::array<double, 3> clip_min{0.0, 0.0, 0.0};        // every mode shows only this box
  std::array<double, 3> clip_max{1.0, 1.0, 1.0};

  friend bool operator==(const ImageDisplay&, const ImageDisplay&) = default;
};

// The settings as drawn for one image: indices clamped to what the image has, the window and the
// isosurface level filled in from the metadata, the highlight range present only when switched on
// and the channel has a characteristic range. window.first < window.second always.
struct ResolvedImageDisplay {
  int channel = 0, time = 0;
  std::pair<double, double> window{0.0, 1.0};
  double iso_level = 0.5;
  std::optional<std::pair<double, double>> highlight_range;
  std::string quantity, unit;  // of the channel, for labels ("lattice parameter", "Å")
  std::array<float, 3> channel_rgb{1.0f, 1.0f, 1.0f};  // the channel's omero colour, sRGB in [0, 1]
};
ResolvedImageDisplay resolve_image_display(const ImageDisplay& display, const VolumeMetadata& metadata,
                                           std::uint64_t channel_count, std::uint64_t time_count);

// What the shown values are, for labels: "lattice parameter (Å)", else the channel's label with
// the unit, else "value".
std::string display_value_label(const VolumeMetadata& metadata, const ResolvedImageDisplay& resolved);

// Colour of values outside the characteristic range: pink, as in the operando XRD-CT paper.
inline constexpr std::array<float, 3> kHighlightRgb = {1.0f, 0.41f, 0.71f};

// The colours of a display as an RGBA8 row of `width` texels (clamped like colormap_texture_rgba8),
// texel i for window position i / (width - 1): the colormap, or when none is chosen a ramp from
// black to the channel's colour `channel_rgb` (sRGB in [0, 1]). The renderer and the colorbar use it.
std::vector<std::uint8_t> display_colors_rgba8(const ImageDisplay& display, const std::array<float, 3>& channel_rgb,
                                               int width);

// Reads the "display" object of a layer at `path`, field by field (see state_fields.h).
void read_image_display(const json::Value& value, const std::string& path, ImageDisplay& display, StateReport& report);
// The fields that differ from their defaults (empty when all are at their defaults).
json::Object image_display_to_json(const ImageDisplay& display);

}  // namespace hs
