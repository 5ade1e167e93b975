// Histogram plot with draggable window handles, drawn with ImDrawList.
#include "ui/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scene/units.h"
#include "ui/plot_axes.h"

namespace hs::ui {
namespace {

constexpr ImU32 kFrame = IM_COL32(70, 74, 86, 255);
constexpr ImU32 kBars = IM_COL32(140, 170, 220, 255);
constexpr ImU32 kShade = IM_COL32(255, 105, 181, 40);
constexpr ImU32 kHandle = IM_COL32(250, 210, 90, 255);
constexpr ImU32 kText = IM_COL32(200, 200, 210, 255);

}  // namespace

bool draw_histogram_plot(const char* id, const HistogramPlot& plot, std::pair<double, double>* window, ImVec2 size) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const float text_height = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 min = origin;
  const ImVec2 max(origin.x + size.x, origin.y + size.y - 2 * text_height - 6);
  ImGui::InvisibleButton(id, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRect(min, max, kFrame);
  if (plot.counts.empty() || !(plot.lo < plot.hi)) return false;
  const auto x_of = [&](double value) {
    return min.x + static_cast<float>((value - plot.lo) / (plot.hi - plot.lo)) * (max.x - min.x);
  };
  const auto value_of = [&](float x) { return plot.lo + (x - min.x) / (max.x - min.x) * (plot.hi - plot.lo); };
  if (plot.shaded) {
    draw.AddRectFilled(ImVec2(std::max(min.x, x_of(plot.shaded->first)), min.y),
                       ImVec2(std::min(max.x, x_of(plot.shaded->second)), max.y), kShade);
  }
  const std::uint64_t peak = *std::max_element(plot.counts.begin(), plot.counts.end());
  const auto height_of = [&](std::uint64_t count) {
    if (count == 0 || peak == 0) return 0.0;
    return plot.log_y ? std::log10(1.0 + static_cast<double>(count)) / std::log10(1.0 + static_cast<double>(peak))
                      : static_cast<double>(count) / static_cast<double>(peak);
  };
  const double bins = static_cast<double>(plot.counts.size());
  for (std::size_t i = 0; i < plot.counts.size(); ++i) {
    const float x0 = min.x + static_cast<float>(i / bins) * (max.x - min.x);
    const float x1 = min.x + static_cast<float>((i + 1) / bins) * (max.x - min.x);
    const float top = max.y - static_cast<float>(height_of(plot.counts[i])) * (max.y - min.y - 1);
    if (top < max.y) draw.AddRectFilled(ImVec2(x0, top), ImVec2(std::max(x1, x0 + 1), max.y), kBars);
  }
  draw_x_ticks(draw, min, max, plot.lo, plot.hi, kText);
  draw.AddText(ImVec2(min.x, max.y + 4 + text_height), kText, plot.x_label.c_str());
  if (plot.log_y) draw.AddText(ImVec2(max.x - ImGui::CalcTextSize("log").x - 3, min.y + 2), kText, "log");

  if (window == nullptr) return false;
  // The handle under the pointer when the drag began stays the dragged one until release.
  ImGuiStorage& storage = *ImGui::GetStateStorage();
  const ImGuiID dragged_key = ImGui::GetID("dragged_handle");
  int& dragged = *storage.GetIntRef(dragged_key, -1);
  const float grab = 6.0f;
  const float xs[2] = {x_of(window->first), x_of(window->second)};
  if (ImGui::IsItemActivated()) {
    const float mouse = ImGui::GetIO().MousePos.x;
    dragged = std::abs(mouse - xs[0]) <= std::abs(mouse - xs[1]) ? 0 : 1;
    if (std::min(std::abs(mouse - xs[0]), std::abs(mouse - xs[1])) > 4 * grab) dragged = -1;
  }
  if (!ImGui::IsItemActive()) dragged = -1;
  bool changed = false;
  if (dragged >= 0) {
    const double value = std::clamp(value_of(ImGui::GetIO().MousePos.x), plot.lo, plot.hi);
    const double eps = 1e-6 * (plot.hi - plot.lo);
    if (dragged == 0 && value < window->second - eps && value != window->first) {
      window->first = value;
      changed = true;
    } else if (dragged == 1 && value > window->first + eps && value != window->second) {
      window->second = value;
      changed = true;
    }
  }
  for (int h = 0; h < 2; ++h) {
    const float x = x_of(h == 0 ? window->first : window->second);
    if (x < min.x || x > max.x) continue;
    draw.AddLine(ImVec2(x, min.y), ImVec2(x, max.y), kHandle, h == dragged ? 3.0f : 2.0f);
    draw.AddTriangleFilled(ImVec2(x - grab, min.y), ImVec2(x + grab, min.y), ImVec2(x, min.y + grab), kHandle);
  }
  if (ImGui::IsItemHovered() && dragged < 0) ImGui::SetTooltip("Drag the handles to set the display window");
  return changed;
}

void draw_profile_plot(const char* id, const ProfilePlot& plot, ImVec2 size) {
  const float text_height = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float left = 48.0f;  // room for the y tick labels
  const ImVec2 min(origin.x + left, origin.y + text_height + 4);
  const ImVec2 max(origin.x + size.x, origin.y + size.y - 2 * text_height - 6);
  ImGui::InvisibleButton(id, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddText(origin, kText, plot.y_label.c_str());
  draw.AddRect(min, max, kFrame);
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < plot.mean.size(); ++i) {
    const double s = i < plot.std.size() && std::isfinite(plot.std[i]) ? plot.std[i] : 0.0;
    if (!std::isfinite(plot.mean[i])) continue;
    lo = std::min(lo, plot.mean[i] - s);
    hi = std::max(hi, plot.mean[i] + s);
  }
  if (plot.shaded_y) {
    lo = std::min(lo, plot.shaded_y->first);
    hi = std::max(hi, plot.shaded_y->second);
  }
  if (!(lo < hi) || !(plot.x_lo < plot.x_hi)) return;
  const double pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  const auto px = [&](double x) { return min.x + static_cast<float>((x - plot.x_lo) / (plot.x_hi - plot.x_lo)) * (max.x - min.x); };
  const auto py = [&](double y) { return max.y - static_cast<float>((y - lo) / (hi - lo)) * (max.y - min.y); };
  if (plot.shaded_y) {
    draw.AddRectFilled(ImVec2(min.x, std::max(min.y, py(plot.shaded_y->second))),
                       ImVec2(max.x, std::min(max.y, py(plot.shaded_y->first))), kShade);
  }
  const double step = nice_step_at_most((hi - lo) / 3.0);
  for (double tick = std::ceil(lo / step) * step; step > 0.0 && tick <= hi; tick += step) {
    char label[32];
    std::snprintf(label, sizeof label, "%.5g", std::abs(tick) < 1e-9 * step ? 0.0 : tick);
    const float y = py(tick);
    draw.AddLine(ImVec2(min.x - 3, y), ImVec2(min.x, y), kText);
    draw.AddText(ImVec2(min.x - 5 - ImGui::CalcTextSize(label).x, y - 0.5f * text_height), kText, label);
  }
  // The ±std band as quads between neighbouring points, then the mean line and its points.
  const ImU32 band = IM_COL32(140, 170, 220, 70), line = IM_COL32(140, 170, 220, 255);
  for (std::size_t i = 0; i + 1 < plot.mean.size() && i + 1 < plot.x.size(); ++i) {
    const double a = plot.mean[i], b = plot.mean[i + 1];
    if (!std::isfinite(a) || !std::isfinite(b)) continue;
    const double sa = i < plot.std.size() && std::isfinite(plot.std[i]) ? plot.std[i] : 0.0;
    const double sb = i + 1 < plot.std.size() && std::isfinite(plot.std[i + 1]) ? plot.std[i + 1] : 0.0;
    const ImVec2 quad[4] = {ImVec2(px(plot.x[i]), py(a + sa)), ImVec2(px(plot.x[i + 1]), py(b + sb)),
                            ImVec2(px(plot.x[i + 1]), py(b - sb)), ImVec2(px(plot.x[i]), py(a - sa))};
    draw.AddConvexPolyFilled(quad, 4, band);
    draw.AddLine(ImVec2(px(plot.x[i]), py(a)), ImVec2(px(plot.x[i + 1]), py(b)), line, 2.0f);
  }
  for (std::size_t i = 0; i < plot.mean.size() && i < plot.x.size(); ++i) {
    if (std::isfinite(plot.mean[i])) draw.AddCircleFilled(ImVec2(px(plot.x[i]), py(plot.mean[i])), 2.5f, line);
  }
  draw_x_ticks(draw, min, max, plot.x_lo, plot.x_hi, kText);
  draw.AddText(ImVec2(min.x, max.y + 4 + text_height), kText, plot.x_label.c_str());
}

}  // namespace hs::ui
