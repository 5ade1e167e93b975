// The view state: one JSON document holding everything the view shows (camera, panels, overlays;
// layers, display settings, ROIs and analysis recipes join it later). It is what a shared URL
// carries, so reading it is strict and total.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/recipe.h"
#include "json/json.h"
#include "scene/camera.h"
#include "scene/image_display.h"
#include "scene/layer_transform.h"
#include "scene/point_display.h"
#include "scene/state_fields.h"
#include "util/result.h"

namespace hs {

inline constexpr int kViewStateVersion = 1;

// Which ImGui panels are open.
struct PanelState {
  bool layers = true;
  bool display = true;
  bool analysis = false;
  bool status_bar = true;
  friend bool operator==(const PanelState&, const PanelState&) = default;
};

// Which 3D overlays are drawn.
struct OverlayState {
  bool grid = true;
  bool axes = true;
  bool scale_bar = true;
  friend bool operator==(const OverlayState&, const OverlayState&) = default;
};

// One dataset in the scene, by where it is read from: an http(s) URL, or a path relative to the
// page (a dataset served beside the viewer). Dropped local files are not in the state.
struct LayerState {
  std::string source;
  bool visible = true;
  LayerTransform transform;  // layer nm -> world nm
  ImageDisplay display;      // used when the source is an image
  PointDisplay points{};     // used when the source is a point cloud ({}: initialisers may stop before it)
  friend bool operator==(const LayerState&, const LayerState&) = default;
};

inline constexpr std::size_t kMaxLayers = 64;
inline constexpr std::size_t kMaxSourceLength = 2048;

// Whether `source` may be a layer's source: 1 to kMaxSourceLength printable characters, and
// either an http(s) URL or a relative reference without a scheme (no "javascript:", "data:", ...).
bool is_valid_layer_source(std::string_view source);

// A segmentation recipe applied to an image layer, and the particle selected in its result. The
// state carries the recipe, not the result: whoever opens the view recomputes it (bit for bit).
struct AnalysisState {
  int layer = 0;  // index into layers
  SegmentationRecipe recipe;
  std::uint32_t selected = 0;  // particle label; 0: none
  friend bool operator==(const AnalysisState&, const AnalysisState&) = default;
};

// An atom probe analysis of a point layer: the job (apt_job_json.h), kept as its canonical JSON
// (validated when read). As for AnalysisState, the state carries the job and whoever opens the
// view recomputes the result.
struct AptAnalysisState {
  int layer = 0;  // index into layers
  json::Value job;
  friend bool operator==(const AptAnalysisState&, const AptAnalysisState&) = default;
};

// What the view is drawn on: dark (the viewer's own dark grey), black, white (for slides and
// print) or a neutral grey.
enum class Background { dark, black, white, grey };

struct ViewState {
  CameraState camera;
  std::vector<LayerState> layers;  // drawing order: first is drawn first
  PanelState panels;
  OverlayState overlays;
  std::optional<AnalysisState> analysis;
  std::optional<AptAnalysisState> apt;
  Background background = Background::dark;
  friend bool operator==(const ViewState&, const ViewState&) = default;
};

// Reads a parsed document. Fails (Result error) only when the document as a whole is unusable:
// not an object, or a "version" that is missing, not an integer, or newer than kViewStateVersion.
// Otherwise every valid field is applied over the defaults and every problem is reported.
Result<ViewState> view_state_from_json(const json::Value& doc, StateReport& report);

// Writes "version" plus every field that differs from its default (so URLs stay short).
json::Value view_state_to_json(const ViewState& state);

// Convenience: parse text (untrusted, limits of json::parse) then read it.
Result<ViewState> view_state_from_text(std::string_view text, std::string_view source,
                                       StateReport& report);

}  // namespace hs
