// Image layer display settings in the view state: strict reading, writing of non-defaults.
#include "scene/image_display.h"

#include <array>
#include <cmath>

namespace hs {
namespace {

using namespace state_fields;

constexpr std::array kModes = {VolumeMode::mip, VolumeMode::minip, VolumeMode::composite, VolumeMode::isosurface};
constexpr double kMaxAbsValue = 1e30;  // display values beyond this are not data

void read_mode(const json::Value& value, const std::string& path, VolumeMode& mode, StateReport& report) {
  for (const VolumeMode m : kModes) {
    if (value.is_string() && value.as_string() == volume_mode_name(m)) {
      mode = m;
      return;
    }
  }
  report_invalid(report, path, "\"mip\", \"minip\", \"composite\" or \"isosurface\"", value);
}

void read_colormap(const json::Value& value, const std::string& path, std::optional<ColormapId>& colormap,
                   StateReport& report) {
  if (!value.is_string()) {
    report_invalid(report, path, "a colormap name", value);
    return;
  }
  auto id = parse_colormap_name(value.as_string(), path);
  if (id) {
    colormap = *id;
  } else {
    report.errors.push_back(id.error().message);
  }
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

}  // namespace

std::string_view volume_mode_name(VolumeMode mode) {
  switch (mode) {
    case VolumeMode::mip: return "mip";
    case VolumeMode::minip: return "minip";
    case VolumeMode::composite: return "composite";
    case VolumeMode::isosurface: return "isosurface";
  }
  return "mip";
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
      read_colormap(member, here, display.colormap, report);
    } else if (key == "reversed") {
      read_bool(member, here, display.reversed, report);
    } else if (key == "window") {
      read_window(member, here, display.window, report);
    } else if (key == "opacity") {
      read_number_in(member, here, 0.0, 1.0, display.opacity, report);
    } else if (key == "iso_level") {
      double level = 0.0;
      if (read_number_in(member, here, -kMaxAbsValue, kMaxAbsValue, level, report)) display.iso_level = level;
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
  return out;
}

}  // namespace hs
