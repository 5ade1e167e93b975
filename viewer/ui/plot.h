// Hand-drawn plot widgets (ImDrawList; there is no ImPlot): a histogram with draggable window
// handles and a shaded range, reused for spectra and profiles. Each widget takes the space of one
// ImGui item of the given size and returns whether the user changed something.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace hs::ui {

struct HistogramPlot {
  std::span<const std::uint64_t> counts;  // equal-width bins over [lo, hi]
  double lo = 0.0, hi = 1.0;
  bool log_y = false;
  std::optional<std::pair<double, double>> shaded;  // e.g. the characteristic range
  std::string x_label;                               // quantity and unit under the axis
};

// Draws the histogram `size` pixels large (x = -1: the available width). With `window`, its two
// ends are vertical handles the user can drag (kept within [lo, hi] and start < end); returns true
// when a drag moved them.
bool draw_histogram_plot(const char* id, const HistogramPlot& plot, std::pair<double, double>* window, ImVec2 size);

// A profile: mean values at x with a ±std band (NaN points are gaps), `shaded_y` as a band of
// values (e.g. the characteristic range).
struct ProfilePlot {
  std::span<const double> x, mean, std;
  double x_lo = 0.0, x_hi = 1.0;
  std::optional<std::pair<double, double>> shaded_y;
  std::string x_label, y_label;
};
void draw_profile_plot(const char* id, const ProfilePlot& plot, ImVec2 size);

}  // namespace hs::ui
