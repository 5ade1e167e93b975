// The viewer application, platform-neutral: owns the view state, turns input into camera moves,
// draws the 3D scene and the ImGui UI, and keeps the URL in step with the state through hooks
// that the platform layer (wasm/) provides.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "data/apt_run.h"
#include "data/datasets.h"
#include "data/point_tables.h"
#include "analysis/apt/roi_drag.h"
#include "render/edl_pass.h"
#include "render/line_pass.h"
#include "render/marker_pass.h"
#include "render/mesh_pass.h"
#include "render/grid_pass.h"
#include "render/point_pass.h"
#include "render/volume_pass.h"
#include "volume/brick_streamer.h"
#include "scene/redraw_cadence.h"
#include "scene/tour.h"
#include "scene/view_state.h"
#include "util/rate_meter.h"
#include "ui/messages.h"
#include "ui/apt_panel.h"
#include "ui/panels.h"

namespace hs {

// Analyses in workers of their own, one per op ("segment": image segmentation, "apt": atom probe
// analyses); replies come back through Viewer::analysis_progress / analysis_done with the op.
inline constexpr std::string_view kSegmentOp = "segment";
inline constexpr std::string_view kAptOp = "apt";
struct AnalysisHooks {
  std::function<void(const std::string& op, int dataset_id, const std::string& request_json)> start;
  std::function<void(const std::string& op)> cancel;
};

// Services of the platform that the viewer calls.
struct PlatformHooks {
  std::function<void(const std::string& url_hash)> replace_url_hash;  // no history entry
  std::function<void(const std::string& url_hash)> copy_link;         // URL with this hash
  DatasetHooks datasets;                                              // data worker jobs
  BrickStreamerHooks bricks;                                          // brick reads in the workers
  std::function<void()> pick_files;                                   // the page's file chooser
  std::function<void(const std::string& text)> announce;              // screen-reader live region
  AnalysisHooks analysis;                                             // analysis jobs
  std::function<void(const std::string& file_name, const std::string& text)> download;  // save a file
  // Fetches a range file; the page hands its text to Viewer::load_ranges (or reports the failure).
  std::function<void(const std::string& url)> fetch_ranges;
  // Fetch a view-state document / a tour; the page hands the text to load_state_json / load_tour.
  std::function<void(const std::string& url)> open_state_url;
  std::function<void(const std::string& url)> open_tour;
  std::function<void()> toggle_fullscreen;  // the page's full-screen mode (may be refused)
};

// What reading a state from outside (URL, JS API) gave: accepted or not, and what was reported.
struct StateLoad {
  bool applied = false;
  StateReport report;
  std::string error;  // set when the whole document was rejected
};

// Decoded bricks kept in the wasm heap (a hard limit; the GPU holds its own copy of what is drawn).
inline constexpr std::uint64_t kBrickCacheBytes = std::uint64_t{256} << 20;
// Brick reads handed to the data workers at once. Replies reach the page only between frames, so
// this, not the workers' speed, bounds how many bricks a (possibly seconds-long) frame can bring.
inline constexpr int kBrickReadsInFlight = 24;

class Viewer {
 public:
  explicit Viewer(PlatformHooks hooks) : hooks_(std::move(hooks)) {}

  Status init();  // GL resources; call with the context current

  // One frame. Call draw_ui between ImGui::NewFrame() and ImGui::Render(); then, when
  // redraw_due(), render_scene and draw ImGui's data over it (otherwise the canvas keeps the last
  // picture: see RedrawCadence).
  void draw_ui(const ui::FrameStats& platform_stats);
  bool redraw_due() const { return redraw_due_; }
  void render_scene(int width_px, int height_px);

  // The state as JSON text (canonical, defaults omitted).
  std::string state_json() const;
  // Applies a state document from JSON text; `source` names it in messages ("URL hash", ...).
  // Problems are also shown in the UI.
  StateLoad load_state_json(std::string_view json_text, std::string_view source);
  // Shows an error the platform ran into (plain text).
  void report_error(std::string text) {
    messages_.add(ui::MessageLevel::error, std::move(text));
    changed_ = true;
  }
  // Applies the state carried by a URL fragment (empty fragment: nothing happens).
  StateLoad load_url_hash(std::string_view hash);
  // Starts playing a tour document (scene/tour.h) named `source`; the page's reply is
  // {"ok": true, "steps": N, "warnings": [...]} or {"ok": false, "error": "..."}, both also shown.
  std::string load_tour(std::string_view text, std::string_view source);
  // The tour playing: {"playing": false} or {"playing": true, "paused", "source", "title", "step",
  // "steps", "caption"}.
  std::string tour_json() const;

  // Replies of the data worker (see DatasetHooks) and files the page hands to it.
  void dataset_progress(int id, double fraction) { datasets_.set_progress(id, fraction); }
  void dataset_done(int id, std::string_view reply);
  int begin_local_dataset(std::string names) { return datasets_.begin_local(std::move(names)); }
  void brick_done(const std::string& key, const Status& status, Bytes brick, double now_s);
  std::string datasets_json() const { return datasets_.to_json(); }

  // The Analysis panel's segmentation: progress and reply of the worker, and a run started from
  // the page's API for entries()[index] (false when that is no image).
  void analysis_progress(std::string_view op, double fraction);
  void analysis_done(std::string_view op, std::string_view reply);
  bool run_analysis(std::size_t index);
  std::string analysis_json() const { return json::write(analysis_.to_json()); }
  // The atom probe analysis (state "apt", or else the panel's job) on entries()[index] (false when
  // that is no point store), and its run for the page's API.
  bool run_apt_analysis(std::size_t index);
  std::string apt_analysis_json() const { return json::write(apt_.to_json()); }
  // Applies a range file's text (RRNG, or RNG when `name` ends in .rng) to the Points panel's point
  // store as its edited ranges. Returns {"ok": true, "warnings": [...]} or {"ok": false, "error"};
  // both are also shown in the UI.
  std::string load_ranges(const std::string& name, std::string_view text);
  // The mass spectrum of entries()[index] as {"bin_width_da", "counts"}, or null until it is loaded.
  std::string spectrum_json(std::size_t index) const;

  CameraState& camera() { return state_.camera; }
  double view_height_px() const { return height_px_; }

 private:
  void handle_input();
  void apply_state(ViewState state);
  void follow_tour();
  void enter_tour_step(std::size_t step);
  void tour_keys();
  void stop_tour(const std::string& why);
  void draw_tour_caption(float ui_scale);
  void sync_url();
  void report(const StateLoad& load, std::string_view source);
  std::size_t target_image() const;
  void draw_display(float ui_scale);
  std::size_t target_points() const;
  void draw_points(float ui_scale);
  void draw_pick_tooltip();
  SegmentationRecipe shown_recipe(std::size_t index) const;
  void start_analysis(std::size_t index, const SegmentationRecipe& recipe);
  void follow_analysis_state();
  void start_apt(std::size_t index, const json::Value& job);
  void follow_apt_state();
  void apt_done(std::string_view reply);
  void draw_apt(float ui_scale);
  void render_apt_overlays();
  void sync_apt_roi(std::size_t index);
  std::size_t apt_overlay_index() const;
  std::optional<IonRoi> shown_roi(std::size_t index) const;
  ViewRay pointer_ray(std::size_t index) const;
  std::optional<RoiHandle> roi_handle_under_pointer(std::size_t index) const;
  bool handle_roi_drag();
  void draw_roi_handles();
  Eigen::Vector3d view_dir_in_layer(std::size_t index) const;
  void apply(const ui::LayersPanelActions& actions);
  void add_layer(const std::string& source);
  void stream_bricks();
  void decide_redraw(const ui::FrameStats& platform_stats);
  DatasetHooks dataset_hooks();

  PlatformHooks hooks_;
  ViewState state_;
  ui::MessageLog messages_;
  Datasets datasets_;
  BrickStreamer streamer_{kBrickCacheBytes, RequestSchedulerOptions{kBrickReadsInFlight}};
  render::VolumePass volumes_;
  PointTables point_tables_;
  render::PointPass points_;
  render::EdlPass edl_;
  bool framed_ = false;  // the camera was fitted to the first dataset drawn
  // The ion under a resting pointer: picked once the pointer has rested kPickDelayS.
  struct Hover {
    std::array<float, 2> position{-1.0f, -1.0f};
    double since_s = 0.0;
    bool picked = false;
    std::optional<render::PickedIon> ion;
  } hover_;
  ui::LayersPanelUi layers_ui_;
  ui::DisplayPanelUi display_ui_;
  ui::AnalysisPanelUi analysis_ui_;
  ui::PointsPanelUi points_ui_;
  AnalysisRun analysis_;
  AptRun apt_;
  ui::AptPanelUi apt_ui_;
  std::uint64_t apt_results_ = 0;        // results received; the overlays follow the latest
  std::uint64_t apt_results_shown_ = 0;  // the result the overlay passes hold
  render::MeshPass apt_mesh_;            // proxigram: the isosurface
  render::MarkerPass apt_clusters_;      // clusters: their ions
  render::LinePass apt_roi_;             // the ROI being edited
  // The tour playing: its clock runs from started_s; a step's flight starts from the camera the
  // view had when the step began.
  struct TourPlayback {
    Tour tour;
    std::string source;
    double started_s = 0.0;
    std::optional<double> paused_at_s;
    std::size_t step = 0;
    bool flight_done = false;
    CameraState flight_from;
  };
  std::optional<TourPlayback> tour_;
  bool apt_follow_ = false;              // the state's job came from outside: run it once its layer opens
  std::optional<IonRoi> apt_roi_seen_;   // the panel's ROI as last put into the state
  struct RoiDragState {
    RoiDrag drag;
    int dataset_id = 0;
  };
  std::optional<RoiDragState> roi_drag_;  // a handle being dragged (app_roi_drag.cpp)
  RateMeter network_rate_;
  render::GridPass grid_;
  bool show_controls_help_ = false;
  bool show_about_ = false;
  double width_px_ = 1.0;
  double height_px_ = 1.0;
  double grid_cell_nm_ = 0.0;
  double ui_scale_ = 1.0;  // device pixel ratio of the last frame
  RedrawCadence redraw_cadence_;
  bool redraw_due_ = true;
  bool changed_ = false;  // something besides input changed what is shown (a state, a reply)
  CameraState drawn_camera_;
  std::array<int, 2> drawn_size_px_{0, 0};
  std::string synced_json_;   // state last written to the URL
  double last_sync_time_s_ = -1.0;
};

}  // namespace hs
