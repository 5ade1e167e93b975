// The viewer's ImGui panels: immediate-mode functions over the state they show.
#pragma once

#include <string>

#include "analysis/recipe.h"
#include "analysis/value_summary.h"
#include "data/analysis_run.h"
#include "data/datasets.h"
#include "data/point_tables.h"
#include "scene/view_state.h"
#include "ui/spectrum_plot.h"

namespace hs::ui {

// Figures for the status bar, filled in by the platform layer each frame.
struct FrameStats {
  double frame_ms = 0.0;         // smoothed time between frames
  double heap_used_bytes = 0.0;  // wasm heap in use (malloc'd)
  double heap_size_bytes = 0.0;  // wasm heap reserved
  double network_bytes = 0.0;    // downloaded since the page opened
  double network_bytes_per_s = 0.0;  // smoothed download rate
  double gpu_bytes = 0.0;            // volume textures and point buffers
  int width_px = 0;
  int height_px = 0;
  double device_pixel_ratio = 1.0;
  double grid_cell_nm = 0.0;
  double brick_cache_bytes = 0.0;  // decoded bricks held, and the cache's budget
  double brick_cache_budget_bytes = 0.0;
  int bricks_loading = 0;          // requested and not yet arrived
};

// What the menu bar asked for this frame.
struct MenuActions {
  bool reset_view = false;
  bool copy_link = false;
  std::string add_source;  // a sample chosen from the Samples menu
  std::string open_view;   // a preset view chosen from the Demo menu (URL of its state document)
  std::string open_tour;   // the demo tour (URL of its tour document)
  bool toggle_fullscreen = false;
};

// What the Layers panel keeps between frames.
struct LayersPanelUi {
  char url[kMaxSourceLength + 1] = {};
  int selected_id = 0;  // dataset shown in the Dataset window; 0: none
};

// What the Layers panel asked for this frame (-1 / 0 / empty: nothing).
struct LayersPanelActions {
  int remove_layer = -1;            // index into state.layers
  int raise_layer = -1;             // index into state.layers: swap with the one before
  int remove_local = 0;             // dataset id of dropped files
  int toggle_local_visibility = 0;  // dataset id of dropped files
  std::string add_source;           // typed into the URL field
  bool pick_files = false;
};

// What the Display panel keeps between frames: playback over the time points.
struct DisplayPanelUi {
  bool log_counts = true;  // histogram y axis
  bool playing = false;
  double last_step_s = 0.0;
};

// What the Points panel keeps between frames: the spectrum's zoom and the selected ion.
struct PointsPanelUi {
  SpectrumView spectrum;
  char ranges_url[kMaxSourceLength + 1] = {};
};

// What the Points panel asked for this frame.
struct PointsPanelActions {
  bool save_rrng = false;  // download the shown ranges as an RRNG file
  std::string load_ranges_url;  // read the ranges from this RRNG/RNG file
};

// What the Analysis panel keeps between frames: the recipe being edited.
struct AnalysisPanelUi {
  SegmentationRecipe recipe;
};

// What the Analysis panel asked for this frame.
struct AnalysisPanelActions {
  int run_dataset_id = 0;  // segment this image; 0: nothing
  bool cancel = false;
};

MenuActions draw_menu_bar(ViewState& state, bool& show_controls_help, bool& show_about);
// Edits state.layers (visibility) in place; everything else is returned as actions.
LayersPanelActions draw_layers_panel(ViewState& state, const Datasets& datasets, LayersPanelUi& ui, float ui_scale);
// The selected dataset's summary, notes and error; closing it clears ui.selected_id.
void draw_dataset_window(const Datasets& datasets, LayersPanelUi& ui, float ui_scale);
// How the image `entry` is drawn; edits `display` (its layer's, or the entry's for dropped files).
// `summary`: the histogram and statistics of the voxels drawn so far, when there are any.
void draw_display_panel(ImageDisplay& display, const DatasetEntry& entry, const ValueSummary* summary,
                        DisplayPanelUi& ui, double now_s, float ui_scale);
// How the point store `entry` is drawn; edits `display` (its layer's, or the entry's for dropped
// files). `view_dir_layer`: the camera's viewing direction in the layer's frame (for the slab).
PointsPanelActions draw_points_panel(PointDisplay& display, const DatasetEntry& entry, const PointTablesEntry* tables,
                                     const Eigen::Vector3d& view_dir_layer, PointsPanelUi& ui, float ui_scale);
// Segmentation of `image` (null when there is no image) and the result of `run`.
AnalysisPanelActions draw_analysis_panel(const DatasetEntry* image, AnalysisRun& run, AnalysisPanelUi& ui,
                                         float ui_scale);
void draw_status_bar(const FrameStats& stats);
void draw_controls_help(bool& open);
void draw_about(bool& open);

}  // namespace hs::ui
