// Axis ticks for the hand-drawn plots.
#include "ui/plot_axes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scene/units.h"

namespace hs::ui {

void draw_x_ticks(ImDrawList& draw, ImVec2 min, ImVec2 max, double lo, double hi, ImU32 color) {
  const double step = nice_step_at_most((hi - lo) / 3.0);
  if (!(step > 0.0)) return;
  for (double tick = std::ceil(lo / step) * step; tick <= hi + 1e-9 * step; tick += step) {
    const float x = min.x + static_cast<float>((tick - lo) / (hi - lo)) * (max.x - min.x);
    draw.AddLine(ImVec2(x, max.y), ImVec2(x, max.y + 3), color);
    char label[32];
    std::snprintf(label, sizeof label, "%.6g", std::abs(tick) < 1e-9 * step ? 0.0 : tick);
    const float width = ImGui::CalcTextSize(label).x;
    draw.AddText(ImVec2(std::clamp(x - 0.5f * width, min.x, max.x - width), max.y + 4), color, label);
  }
}

void draw_y_ticks(ImDrawList& draw, ImVec2 min, ImVec2 max, double lo, double hi, ImU32 color) {
  const double step = nice_step_at_most((hi - lo) / 3.0);
  if (!(step > 0.0)) return;
  const float text_height = ImGui::GetTextLineHeight();
  for (double tick = std::ceil(lo / step) * step; tick <= hi + 1e-9 * step; tick += step) {
    const float y = max.y - static_cast<float>((tick - lo) / (hi - lo)) * (max.y - min.y);
    draw.AddLine(ImVec2(min.x - 3, y), ImVec2(min.x, y), color);
    char label[32];
    std::snprintf(label, sizeof label, "%.5g", std::abs(tick) < 1e-9 * step ? 0.0 : tick);
    draw.AddText(ImVec2(min.x - 5 - ImGui::CalcTextSize(label).x, y - 0.5f * text_height), color, label);
  }
}

}  // namespace hs::ui
