// Controls shared by the Display and Points panels for cutting a layer's box: a position slider
// along one axis in the box's length unit, and the clipping box as fractions of the box.
#pragma once

#include <array>

namespace hs::ui {

// A box in the layer's frame (nm) and the unit its positions are shown in (nm, or µm from 10 µm).
struct AxisBox {
  std::array<double, 3> lo_nm{}, hi_nm{};
  double unit_nm() const;
  const char* unit() const;
};

// A slider over axis `axis` of the box showing the position of `fraction` (0 = lower face);
// true when the user moved it.
bool position_slider(const char* label, const AxisBox& box, int axis, double& fraction);

// "Clipping box": from/to sliders per axis, keeping at least a hundredth of the box between the
// ends, and a button to show the whole box.
void draw_clip_box(const AxisBox& box, std::array<double, 3>& clip_min, std::array<double, 3>& clip_max);

}  // namespace hs::ui
