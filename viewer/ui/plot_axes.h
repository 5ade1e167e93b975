// Axis ticks and colours shared by the hand-drawn plots (ui/plot.h, ui/spectrum_plot.h).
#pragma once

#include <imgui.h>

namespace hs::ui {

inline constexpr ImU32 kPlotFrame = IM_COL32(70, 74, 86, 255);   // frame and axes
inline constexpr ImU32 kPlotBars = IM_COL32(140, 170, 220, 255);  // histogram bars
inline constexpr ImU32 kPlotText = IM_COL32(200, 200, 210, 255);  // labels and ticks

// Ticks at multiples of a nice 1-2-5 step along [lo, hi] on the bottom edge of the frame
// [min, max], labelled under it in `color`.
void draw_x_ticks(ImDrawList& draw, ImVec2 min, ImVec2 max, double lo, double hi, ImU32 color);

// The same on the left edge, labelled left of it.
void draw_y_ticks(ImDrawList& draw, ImVec2 min, ImVec2 max, double lo, double hi, ImU32 color);

}  // namespace hs::ui
