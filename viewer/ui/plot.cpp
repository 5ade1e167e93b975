// Hand-drawn plots: histogram with draggable window handles, lines with σ bands, bars against expected points.
#include "ui/plot.h"

#include <algorithm>
#include <cmath>

#include "ui/plot_axes.h"

namespace hs::ui {
namespace {

constexpr ImU32 kShade = IM_COL32(255, 105, 181, 40);
constexpr ImU32 kHandle = IM_COL32(250, 210, 90, 255);
constexpr ImU32 kLine = IM_COL32(140, 170, 220, 255);
constexpr ImU32 kExpected = IM_COL32(250, 160, 60, 255);
constexpr ImU32 kGuide = IM_COL32(200, 200, 210, 90);

// Where a plot with a y axis draws: its title (the y label) above the frame, the y tick labels left
// of it, the x tick labels and the x label under it.
struct PlotFrame {
  ImVec2 min, max;
};

// Takes the item's space (size.x <= 0: the available width), draws the title and the frame.
PlotFrame begin_plot(const char* id, const std::string& title, ImVec2 size) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const float text_height = ImGui::GetTextLineHeight();
  const float left = std::max(48.0f, ImGui::CalcTextSize("-0.0000").x + 8);  // room for the y tick labels
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const PlotFrame frame{ImVec2(origin.x + left, origin.y + text_height + 4),
                        ImVec2(origin.x + size.x, origin.y + size.y - 2 * text_height - 6)};
  ImGui::InvisibleButton(id, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddText(origin, kPlotText, title.c_str());
  draw.AddRect(frame.min, frame.max, kPlotFrame);
  return frame;
}

// The x ticks of [x_lo, x_hi] and the x label under the frame.
void end_plot(const PlotFrame& frame, double x_lo, double x_hi, const std::string& x_label) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_x_ticks(draw, frame.min, frame.max, x_lo, x_hi, kPlotText);
  draw.AddText(ImVec2(frame.min.x, frame.max.y + 4 + ImGui::GetTextLineHeight()), kPlotText, x_label.c_str());
}

double sigma_at(const PlotSeries& series, std::size_t i) {
  return i < series.sigma.size() && std::isfinite(series.sigma[i]) ? series.sigma[i] : 0.0;
}

}  // namespace

bool draw_histogram_plot(const char* id, const HistogramPlot& plot, std::pair<double, double>* window, ImVec2 size) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const float text_height = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 min = origin;
  const ImVec2 max(origin.x + size.x, origin.y + size.y - 2 * text_height - 6);
  ImGui::InvisibleButton(id, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRect(min, max, kPlotFrame);
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
    if (top < max.y) draw.AddRectFilled(ImVec2(x0, top), ImVec2(std::max(x1, x0 + 1), max.y), kPlotBars);
  }
  draw_x_ticks(draw, min, max, plot.lo, plot.hi, kPlotText);
  draw.AddText(ImVec2(min.x, max.y + 4 + text_height), kPlotText, plot.x_label.c_str());
  if (plot.log_y) draw.AddText(ImVec2(max.x - ImGui::CalcTextSize("log").x - 3, min.y + 2), kPlotText, "log");

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
  const PlotSeries series{plot.mean, plot.std, kLine};
  draw_series_plot(id, {plot.x, {&series, 1}, plot.x_lo, plot.x_hi, plot.shaded_y, plot.x_label, plot.y_label}, size);
}

std::optional<std::size_t> draw_series_plot(const char* id, const SeriesPlot& plot, ImVec2 size) {
  const PlotFrame frame = begin_plot(id, plot.y_label, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  double lo = INFINITY, hi = -INFINITY;
  for (const PlotSeries& series : plot.series) {
    for (std::size_t i = 0; i < series.y.size(); ++i) {
      if (!std::isfinite(series.y[i])) continue;
      const double s = sigma_at(series, i);
      lo = std::min(lo, series.y[i] - s);
      hi = std::max(hi, series.y[i] + s);
    }
  }
  if (plot.shaded_y) {
    lo = std::min(lo, plot.shaded_y->first);
    hi = std::max(hi, plot.shaded_y->second);
  }
  if (lo == hi) {  // one value: centre it
    const double half = lo == 0.0 ? 1.0 : 0.1 * std::abs(lo);
    lo -= half;
    hi += half;
  }
  if (!(lo < hi) || !(plot.x_lo < plot.x_hi)) return std::nullopt;
  const double pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  const auto px = [&](double x) {
    return frame.min.x + static_cast<float>((x - plot.x_lo) / (plot.x_hi - plot.x_lo)) * (frame.max.x - frame.min.x);
  };
  const auto py = [&](double y) { return frame.max.y - static_cast<float>((y - lo) / (hi - lo)) * (frame.max.y - frame.min.y); };
  draw.PushClipRect(frame.min, frame.max, true);
  if (plot.shaded_y) {
    draw.AddRectFilled(ImVec2(frame.min.x, py(plot.shaded_y->second)), ImVec2(frame.max.x, py(plot.shaded_y->first)),
                       kShade);
  }
  // Per series the ±sigma band as quads between neighbouring points, then its line and points.
  for (const PlotSeries& series : plot.series) {
    const ImU32 band = (series.color & ~IM_COL32_A_MASK) | (70u << IM_COL32_A_SHIFT);
    const std::size_t n = std::min(series.y.size(), plot.x.size());
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const double a = series.y[i], b = series.y[i + 1];
      if (!std::isfinite(a) || !std::isfinite(b)) continue;
      const double sa = sigma_at(series, i), sb = sigma_at(series, i + 1);
      const ImVec2 quad[4] = {ImVec2(px(plot.x[i]), py(a + sa)), ImVec2(px(plot.x[i + 1]), py(b + sb)),
                              ImVec2(px(plot.x[i + 1]), py(b - sb)), ImVec2(px(plot.x[i]), py(a - sa))};
      if (sa > 0.0 || sb > 0.0) draw.AddConvexPolyFilled(quad, 4, band);
      draw.AddLine(ImVec2(px(plot.x[i]), py(a)), ImVec2(px(plot.x[i + 1]), py(b)), series.color, 2.0f);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isfinite(series.y[i])) draw.AddCircleFilled(ImVec2(px(plot.x[i]), py(series.y[i])), 2.5f, series.color);
    }
  }
  draw.PopClipRect();
  draw_y_ticks(draw, frame.min, frame.max, lo, hi, kPlotText);
  end_plot(frame, plot.x_lo, plot.x_hi, plot.x_label);
  if (!ImGui::IsItemHovered() || plot.x.empty()) return std::nullopt;
  // The point nearest the pointer along x.
  const float mouse = ImGui::GetIO().MousePos.x;
  std::size_t nearest = 0;
  for (std::size_t i = 1; i < plot.x.size(); ++i) {
    if (std::abs(px(plot.x[i]) - mouse) < std::abs(px(plot.x[nearest]) - mouse)) nearest = i;
  }
  const float x = px(plot.x[nearest]);
  if (x >= frame.min.x && x <= frame.max.x) draw.AddLine(ImVec2(x, frame.min.y), ImVec2(x, frame.max.y), kGuide);
  return nearest;
}

std::optional<std::size_t> draw_bars_plot(const char* id, const BarsPlot& plot, ImVec2 size) {
  const PlotFrame frame = begin_plot(id, plot.y_label, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const std::size_t n = std::min(plot.observed.size(), plot.expected.size());
  if (n == 0) return std::nullopt;
  double hi = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(plot.observed[i])) hi = std::max(hi, plot.observed[i]);
    if (std::isfinite(plot.expected[i])) hi = std::max(hi, plot.expected[i]);
  }
  hi = hi > 0.0 ? 1.05 * hi : 1.0;
  const double x_lo = plot.x_first - 0.5, x_hi = plot.x_first + static_cast<double>(n) - 0.5;
  const float width = frame.max.x - frame.min.x;
  const auto px = [&](double x) { return frame.min.x + static_cast<float>((x - x_lo) / (x_hi - x_lo)) * width; };
  const auto py = [&](double y) { return frame.max.y - static_cast<float>(y / hi) * (frame.max.y - frame.min.y); };
  const float half_bar = std::max(0.5f, 0.4f * width / static_cast<float>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const float x = px(plot.x_first + static_cast<double>(i));
    if (std::isfinite(plot.observed[i]) && plot.observed[i] > 0.0) {
      draw.AddRectFilled(ImVec2(x - half_bar, py(plot.observed[i])), ImVec2(x + half_bar, frame.max.y), kPlotBars);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(plot.expected[i])) continue;
    const ImVec2 p(px(plot.x_first + static_cast<double>(i)), py(plot.expected[i]));
    if (i + 1 < n && std::isfinite(plot.expected[i + 1])) {
      draw.AddLine(p, ImVec2(px(plot.x_first + static_cast<double>(i + 1)), py(plot.expected[i + 1])), kExpected, 1.5f);
    }
    draw.AddCircleFilled(p, 2.5f, kExpected);
  }
  draw_y_ticks(draw, frame.min, frame.max, 0.0, hi, kPlotText);
  end_plot(frame, x_lo, x_hi, plot.x_label);
  if (!ImGui::IsItemHovered()) return std::nullopt;
  const double at = (ImGui::GetIO().MousePos.x - frame.min.x) / width * (x_hi - x_lo) + x_lo - plot.x_first;
  if (!(at >= -0.5 && at < static_cast<double>(n) - 0.5)) return std::nullopt;
  return static_cast<std::size_t>(std::floor(at + 0.5));
}

}  // namespace hs::ui
