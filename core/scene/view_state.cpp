// The view state document: strict reading with a per-field report, and writing that leaves out
// every field still at its default.
#include "scene/view_state.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "analysis/apt/apt_job_json.h"
#include "io/ascii_case.h"
#include "util/text_codec.h"

namespace hs {
namespace {

using namespace state_fields;

constexpr double kMaxTargetAbsNm = 1e12;

// The on/off switches of a section: JSON key and struct member. A new switch is one line here.
template <typename Section, std::size_t N>
using SwitchFields = std::array<std::pair<std::string_view, bool Section::*>, N>;

constexpr SwitchFields<PanelState, 4> kPanelSwitches = {{
    {"layers", &PanelState::layers},
    {"display", &PanelState::display},
    {"analysis", &PanelState::analysis},
    {"status_bar", &PanelState::status_bar},
}};
constexpr SwitchFields<OverlayState, 3> kOverlaySwitches = {{
    {"grid", &OverlayState::grid},
    {"axes", &OverlayState::axes},
    {"scale_bar", &OverlayState::scale_bar},
}};

constexpr Choices<Background, 4> kBackgrounds = {{{"dark", Background::dark},
                                                  {"black", Background::black},
                                                  {"white", Background::white},
                                                  {"grey", Background::grey}}};

// [Reading] -------------------------------------------------------------------------------------

void read_azimuth(const json::Value& value, const std::string& path, double& azimuth_deg,
                  StateReport& report) {
  if (value.is_number() && std::isfinite(value.as_number())) {
    azimuth_deg = wrap_degrees(value.as_number());
  } else {
    report_invalid(report, path, "a finite number", value);
  }
}

void read_projection(const json::Value& value, const std::string& path, Projection& projection,
                     StateReport& report) {
  if (value.is_string() && value.as_string() == "perspective") {
    projection = Projection::perspective;
  } else if (value.is_string() && value.as_string() == "orthographic") {
    projection = Projection::orthographic;
  } else {
    report_invalid(report, path, "\"perspective\" or \"orthographic\"", value);
  }
}

void read_camera(const json::Value& value, CameraState& camera, StateReport& report) {
  read_section(
      value, "camera", report, [&](std::string_view key, const json::Value& member, const std::string& path) {
        if (key == "target_nm") {
          read_vector3(member, path, kMaxTargetAbsNm, camera.target_nm, report);
        } else if (key == "distance_nm") {
          read_number_in(member, path, kMinDistanceNm, kMaxDistanceNm, camera.distance_nm, report);
        } else if (key == "azimuth_deg") {
          read_azimuth(member, path, camera.azimuth_deg, report);
        } else if (key == "elevation_deg") {
          read_number_in(member, path, -kMaxElevationDeg, kMaxElevationDeg, camera.elevation_deg, report);
        } else if (key == "fov_y_deg") {
          read_number_in(member, path, kMinFovDeg, kMaxFovDeg, camera.fov_y_deg, report);
        } else if (key == "projection") {
          read_projection(member, path, camera.projection, report);
        } else {
          return false;
        }
        return true;
      });
}

// Reads an object whose members are all switches listed in `fields` (key, member pointer).
template <typename Section, std::size_t N>
void read_switches(const json::Value& value, std::string_view path, const SwitchFields<Section, N>& fields,
                   Section& section, StateReport& report) {
  read_section(value, path, report,
               [&](std::string_view key, const json::Value& member, const std::string& path_here) {
                 for (const auto& [name, field] : fields) {
                   if (key != name) continue;
                   read_bool(member, path_here, section.*field, report);
                   return true;
                 }
                 return false;
               });
}

void read_layer(const json::Value& value, const std::string& path, std::vector<LayerState>& layers,
                StateReport& report) {
  LayerState layer;
  bool has_source = false;
  read_section(value, path, report, [&](std::string_view key, const json::Value& member, const std::string& path_here) {
    if (key == "source") {
      if (member.is_string() && is_valid_layer_source(member.as_string())) {
        layer.source = member.as_string();
        has_source = true;
      } else {
        report_invalid(report, path_here, "an http(s) URL or a relative path", member);
      }
    } else if (key == "visible") {
      read_bool(member, path_here, layer.visible, report);
    } else if (key == "transform") {
      read_layer_transform(member, path_here, layer.transform, report);
    } else if (key == "display") {
      read_image_display(member, path_here, layer.display, report);
    } else if (key == "points") {
      read_point_display(member, path_here, layer.points, report);
    } else {
      return false;
    }
    return true;
  });
  if (has_source) {
    layers.push_back(std::move(layer));
  } else if (value.is_object() && value.find("source") == nullptr) {
    report.errors.push_back(path + ": no \"source\": layer ignored");
  }
}

void read_layers(const json::Value& value, std::vector<LayerState>& layers, StateReport& report) {
  if (!value.is_array()) {
    report_invalid(report, "layers", "an array", value);
    return;
  }
  const json::Array& list = value.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i == kMaxLayers) {
      report.errors.push_back("layers: more than " + std::to_string(kMaxLayers) + " layers; the rest are ignored");
      break;
    }
    read_layer(list[i], "layers[" + std::to_string(i) + "]", layers, report);
  }
}

// {"layer": N, "recipe": {...}, "selected": L}: all of it valid, or no analysis.
void read_analysis(const json::Value& value, std::optional<AnalysisState>& analysis, StateReport& report) {
  AnalysisState parsed;
  bool valid = true;
  read_section(value, "analysis", report, [&](std::string_view key, const json::Value& member, const std::string& path) {
    if (key == "layer") {
      valid &= read_integer_in(member, path, 0, static_cast<double>(kMaxLayers - 1), parsed.layer, report);
    } else if (key == "recipe") {
      auto recipe = recipe_from_json(member, path);
      if (recipe) {
        parsed.recipe = *recipe;
      } else {
        report.errors.push_back(recipe.error().message);
        valid = false;
      }
    } else if (key == "selected") {
      double label = 0.0;
      valid &= read_number_in(member, path, 0.0, 4294967295.0, label, report) && std::floor(label) == label;
      parsed.selected = static_cast<std::uint32_t>(label);
    } else {
      return false;
    }
    return true;
  });
  if (valid && value.is_object()) analysis = parsed;
}

// {"layer": N, "job": {...}}: all of it valid, or no atom probe analysis.
void read_apt(const json::Value& value, std::optional<AptAnalysisState>& apt, StateReport& report) {
  AptAnalysisState parsed;
  bool valid = true, has_job = false;
  read_section(value, "apt", report, [&](std::string_view key, const json::Value& member, const std::string& path) {
    if (key == "layer") {
      valid &= read_integer_in(member, path, 0, static_cast<double>(kMaxLayers - 1), parsed.layer, report);
    } else if (key == "job") {
      auto job = apt_job_from_json(member, path);
      if (job) {
        parsed.job = apt_job_to_json(*job);
        has_job = true;
      } else {
        report.errors.push_back(job.error().message);
        valid = false;
      }
    } else {
      return false;
    }
    return true;
  });
  if (valid && !has_job && value.is_object()) report.errors.push_back("apt: no \"job\": analysis ignored");
  if (valid && has_job) apt = std::move(parsed);
}

Error document_error(ErrorCode code, const std::string& problem) {
  return make_error(code, "view state: " + problem);
}

// The document must say which version wrote it, and we must know that version.
Status check_version(const json::Value& doc) {
  const json::Value* version = doc.find("version");
  if (version == nullptr) return document_error(ErrorCode::parse, "no \"version\" key");
  const bool integer = version->is_number() && std::isfinite(version->as_number()) &&
                       std::floor(version->as_number()) == version->as_number();
  if (!integer) {
    return document_error(ErrorCode::parse, "\"version\" must be an integer, got " + describe(*version));
  }
  const double number = version->as_number();
  if (number < 1) {
    return document_error(ErrorCode::parse, "version " + describe(*version) + " does not exist");
  }
  if (number > kViewStateVersion) {
    return document_error(ErrorCode::unsupported, "version " + describe(*version) +
                                                      " is newer than this viewer reads (" +
                                                      std::to_string(kViewStateVersion) + ")");
  }
  return {};
}

// [Writing] -------------------------------------------------------------------------------------

void add_section(json::Object& doc, const char* key, json::Object section) {
  if (!section.empty()) doc.emplace_back(key, json::Value(std::move(section)));
}

const char* projection_name(Projection projection) {
  return projection == Projection::orthographic ? "orthographic" : "perspective";
}

json::Object camera_to_json(const CameraState& camera) {
  const CameraState defaults;
  json::Object out;
  if (camera.target_nm != defaults.target_nm) {
    const Eigen::Vector3d& t = camera.target_nm;
    out.emplace_back("target_nm", json::Array{t.x(), t.y(), t.z()});
  }
  add_if_changed(out, "distance_nm", camera.distance_nm, defaults.distance_nm);
  add_if_changed(out, "azimuth_deg", camera.azimuth_deg, defaults.azimuth_deg);
  add_if_changed(out, "elevation_deg", camera.elevation_deg, defaults.elevation_deg);
  add_if_changed(out, "fov_y_deg", camera.fov_y_deg, defaults.fov_y_deg);
  if (camera.projection != defaults.projection) {
    out.emplace_back("projection", projection_name(camera.projection));
  }
  return out;
}

template <typename Section, std::size_t N>
json::Object switches_to_json(const Section& section, const SwitchFields<Section, N>& fields) {
  const Section defaults;
  json::Object out;
  for (const auto& [name, field] : fields) add_if_changed(out, name, section.*field, defaults.*field);
  return out;
}

}  // namespace

Result<ViewState> view_state_from_json(const json::Value& doc, StateReport& report) {
  if (!doc.is_object()) {
    return document_error(ErrorCode::parse, "expected a JSON object, got " + describe(doc));
  }
  if (const Status version = check_version(doc); !version) return version.error();
  ViewState state;
  read_section(doc, "", report, [&](std::string_view key, const json::Value& member, const std::string&) {
    if (key == "version") return true;  // checked above
    if (key == "camera") {
      read_camera(member, state.camera, report);
    } else if (key == "panels") {
      read_switches(member, "panels", kPanelSwitches, state.panels, report);
    } else if (key == "overlays") {
      read_switches(member, "overlays", kOverlaySwitches, state.overlays, report);
    } else if (key == "layers") {
      read_layers(member, state.layers, report);
    } else if (key == "analysis") {
      read_analysis(member, state.analysis, report);
    } else if (key == "apt") {
      read_apt(member, state.apt, report);
    } else if (key == "background") {
      read_choice(member, "background", kBackgrounds, state.background, report);
    } else {
      return false;
    }
    return true;
  });
  return state;
}

json::Value view_state_to_json(const ViewState& state) {
  json::Object doc{{"version", json::Value(kViewStateVersion)}};
  add_section(doc, "camera", camera_to_json(state.camera));
  add_section(doc, "panels", switches_to_json(state.panels, kPanelSwitches));
  add_section(doc, "overlays", switches_to_json(state.overlays, kOverlaySwitches));
  if (!state.layers.empty()) {
    json::Array layers;
    for (const LayerState& layer : state.layers) {
      json::Object out{{"source", json::Value(layer.source)}};
      add_if_changed(out, "visible", layer.visible, LayerState{}.visible);
      if (json::Object transform = layer_transform_to_json(layer.transform); !transform.empty()) {
        out.emplace_back("transform", json::Value(std::move(transform)));
      }
      if (json::Object display = image_display_to_json(layer.display); !display.empty()) {
        out.emplace_back("display", json::Value(std::move(display)));
      }
      if (json::Object points = point_display_to_json(layer.points); !points.empty()) {
        out.emplace_back("points", json::Value(std::move(points)));
      }
      layers.emplace_back(std::move(out));
    }
    doc.emplace_back("layers", json::Value(std::move(layers)));
  }
  if (state.analysis) {
    json::Object analysis;
    analysis.emplace_back("layer", state.analysis->layer);
    analysis.emplace_back("recipe", recipe_to_json(state.analysis->recipe));
    if (state.analysis->selected != 0) analysis.emplace_back("selected", static_cast<double>(state.analysis->selected));
    doc.emplace_back("analysis", json::Value(std::move(analysis)));
  }
  if (state.apt) {
    json::Object apt;
    apt.emplace_back("layer", state.apt->layer);
    apt.emplace_back("job", state.apt->job);
    doc.emplace_back("apt", json::Value(std::move(apt)));
  }
  add_choice_if_changed(doc, "background", kBackgrounds, state.background, ViewState{}.background);
  return doc;
}

bool is_valid_layer_source(std::string_view source) {
  if (source.empty() || source.size() > kMaxSourceLength) return false;
  for (const char c : source) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7F) return false;  // controls and spaces (URLs spell them %20)
  }
  // A scheme is what precedes the first ':' when no '/', '?' or '#' comes before it.
  const std::size_t colon = source.find(':');
  if (colon == std::string_view::npos || source.find_first_of("/?#") < colon) return true;
  return starts_with_ignoring_case(source, "http://") || starts_with_ignoring_case(source, "https://");
}

Result<ViewState> view_state_from_text(std::string_view text, std::string_view source, StateReport& report) {
  const Result<json::Value> doc = json::parse(text, source);
  if (!doc) return doc.error();
  Result<ViewState> state = view_state_from_json(*doc, report);
  if (!state) return make_error(state.error().code, std::string(source) + ": " + state.error().message);
  return state;
}

}  // namespace hs
