// Control points of the tabulated colormaps (viridis, magma, inferno, cividis, turbo); internal to
// colormap.cpp, which interpolates them.
#pragma once

#include <span>

#include "scene/colormap.h"

namespace hs {

// One entry of a published 256-entry colormap table: its index (the entry holds the colour of
// t = index / 255) and its sRGB colour rounded to 4 decimals.
struct ColormapKnot {
  int index;
  double r, g, b;
};

// The control points of a tabulated map, by increasing index from 0 to 255; empty for grays and
// coolwarm, which are computed.
std::span<const ColormapKnot> colormap_knots(ColormapId id);

}  // namespace hs
