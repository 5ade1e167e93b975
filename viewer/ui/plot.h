// Hand-drawn plot widgets (ImDrawList; there is no ImPlot): a histogram with draggable window
// handles and a shaded range, reused for spectra and profiles; lines with ±σ bands, one or several
// over one x axis; observed bars against expected points. Each widget takes the space of one ImGui
// item of the given size.
#pragma once

#include <imgui.h>

#include <cstddef>
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

// One line of a SeriesPlot: y at the plot's x with a ±sigma band (sigma may be empty; NaN points
// are gaps).
struct PlotSeries {
  std::span<const double> y, sigma;
  ImU32 color = IM_COL32(140, 170, 220, 255);
};

// Lines over one x axis, each with its points and a translucent ±sigma band, the y axis fitted to
// all of them; `shaded_y` as a band of values.
struct SeriesPlot {
  std::span<const double> x;
  std::span<const PlotSeries> series;
  double x_lo = 0.0, x_hi = 1.0;
  std::optional<std::pair<double, double>> shaded_y;
  std::string x_label, y_label;
};
// Returns the index into x of the point nearest the pointer while it is over the plot (marked by a
// vertical line), for the caller's tooltip.
std::optional<std::size_t> draw_series_plot(const char* id, const SeriesPlot& plot, ImVec2 size);

// Observed values as bars and expected values as points joined by a line, entry i at x = x_first + i
// (size.x <= 0: the available width).
struct BarsPlot {
  std::span<const double> observed, expected;  // same length
  double x_first = 0.0;
  std::string x_label, y_label;
};
// Returns the index of the bar under the pointer, for the caller's tooltip.
std::optional<std::size_t> draw_bars_plot(const char* id, const BarsPlot& plot, ImVec2 size);

}  // namespace hs::ui
