// Mass spectrum plot: input (zoom, pan, range-end drags, new ranges) first, then drawing.
#include "ui/spectrum_plot.h"

#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms instead of scrolling the window

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "points/range_edit.h"
#include "points/spectrum_counts.h"
#include "ui/plot_axes.h"

namespace hs::ui {
namespace {

constexpr ImU32 kGrid = IM_COL32(70, 74, 86, 120);
constexpr ImU32 kNewRangeLine = IM_COL32(250, 210, 90, 255);
constexpr ImU32 kNewRangeFill = IM_COL32(250, 210, 90, 70);
constexpr float kGrabPx = 5.0f;            // how near a range end the pointer must be to drag it
constexpr double kMinViewBins = 20.0;      // the narrowest view, in spectrum bins
constexpr double kZoomPerWheelStep = 0.8;  // view width factor per wheel notch towards the user
constexpr double kBottomDecade = -0.3;     // log10 of the count at the bottom: single counts show
constexpr const char* kWidestYLabel = "1e12";

// Where the plot sits on screen and what it shows: m/z along x, log10(count) along y.
struct PlotFrame {
  ImVec2 min, max;
  double lo_da = 0, hi_da = 1;
  double top_decade = 1;  // log10 of the count at the top

  float x_of(double mass_da) const {
    return min.x + static_cast<float>((mass_da - lo_da) / (hi_da - lo_da)) * (max.x - min.x);
  }
  double mass_of(float x) const { return lo_da + (x - min.x) / (max.x - min.x) * (hi_da - lo_da); }
  float y_of_decade(double decade) const {
    return max.y -
           static_cast<float>((decade - kBottomDecade) / (top_decade - kBottomDecade)) * (max.y - min.y);
  }
};

ImU32 ion_color(const RangeTable& ranges, std::size_t ion, int alpha) {
  const RgbColor& c = ranges.ions[ion].color;
  const auto channel = [](float v) {
    return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  };
  return IM_COL32(channel(c.r), channel(c.g), channel(c.b), alpha);
}

bool is_hidden(const SpectrumPlotInput& input, const std::string& ion_name) {
  return std::find(input.hidden_ions.begin(), input.hidden_ions.end(), ion_name) != input.hidden_ions.end();
}

// Ranges that can be drawn and edited: non-empty, pointing at an ion.
bool is_drawable(const RangeTable& ranges, const MassRange& range) {
  return range.low_da < range.high_da && range.ion_index < ranges.ions.size();
}

// Keeps the view inside [0, full_da] and at least min_span_da wide (or the whole spectrum).
void keep_in_spectrum(SpectrumView& view, double full_da, double min_span_da) {
  const double span = std::clamp(view.hi_da - view.lo_da, std::min(min_span_da, full_da), full_da);
  view.lo_da = std::clamp(view.lo_da, 0.0, full_da - span);
  view.hi_da = view.lo_da + span;
}

// Zooms by `wheel` notches keeping the mass under the pointer in place.
void zoom(SpectrumView& view, double around_da, float wheel, double full_da, double min_span_da) {
  const double span = view.hi_da - view.lo_da;
  const double new_span =
      std::clamp(span * std::pow(kZoomPerWheelStep, wheel), std::min(min_span_da, full_da), full_da);
  view.lo_da = around_da - (around_da - view.lo_da) * new_span / span;
  view.hi_da = view.lo_da + new_span;
  keep_in_spectrum(view, full_da, min_span_da);
}

struct RangeHandle {
  std::size_t range = 0;
  RangeEnd end = RangeEnd::low;
};

// The range end nearest the pointer within kGrabPx; where two ends meet, the one whose range lies
// on the pointer's side.
std::optional<RangeHandle> handle_at(const RangeTable& ranges, const PlotFrame& frame, float mouse_x) {
  std::optional<RangeHandle> best;
  float best_key = 0;
  for (std::size_t i = 0; i < ranges.ranges.size(); ++i) {
    const MassRange& r = ranges.ranges[i];
    if (!is_drawable(ranges, r)) continue;
    for (const RangeEnd end : {RangeEnd::low, RangeEnd::high}) {
      const float x = frame.x_of(end == RangeEnd::low ? r.low_da : r.high_da);
      const float distance = std::abs(mouse_x - x);
      if (distance > kGrabPx) continue;
      const bool inside = end == RangeEnd::low ? mouse_x >= x : mouse_x <= x;
      const float key = distance - (inside ? kGrabPx : 0.0f);
      if (!best || key < best_key) {
        best = RangeHandle{i, end};
        best_key = key;
      }
    }
  }
  return best;
}

// The first range holding mass_da (the one that ranges it).
std::optional<std::size_t> range_at(const RangeTable& ranges, double mass_da) {
  for (std::size_t i = 0; i < ranges.ranges.size(); ++i) {
    const MassRange& r = ranges.ranges[i];
    if (is_drawable(ranges, r) && r.low_da <= mass_da && mass_da < r.high_da) return i;
  }
  return std::nullopt;
}

// The ion a new range goes to: the selected one, else the ion named "?" (added if missing).
std::size_t ion_for_new_range(RangeTable& ranges, const SpectrumView& view) {
  if (view.selected_ion && *view.selected_ion < ranges.ions.size()) return *view.selected_ion;
  const auto unnamed = std::find_if(ranges.ions.begin(), ranges.ions.end(),
                                    [](const IonSpecies& ion) { return ion.name == "?"; });
  if (unnamed != ranges.ions.end()) return static_cast<std::size_t>(unnamed - ranges.ions.begin());
  ranges.ions.push_back(ion_from_name("?"));
  return ranges.ions.size() - 1;
}

// Mouse input: zoom, pan, reset, and the start, progress and end of drags. True when ranges changed.
bool handle_input(const SpectrumPlotInput& input, const PlotFrame& frame, SpectrumView& view,
                  RangeTable& ranges, double full_da) {
  const ImGuiIO& io = ImGui::GetIO();
  const double min_span_da = kMinViewBins / input.bins_per_da;
  const double mouse_da = frame.mass_of(io.MousePos.x);
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f)
    zoom(view, mouse_da, io.MouseWheel, full_da, min_span_da);
  const bool reset = ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
  if (reset) {
    view.lo_da = 0;
    view.hi_da = full_da;
  }
  if (ImGui::IsItemActivated() && !reset) {
    view.drag = SpectrumDrag::none;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Right) || ImGui::IsMouseClicked(ImGuiMouseButton_Middle)) {
      view.drag = SpectrumDrag::pan;
    } else if (io.KeyShift) {
      view.drag = SpectrumDrag::new_range;
      view.drag_start_da = mouse_da;
    } else if (const std::optional<RangeHandle> handle = handle_at(ranges, frame, io.MousePos.x)) {
      view.drag = handle->end == RangeEnd::low ? SpectrumDrag::range_low : SpectrumDrag::range_high;
      view.drag_range = handle->range;
    } else if (const std::optional<std::size_t> range = range_at(ranges, mouse_da)) {
      view.selected_ion = ranges.ranges[*range].ion_index;
    }
  }
  bool changed = false;
  const bool dragging_end = view.drag == SpectrumDrag::range_low || view.drag == SpectrumDrag::range_high;
  if (ImGui::IsItemActive() && view.drag == SpectrumDrag::pan && io.MouseDelta.x != 0.0f) {
    const double shift_da = -io.MouseDelta.x / (frame.max.x - frame.min.x) * (view.hi_da - view.lo_da);
    view.lo_da += shift_da;
    view.hi_da += shift_da;
    keep_in_spectrum(view, full_da, min_span_da);
  } else if (ImGui::IsItemActive() && dragging_end && view.drag_range < ranges.ranges.size()) {
    const RangeEnd end = view.drag == SpectrumDrag::range_low ? RangeEnd::low : RangeEnd::high;
    MassRange& range = ranges.ranges[view.drag_range];
    double& value = end == RangeEnd::low ? range.low_da : range.high_da;
    const double moved = moved_range_end(ranges, view.drag_range, end, mouse_da, input.bins_per_da);
    changed = moved != value;
    value = moved;
  } else if (ImGui::IsItemDeactivated() && view.drag == SpectrumDrag::new_range) {
    std::optional<MassRange> added =
        new_range_in_gap(ranges, view.drag_start_da, mouse_da, 0, input.bins_per_da);
    if (added && ranges.ranges.size() < kMaxRanges && ranges.ions.size() < kMaxRangeIons) {
      added->ion_index = ion_for_new_range(ranges, view);
      view.selected_ion = added->ion_index;
      ranges.ranges.push_back(*added);
      changed = true;
    }
  }
  if (!ImGui::IsItemActive()) view.drag = SpectrumDrag::none;
  return changed;
}

// Decade lines across the plot (under the ranges and bars) and their labels left of it, thinned
// out when crowded.
void draw_decades(ImDrawList& draw, const PlotFrame& frame) {
  const float text_height = ImGui::GetTextLineHeight();
  const double decades = frame.top_decade - kBottomDecade;
  const int every =
      std::max(1, static_cast<int>(std::ceil(decades * 1.5 * text_height / (frame.max.y - frame.min.y))));
  for (int decade = 0; decade <= static_cast<int>(frame.top_decade); decade += every) {
    const float y = frame.y_of_decade(decade);
    draw.AddLine(ImVec2(frame.min.x, y), ImVec2(frame.max.x, y), kGrid);
    char label[16];
    if (decade <= 3) {
      std::snprintf(label, sizeof label, "%d", static_cast<int>(std::lround(std::pow(10.0, decade))));
    } else {
      std::snprintf(label, sizeof label, "1e%d", decade);
    }
    draw.AddText(ImVec2(frame.min.x - 4 - ImGui::CalcTextSize(label).x, y - 0.5f * text_height), kPlotText,
                 label);
  }
}

void draw_range_shading(ImDrawList& draw, const SpectrumPlotInput& input, const SpectrumView& view,
                        const RangeTable& ranges, const PlotFrame& frame) {
  for (const MassRange& r : ranges.ranges) {
    if (!is_drawable(ranges, r)) continue;
    const bool hidden = is_hidden(input, ranges.ions[r.ion_index].name);
    const bool selected = view.selected_ion == r.ion_index;
    const int alpha = hidden ? 18 : selected ? 95 : 55;
    const float x0 = frame.x_of(r.low_da), x1 = std::max(frame.x_of(r.high_da), x0 + 1.0f);
    draw.AddRectFilled(ImVec2(x0, frame.min.y), ImVec2(x1, frame.max.y),
                       ion_color(ranges, r.ion_index, alpha));
  }
}

// Each range end as a line with a small flag on the range's side at the top.
void draw_range_ends(ImDrawList& draw, const SpectrumPlotInput& input, const SpectrumView& view,
                     const RangeTable& ranges, const PlotFrame& frame, std::optional<RangeHandle> hovered) {
  for (std::size_t i = 0; i < ranges.ranges.size(); ++i) {
    const MassRange& r = ranges.ranges[i];
    if (!is_drawable(ranges, r)) continue;
    const ImU32 color =
        ion_color(ranges, r.ion_index, is_hidden(input, ranges.ions[r.ion_index].name) ? 110 : 255);
    for (const RangeEnd end : {RangeEnd::low, RangeEnd::high}) {
      const SpectrumDrag drag = end == RangeEnd::low ? SpectrumDrag::range_low : SpectrumDrag::range_high;
      const bool active =
          (view.drag == drag && view.drag_range == i) ||
          (view.drag == SpectrumDrag::none && hovered && hovered->range == i && hovered->end == end);
      const float x = frame.x_of(end == RangeEnd::low ? r.low_da : r.high_da);
      const float inward = end == RangeEnd::low ? 6.0f : -6.0f;
      draw.AddLine(ImVec2(x, frame.min.y), ImVec2(x, frame.max.y), color, active ? 3.0f : 1.5f);
      draw.AddTriangleFilled(ImVec2(x, frame.min.y), ImVec2(x + inward, frame.min.y),
                             ImVec2(x, frame.min.y + 8), color);
    }
  }
}

// One bar per display bin from the bottom to log10(count); empty bins draw nothing.
void draw_bars(ImDrawList& draw, std::span<const std::uint64_t> bins, double first_da, double width_da,
               const PlotFrame& frame) {
  for (std::size_t j = 0; j < bins.size(); ++j) {
    if (bins[j] == 0) continue;
    const double low_da = first_da + static_cast<double>(j) * width_da;
    const float x0 = frame.x_of(low_da), x1 = std::max(frame.x_of(low_da + width_da), x0 + 1.0f);
    const float top = frame.y_of_decade(std::log10(static_cast<double>(bins[j])));
    draw.AddRectFilled(ImVec2(x0, top), ImVec2(x1, frame.max.y), kPlotBars);
  }
}

void draw_tooltip(const SpectrumView& view, const RangeTable& ranges, std::span<const std::uint64_t> bins,
                  double first_da, double width_da, double mouse_da) {
  const bool dragging_end = view.drag == SpectrumDrag::range_low || view.drag == SpectrumDrag::range_high;
  if (dragging_end && view.drag_range < ranges.ranges.size()) {
    const MassRange& r = ranges.ranges[view.drag_range];
    ImGui::SetTooltip("%s: %.2f - %.2f Da", ranges.ions[r.ion_index].name.c_str(), r.low_da, r.high_da);
    return;
  }
  ImGui::BeginTooltip();
  ImGui::Text("m/z %.3f Da", mouse_da);
  const double bin = std::floor((mouse_da - first_da) / width_da);
  if (bin >= 0 && bin < static_cast<double>(bins.size())) {
    const double low_da = first_da + bin * width_da;
    ImGui::Text("%llu counts in %.2f - %.2f Da",
                static_cast<unsigned long long>(bins[static_cast<std::size_t>(bin)]), low_da,
                low_da + width_da);
  }
  if (const std::optional<std::size_t> range = range_at(ranges, mouse_da)) {
    const MassRange& r = ranges.ranges[*range];
    ImGui::Text("range %zu: %s, %.2f - %.2f Da", *range + 1, ranges.ions[r.ion_index].name.c_str(), r.low_da,
                r.high_da);
  } else {
    ImGui::TextUnformatted("unranged");
  }
  ImGui::TextDisabled("wheel: zoom, right drag: pan, double-click: whole spectrum");
  ImGui::TextDisabled("drag a range end to move it, shift + drag: new range");
  ImGui::EndTooltip();
}

}  // namespace

bool draw_spectrum_plot(const char* id, const SpectrumPlotInput& input, SpectrumView& view,
                        RangeTable& ranges, ImVec2 size) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const float text_height = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  PlotFrame frame;
  frame.min = ImVec2(origin.x + ImGui::CalcTextSize(kWidestYLabel).x + 8, origin.y + text_height + 4);
  frame.max = ImVec2(origin.x + size.x, origin.y + size.y - 2 * text_height - 6);
  ImGui::InvisibleButton(id, size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  ImGui::SetItemUsingMouseWheel();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddText(origin, kPlotText, "counts per bin (log scale)");
  draw.AddRect(frame.min, frame.max, kPlotFrame);
  const double full_da = static_cast<double>(input.counts.size()) / input.bins_per_da;
  if (input.counts.empty() || !(input.bins_per_da > 0) || frame.max.x - frame.min.x < 1.0f ||
      frame.max.y - frame.min.y < 1.0f) {
    draw.AddText(ImVec2(frame.min.x + 4, frame.min.y + 4), kPlotText, "no spectrum");
    return false;
  }
  if (!(view.lo_da < view.hi_da)) {
    view.lo_da = 0;
    view.hi_da = full_da;
  }
  keep_in_spectrum(view, full_da, kMinViewBins / input.bins_per_da);
  frame.lo_da = view.lo_da;
  frame.hi_da = view.hi_da;
  const bool changed = handle_input(input, frame, view, ranges, full_da);
  frame.lo_da = view.lo_da;
  frame.hi_da = view.hi_da;

  // Display bins: whole multiples of the spectrum's bins, at least a pixel wide, aligned to
  // multiples of their width so that they stay put while panning.
  const double view_bins = (view.hi_da - view.lo_da) * input.bins_per_da;
  const double per_bin = std::max({1.0, std::round(view.bin_width_da * input.bins_per_da),
                                   std::ceil(view_bins / (frame.max.x - frame.min.x))});
  const double width_da = per_bin / input.bins_per_da;
  const double first_da = std::floor(view.lo_da * input.bins_per_da / per_bin) * per_bin / input.bins_per_da;
  const double last_da = std::ceil(view.hi_da * input.bins_per_da / per_bin) * per_bin / input.bins_per_da;
  const std::vector<std::uint64_t> bins =
      rebin_spectrum(input.counts, input.bins_per_da, first_da, last_da, width_da);
  const std::uint64_t peak = bins.empty() ? 0 : *std::max_element(bins.begin(), bins.end());
  frame.top_decade =
      std::max(1.0, std::ceil(std::log10(static_cast<double>(std::max<std::uint64_t>(peak, 1)))));

  const ImGuiIO& io = ImGui::GetIO();
  const double mouse_da = frame.mass_of(io.MousePos.x);
  const bool hovered = ImGui::IsItemHovered() || ImGui::IsItemActive();
  const std::optional<RangeHandle> handle =
      hovered && view.drag == SpectrumDrag::none ? handle_at(ranges, frame, io.MousePos.x) : std::nullopt;
  if (handle || view.drag == SpectrumDrag::range_low || view.drag == SpectrumDrag::range_high) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  }

  draw_decades(draw, frame);
  draw.PushClipRect(frame.min, frame.max, true);
  draw_range_shading(draw, input, view, ranges, frame);
  draw_bars(draw, bins, first_da, width_da, frame);
  draw_range_ends(draw, input, view, ranges, frame, handle);
  if (view.drag == SpectrumDrag::new_range) {
    if (const std::optional<MassRange> sweep =
            new_range_in_gap(ranges, view.drag_start_da, mouse_da, 0, input.bins_per_da)) {
      const ImVec2 a(frame.x_of(sweep->low_da), frame.min.y), b(frame.x_of(sweep->high_da), frame.max.y);
      draw.AddRectFilled(a, b, kNewRangeFill);
      draw.AddRect(a, b, kNewRangeLine);
    }
  }
  draw.PopClipRect();

  draw_x_ticks(draw, frame.min, frame.max, view.lo_da, view.hi_da, kPlotText);
  char bin_label[48];
  std::snprintf(bin_label, sizeof bin_label, "bin width %.2f Da", width_da);
  draw.AddText(ImVec2(frame.min.x, frame.max.y + 4 + text_height), kPlotText, "m/z (Da)");
  draw.AddText(ImVec2(frame.max.x - ImGui::CalcTextSize(bin_label).x, frame.max.y + 4 + text_height), kPlotText,
               bin_label);
  if (hovered && view.drag != SpectrumDrag::pan)
    draw_tooltip(view, ranges, bins, first_da, width_da, mouse_da);
  return changed;
}

}  // namespace hs::ui
