// The Display panel: how the selected image layer is drawn (mode, channel, time point with
// playback, colormap, window, isosurface level, opacity, out-of-range highlight), all of it in
// the view state.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "ui/cut_controls.h"
#include "ui/panels.h"
#include "ui/plot.h"

namespace hs::ui {
namespace {

constexpr double kPlayStepS = 1.0;  // time points advance at most once a second while playing

const char* mode_label(VolumeMode mode) {
  switch (mode) {
    case VolumeMode::mip: return "Maximum intensity";
    case VolumeMode::minip: return "Minimum intensity";
    case VolumeMode::composite: return "Composite";
    case VolumeMode::isosurface: return "Isosurface";
    case VolumeMode::slices: return "Orthogonal slices";
  }
  return "";
}

std::string time_label(const ImageLayout& layout, int time) {
  const auto t = static_cast<std::size_t>(time);
  std::string label = std::to_string(time + 1) + " of " + std::to_string(layout.time_count);
  if (t < layout.metadata.time_labels.size()) label += ": " + layout.metadata.time_labels[t];
  return label;
}

void draw_mode(ImageDisplay& display) {
  if (!ImGui::BeginCombo("Mode", mode_label(display.mode))) return;
  for (VolumeMode mode :
       {VolumeMode::mip, VolumeMode::minip, VolumeMode::composite, VolumeMode::isosurface, VolumeMode::slices}) {
    if (ImGui::Selectable(mode_label(mode), display.mode == mode)) display.mode = mode;
  }
  ImGui::EndCombo();
}

void draw_channel(ImageDisplay& display, const ImageLayout& layout, const ResolvedImageDisplay& resolved) {
  if (layout.channel_count < 2) return;
  const auto name = [&](std::uint64_t c) {
    return c < layout.metadata.channels.size() && !layout.metadata.channels[c].label.empty()
               ? layout.metadata.channels[c].label
               : "channel " + std::to_string(c);
  };
  if (!ImGui::BeginCombo("Channel", name(static_cast<std::uint64_t>(resolved.channel)).c_str())) return;
  for (std::uint64_t c = 0; c < layout.channel_count; ++c) {
    if (ImGui::Selectable(name(c).c_str(), resolved.channel == static_cast<int>(c))) {
      display.channel = static_cast<int>(c);
      display.window.reset();  // each channel has its own window and range
      display.iso_level.reset();
    }
  }
  ImGui::EndCombo();
}

void draw_time(ImageDisplay& display, const ImageLayout& layout, const ResolvedImageDisplay& resolved,
               const DatasetEntry& entry, DisplayPanelUi& ui, double now_s) {
  if (layout.time_count < 2) return;
  const int last = static_cast<int>(layout.time_count - 1);
  int time = resolved.time;
  if (ImGui::SliderInt("Time", &time, 0, last, time_label(layout, time).c_str())) {
    display.time = time;
    ui.playing = false;
  }
  if (ImGui::Button(ui.playing ? "Pause" : "Play")) {
    ui.playing = !ui.playing;
    ui.last_step_s = now_s;
  }
  // Playing waits for the shown time point to be complete, so every frame of the loop is whole.
  const bool complete = entry.bricks_total > 0 && entry.bricks_resident == entry.bricks_total;
  if (ui.playing && complete && now_s - ui.last_step_s >= kPlayStepS) {
    display.time = resolved.time == last ? 0 : resolved.time + 1;
    ui.last_step_s = now_s;
  }
}

void draw_colors(ImageDisplay& display) {
  const std::string current = display.colormap ? std::string(colormap_name(*display.colormap)) : "channel colour";
  if (ImGui::BeginCombo("Colormap", current.c_str())) {
    if (ImGui::Selectable("channel colour", !display.colormap)) display.colormap.reset();
    for (ColormapId id : kColormaps) {
      const std::string name(colormap_name(id));
      if (ImGui::Selectable(name.c_str(), display.colormap == id)) display.colormap = id;
    }
    ImGui::EndCombo();
  }
  ImGui::Checkbox("Reversed colours", &display.reversed);
}

// The histogram of the voxels drawn so far with the window's handles, and their statistics.
void draw_histogram(ImageDisplay& display, const ImageLayout& layout, const ResolvedImageDisplay& resolved,
                    const ValueSummary& summary, const DatasetEntry& entry, DisplayPanelUi& ui, float ui_scale) {
  const auto channel = static_cast<std::size_t>(resolved.channel);
  HistogramPlot plot;
  plot.counts = summary.histogram().counts;
  plot.lo = summary.histogram().lo;
  plot.hi = summary.histogram().hi;
  plot.log_y = ui.log_counts;
  if (channel < layout.metadata.semantics.size()) plot.shaded = layout.metadata.semantics[channel].characteristic_range;
  plot.x_label = display_value_label(layout.metadata, resolved);
  std::pair<double, double> window = resolved.window;
  if (draw_histogram_plot("##histogram", plot, &window, ImVec2(300.0f * ui_scale, 110.0f * ui_scale))) display.window = window;
  ImGui::Checkbox("log counts", &ui.log_counts);
  ImGui::SameLine();
  const bool partial = entry.bricks_resident < entry.bricks_total;
  ImGui::TextDisabled("%llu voxels%s", static_cast<unsigned long long>(summary.count()), partial ? " so far" : "");
  const char* unit = resolved.unit.c_str();
  ImGui::Text("mean %.5g %s   median %.5g   std %.3g", summary.mean(), unit, summary.median(), summary.std());
  if (plot.shaded) ImGui::Text("%.1f %% outside the characteristic range", 100.0 * summary.fraction_out_of_range());
}

void draw_window(ImageDisplay& display, const ImageLayout& layout, const ResolvedImageDisplay& resolved) {
  const auto channel = static_cast<std::size_t>(resolved.channel);
  double lo = resolved.window.first, hi = resolved.window.second;
  if (channel < layout.metadata.channels.size()) {
    lo = std::min(lo, layout.metadata.channels[channel].window_min);
    hi = std::max(hi, layout.metadata.channels[channel].window_max);
  }
  float start = static_cast<float>(resolved.window.first), end = static_cast<float>(resolved.window.second);
  const float speed = static_cast<float>((hi - lo) / 500.0);
  const std::string format = "%.4g " + resolved.unit;
  if (ImGui::DragFloatRange2("Window", &start, &end, speed, static_cast<float>(lo), static_cast<float>(hi),
                             format.c_str(), format.c_str(), ImGuiSliderFlags_AlwaysClamp) && start < end) {
    display.window = std::pair<double, double>(start, end);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("reset")) display.window.reset();
  if (display.mode == VolumeMode::isosurface) {
    float level = static_cast<float>(resolved.iso_level);
    if (ImGui::SliderFloat("Level", &level, static_cast<float>(lo), static_cast<float>(hi), format.c_str())) {
      display.iso_level = level;
    }
  }
}

// Slice planes and the clipping box, as positions in the image's length unit along x, y, z.
void draw_cuts(ImageDisplay& display, const ImageLayout& layout) {
  const AxisBox box{layout.box_min_nm_xyz(0), layout.box_max_nm_xyz(0)};
  if (display.mode == VolumeMode::slices) {
    for (int a = 0; a < 3; ++a) {
      ImGui::PushID(a);
      ImGui::Checkbox("##on", &display.slice_axes[static_cast<std::size_t>(a)]);
      ImGui::SameLine();
      const char* labels[] = {"Slice x", "Slice y", "Slice z"};
      position_slider(labels[a], box, a, display.slice_position[static_cast<std::size_t>(a)]);
      ImGui::PopID();
    }
  }
  draw_clip_box(box, display.clip_min, display.clip_max);
}

}  // namespace

void draw_display_panel(ImageDisplay& display, const DatasetEntry& entry, const ValueSummary* summary,
                        DisplayPanelUi& ui, double now_s, float ui_scale) {
  if (!entry.image) return;
  const ImageLayout& layout = *entry.image;
  const ResolvedImageDisplay resolved =
      resolve_image_display(display, layout.metadata, layout.channel_count, layout.time_count);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + 8, viewport->Pos.y + ImGui::GetFrameHeight() + 240 * ui_scale),
                          ImGuiCond_FirstUseEver);
  // Sized to its content, which changes with the mode and the data.
  if (ImGui::Begin("Display", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("%s: %s", layout.metadata.name.empty() ? "image" : layout.metadata.name.c_str(),
                display_value_label(layout.metadata, resolved).c_str());
    ImGui::PushItemWidth(210.0f * ui_scale);
    draw_mode(display);
    draw_channel(display, layout, resolved);
    draw_time(display, layout, resolved, entry, ui, now_s);
    draw_colors(display);
    if (summary != nullptr && summary->count() > 0) draw_histogram(display, layout, resolved, *summary, entry, ui, ui_scale);
    draw_window(display, layout, resolved);
    draw_cuts(display, layout);
    float quality = static_cast<float>(display.quality);
    if (ImGui::SliderFloat("Quality", &quality, kMinQuality, kMaxQuality, "%.2f", ImGuiSliderFlags_Logarithmic)) {
      display.quality = quality;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ray samples per voxel: lower is faster, higher is smoother");
    float opacity = static_cast<float>(display.opacity);
    if (ImGui::SliderFloat("Opacity", &opacity, 0.0f, 1.0f, "%.2f")) display.opacity = opacity;
    const auto channel = static_cast<std::size_t>(resolved.channel);
    const auto& range = channel < layout.metadata.semantics.size()
                            ? layout.metadata.semantics[channel].characteristic_range
                            : std::nullopt;
    if (range) {
      char label[96];
      std::snprintf(label, sizeof label, "Highlight outside %.4g to %.4g %s", range->first, range->second,
                    resolved.unit.c_str());
      ImGui::Checkbox(label, &display.highlight_out_of_range);
    }
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

}  // namespace hs::ui
