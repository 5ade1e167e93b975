// Position sliders and the clipping box, in physical units.
#include "ui/cut_controls.h"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace hs::ui {

double AxisBox::unit_nm() const {
  return std::max({hi_nm[0] - lo_nm[0], hi_nm[1] - lo_nm[1], hi_nm[2] - lo_nm[2]}) >= 1e4 ? 1e3 : 1.0;
}

const char* AxisBox::unit() const { return unit_nm() == 1e3 ? "µm" : "nm"; }

bool position_slider(const char* label, const AxisBox& box, int axis, double& fraction) {
  const auto a = static_cast<std::size_t>(axis);
  const double unit_nm = box.unit_nm();
  const double lo = box.lo_nm[a] / unit_nm, hi = box.hi_nm[a] / unit_nm;
  double at = lo + fraction * (hi - lo);
  const std::string format = std::string("%.4g ") + box.unit();
  if (!ImGui::SliderScalar(label, ImGuiDataType_Double, &at, &lo, &hi, format.c_str()) || !(hi > lo)) return false;
  fraction = std::clamp((at - lo) / (hi - lo), 0.0, 1.0);
  return true;
}

void draw_clip_box(const AxisBox& box, std::array<double, 3>& clip_min, std::array<double, 3>& clip_max) {
  if (!ImGui::TreeNode("Clipping box")) return;
  for (int a = 0; a < 3; ++a) {
    ImGui::PushID(a);
    const auto axis = static_cast<std::size_t>(a);
    const char* from[] = {"x from", "y from", "z from"};
    const char* to[] = {"x to", "y to", "z to"};
    position_slider(from[a], box, a, clip_min[axis]);
    position_slider(to[a], box, a, clip_max[axis]);
    clip_min[axis] = std::min(clip_min[axis], 0.99);
    clip_max[axis] = std::max(clip_max[axis], clip_min[axis] + 0.01);
    ImGui::PopID();
  }
  if (ImGui::SmallButton("Show the whole box")) {
    clip_min = {0.0, 0.0, 0.0};
    clip_max = {1.0, 1.0, 1.0};
  }
  ImGui::TreePop();
}

}  // namespace hs::ui
