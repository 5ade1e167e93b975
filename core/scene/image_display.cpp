// Image layer display settings in the view state: strict reading, writing of non-defaults.
#include "scene/image_display.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "points/point_store.h"

namespace hs {
namespace {

using namespace state_fields;

constexpr std::array kModes = {VolumeMode::mip, VolumeMode::minip, VolumeMode::composite, VolumeMode::isosurface,
                               VolumeMode::slices};
constexpr double kMaxAbsValue = 1e30;  // display values beyond this are not data

void read_mode(const json::Value& value, const std::string& path, VolumeMode& mode, StateReport& report) {
  for (const VolumeMode m : kModes) {
    if (value.is_string() && value.as_string() == volume_mode_name(m)) {
      mode = m;
      return;
    }
  }
  report_invalid(report, path, "\"mip\", \"minip\", \"composite\", \"isosurface\" or \"slices\"", value);
}

// [start, end] with start < end, or the window keeps its value.
void read_window(const json::Value& value, const std::string& path, std::optional<std::pair<double, double>>& window,
                 StateReport& report) {
  const auto* list = value.is_array() ? &value.as_array() : nullptr;
  const auto valid = [&](std::size_t i) {
    return std::isfinite((*list)[i].is_number() ? (*list)[i].as_number() : NAN) &&
           std::abs((*list)[i].as_number()) <= kMaxAbsValue;
  };
  if (list == nullptr || list->size() != 2 || !valid(0) || !valid(1) || (*list)[0].as_number() >= (*list)[1].as_number()) {
    report_invalid(report, path, "[start, end] with start < end", value);
    return;
  }
  window = std::pair((*list)[0].as_number(), (*list)[1].as_number());
}

// Three fractions of the box, each in [0, 1], or the field keeps its value.
bool read_fractions(const json::Value& value, const std::string& path, std::array<double, 3>& field, StateReport& report) {
  return read_numbers3(value, path, 0.0, 1.0, field, report, "an array of 3 numbers from 0 to 1");
}

// "xyz" or any part of it, in that order: the slice planes drawn.
void read_slice_axes(const json::Value& value, const std::string& path, std::array<bool, 3>& axes, StateReport& report) {
  static constexpr std::array<const char*, 8> kSpellings = {"", "x", "y", "xy", "z", "xz", "yz", "xyz"};
  for (std::size_t bits = 0; bits < kSpellings.size(); ++bits) {
    if (value.is_string() && value.as_string() == kSpellings[bits]) {
      axes = {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
      return;
    }
  }
  report_invalid(report, path, "the axes to slice, e.g. \"xyz\", \"z\" or \"xy\"", value);
}

std::string slice_axes_name(const std::array<bool, 3>& axes) {
  std::string name;
  for (std::size_t a = 0; a < 3; ++a) {
    if (axes[a]) name += "xyz"[a];
  }
  return name;
}

json::Array fractions_json(const std::array<double, 3>& f) { return json::Array{f[0], f[1], f[2]}; }

}  // namespace

std::string_view volume_mode_name(VolumeMode mode) {
  switch (mode) {
    case VolumeMode::mip: return "mip";
    case VolumeMode::minip: return "minip";
    case VolumeMode::composite: return "composite";
    case VolumeMode::isosurface: return "isosurface";
    case VolumeMode::slices: return "slices";
  }
  return "mip";
}

ResolvedImageDisplay resolve_image_display(const ImageDisplay& display, const VolumeMetadata& metadata,
                                           std::uint64_t channel_count, std::uint64_t time_count) {
  ResolvedImageDisplay out;
  const auto clamp_index = [](int index, std::uint64_t count) {
    return static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(index), count > 0 ? count - 1 : 0));
  };
  out.channel = clamp_index(display.channel, channel_count);
  out.time = clamp_index(display.time, time_count);
  const auto channel = static_cast<std::size_t>(out.channel);
  if (display.window) {
    out.window = *display.window;
  } else if (channel < metadata.channels.size()) {
    out.window = {metadata.channels[channel].window_start, metadata.channels[channel].window_end};
  }
  if (channel < metadata.channels.size()) {
    if (const auto rgb = parse_color_hex(metadata.channels[channel].color)) out.channel_rgb = {rgb->r, rgb->g, rgb->b};
  }
  if (!(out.window.first < out.window.second)) {  // a flat omero window: widen it to stay invertible
    const double half = std::max(std::abs(out.window.first) * 1e-6, 1e-12);
    out.window = {out.window.first - half, out.window.first + half};
  }
  out.iso_level = display.iso_level.value_or(0.5 * (out.window.first + out.window.second));
  if (channel < metadata.semantics.size()) {
    const ChannelSemantics& semantics = metadata.semantics[channel];
    if (display.highlight_out_of_range) out.highlight_range = semantics.characteristic_range;
    out.quantity = semantics.quantity;
    out.unit = semantics.unit;
  }
  return out;
}

std::string display_value_label(const VolumeMetadata& metadata, const ResolvedImageDisplay& resolved) {
  std::string label = resolved.quantity;
  const auto channel = static_cast<std::size_t>(resolved.channel);
  if (label.empty() && channel < metadata.channels.size()) label = metadata.channels[channel].label;
  if (label.empty()) label = "value";
  if (!resolved.unit.empty()) label += " (" + resolved.unit + ")";
  return label;
}

std::vector<std::uint8_t> display_colors_rgba8(const ImageDisplay& display, const std::array<float, 3>& channel_rgb,
                                               int width) {
  if (display.colormap) return colormap_texture_rgba8(*display.colormap, display.reversed, width);
  width = std::clamp(width, kMinColormapTextureWidth, kMaxColormapTextureWidth);
  std::vector<std::uint8_t> texels(4 * static_cast<std::size_t>(width));
  for (int i = 0; i < width; ++i) {
    const double t = static_cast<double>(display.reversed ? width - 1 - i : i) / (width - 1);
    for (int c = 0; c < 3; ++c) texels[4 * i + c] = static_cast<std::uint8_t>(std::lround(255.0 * t * channel_rgb[c]));
    texels[4 * i + 3] = 255;
  }
  return texels;
}

void read_image_display(const json::Value& value, const std::string& path, ImageDisplay& display, StateReport& report) {
  read_section(value, path, report, [&](std::string_view key, const json::Value& member, const std::string& here) {
    if (key == "mode") {
      read_mode(member, here, display.mode, report);
    } else if (key == "channel") {
      read_integer_in(member, here, 0, kMaxChannelIndex, display.channel, report);
    } else if (key == "time") {
      read_integer_in(member, here, 0, kMaxTimeIndex, display.time, report);
    } else if (key == "colormap") {
      ColormapId id{};
      if (read_colormap(member, here, id, report)) display.colormap = id;
    } else if (key == "reversed") {
      read_bool(member, here, display.reversed, report);
    } else if (key == "window") {
      read_window(member, here, display.window, report);
    } else if (key == "opacity") {
      read_number_in(member, here, 0.0, 1.0, display.opacity, report);
    } else if (key == "iso_level") {
      double level = 0.0;
      if (read_number_in(member, here, -kMaxAbsValue, kMaxAbsValue, level, report)) display.iso_level = level;
    } else if (key == "quality") {
      read_number_in(member, here, kMinQuality, kMaxQuality, display.quality, report);
    } else if (key == "slice_position") {
      read_fractions(member, here, display.slice_position, report);
    } else if (key == "slice_axes") {
      read_slice_axes(member, here, display.slice_axes, report);
    } else if (key == "clip") {
      read_clip_box(member, here, display.clip_min, display.clip_max, report);
    } else if (key == "highlight_out_of_range") {
      read_bool(member, here, display.highlight_out_of_range, report);
    } else {
      return false;
    }
    return true;
  });
}

json::Object image_display_to_json(const ImageDisplay& display) {
  const ImageDisplay defaults;
  json::Object out;
  if (display.mode != defaults.mode) out.emplace_back("mode", json::Value(std::string(volume_mode_name(display.mode))));
  add_if_changed(out, "channel", display.channel, defaults.channel);
  add_if_changed(out, "time", display.time, defaults.time);
  if (display.colormap) out.emplace_back("colormap", json::Value(std::string(colormap_name(*display.colormap))));
  add_if_changed(out, "reversed", display.reversed, defaults.reversed);
  if (display.window) out.emplace_back("window", json::Array{display.window->first, display.window->second});
  add_if_changed(out, "opacity", display.opacity, defaults.opacity);
  if (display.iso_level) {
    const double level = *display.iso_level;
    out.emplace_back("iso_level", level);
  }
  add_if_changed(out, "highlight_out_of_range", display.highlight_out_of_range, defaults.highlight_out_of_range);
  add_if_changed(out, "quality", display.quality, defaults.quality);
  if (display.slice_position != defaults.slice_position) out.emplace_back("slice_position", fractions_json(display.slice_position));
  if (display.slice_axes != defaults.slice_axes) out.emplace_back("slice_axes", slice_axes_name(display.slice_axes));
  if (display.clip_min != defaults.clip_min || display.clip_max != defaults.clip_max) {
    out.emplace_back("clip", clip_box_json(display.clip_min, display.clip_max));
  }
  return out;
}

}  // namespace hs
