// Scientific colormaps (issue 6): grays, viridis, magma, inferno, cividis, turbo and Moreland's
// cool-warm diverging map, each forward or reversed, as sRGB colours of a value t in [0, 1] and as
// an RGBA8 lookup texture. No GL here: the renderer uploads the texture, the UI lists the names.
//
// Where the colours come from (details beside the data in colormap_tables.cpp and colormap.cpp):
// - grays: linear ramp, sRGB value = t.
// - viridis, magma, inferno (van der Walt & Smith 2015, CC0), cividis (Nuñez, Anderton & Renslow
//   2018) and turbo (Mikhailov 2019, Google LLC, Apache-2.0): control points taken from their
//   published 256-entry tables, joined by straight lines in sRGB; the points are chosen so that
//   every entry of the published table is reproduced within 0.5/255.
// - coolwarm: Moreland 2009, "Diverging Color Maps for Scientific Visualization": endpoints
//   (59, 76, 192) and (180, 4, 38) interpolated in his Msh space through white (M = 88).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace hs {

enum class ColormapId { grays, viridis, magma, inferno, cividis, turbo, coolwarm /* diverging */ };

// Every colormap in the order the UI lists them.
inline constexpr std::array<ColormapId, 7> kColormaps = {
    ColormapId::grays,   ColormapId::viridis, ColormapId::magma,   ColormapId::inferno,
    ColormapId::cividis, ColormapId::turbo,   ColormapId::coolwarm};

// The name shown in the UI and stored in the view state: "grays", "viridis", "magma", "inferno",
// "cividis", "turbo", "coolwarm".
std::string_view colormap_name(ColormapId id);

// The colormap with exactly that name (lower case, as colormap_name gives it). An unknown name is
// an ErrorCode::parse error naming `source` (e.g. the JSON path of the field), the offending text
// (made printable and cut) and the accepted names.
Result<ColormapId> parse_colormap_name(std::string_view name, std::string_view source);

// The colour of NaN in every map, forward or reversed: magenta, a colour none of the maps
// contains, so a NaN that reaches a colormap never passes for data. (Layers that want no-data
// transparent test for it before calling.)
inline constexpr std::array<float, 3> kColormapNanRgb = {1.0f, 0.0f, 1.0f};

// sRGB colour (each channel in [0, 1], not linearised) of value t: t below 0 (including -inf)
// counts as 0, above 1 (including +inf) as 1, NaN gives kColormapNanRgb. Reversed gives the
// forward colour of 1 - t.
std::array<float, 3> colormap_rgb(ColormapId id, double t, bool reversed);

inline constexpr int kMinColormapTextureWidth = 2;
inline constexpr int kMaxColormapTextureWidth = 4096;

// A 1-row lookup texture: `width` texels of 4 bytes R, G, B, A (sRGB-encoded 8-bit values, each
// channel round(255 c); alpha 255), texel i holding the colour of t = i / (width - 1), so the
// first and last texels are exactly the ends of the map. Sample it at
// u = (t (width - 1) + 0.5) / width for linear filtering between texel centres. Upload as plain
// RGBA8 when the shader writes display values, or as SRGB8_ALPHA8 to blend in linear light.
// `width` outside [kMinColormapTextureWidth, kMaxColormapTextureWidth] is clamped into it.
// Reversed gives the forward texture mirrored texel for texel.
std::vector<std::uint8_t> colormap_texture_rgba8(ColormapId id, bool reversed, int width);

}  // namespace hs
