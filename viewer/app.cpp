// The viewer application.
#include "app.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <Eigen/LU>

#include "input/camera_controller.h"
#include "io/byte_source.h"
#include "io/rrng.h"
#include "points/range_file.h"
#include "scene/url_state.h"
#include "util/text_codec.h"
#include "ui/overlays.h"

namespace hs {
namespace {

constexpr double kUrlSyncIntervalS = 0.25;  // at most four history updates a second
constexpr double kPickDelayS = 0.3;         // a resting pointer shows the ion under it
constexpr double kPickRadiusPx = 4.0;       // CSS pixels

std::array<float, 3> background_rgb(Background background) {
  switch (background) {
    case Background::black: return {0.0f, 0.0f, 0.0f};
    case Background::white: return {1.0f, 1.0f, 1.0f};
    case Background::grey: return {0.5f, 0.5f, 0.5f};
    case Background::dark: break;
  }
  return {0.106f, 0.114f, 0.137f};
}

// "run.rrng" for a source "https://host/data/run.zarr": the store's name with the RRNG extension.
std::string range_file_name(const std::string& source) {
  std::string name = dataset_short_name(source);
  if (name.size() > 5 && name.ends_with(".zarr")) name.resize(name.size() - 5);
  return (name.empty() || name == "/" ? "ranges" : name) + ".rrng";
}

bool any_mouse_down(const ImGuiIO& io) {
  for (bool down : io.MouseDown) {
    if (down) return true;
  }
  return false;
}

// Whether the user did anything this frame: moved or pressed the mouse, turned the wheel, typed.
bool any_input(const ImGuiIO& io) {
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f ||
      any_mouse_down(io) || !io.InputQueueCharacters.empty()) {
    return true;
  }
  for (bool down : io.KeysDown) {
    if (down) return true;
  }
  return false;
}

}  // namespace

Status Viewer::init() {
  if (const Status s = grid_.init(); !s) return s;
  if (const Status s = points_.init(); !s) return s;
  if (const Status s = edl_.init(); !s) return s;
  if (const Status s = apt_mesh_.init(); !s) return s;
  if (const Status s = apt_clusters_.init(); !s) return s;
  if (const Status s = apt_roi_.init(); !s) return s;
  return volumes_.init();
}

DatasetHooks Viewer::dataset_hooks() {
  return {hooks_.datasets.open_url, [this](int id) {
            streamer_.forget_dataset(id);
            if (hooks_.datasets.close) hooks_.datasets.close(id);
          }};
}

// Each frame: the layers say which bricks they need; the streamer fetches them in the workers.
void Viewer::stream_bricks() {
  streamer_.begin_frame();
  volumes_.update(datasets_, state_.layers, streamer_);
  point_tables_.update(datasets_, streamer_);
  points_.update(datasets_, state_.layers, point_tables_, streamer_, state_.camera, width_px_, height_px_);
  for (std::size_t index = 0; index < datasets_.entries().size(); ++index) {
    const DatasetEntry& entry = datasets_.entries()[index];
    DatasetEntry* e = datasets_.find(entry.id);
    const auto volume = volumes_.progress(entry.id);
    const auto cloud = points_.stats(entry.id);
    e->bricks_resident = volume ? volume->resident : cloud ? cloud->bricks_resident : 0;
    e->bricks_total = volume ? volume->total : cloud ? cloud->bricks_wanted : 0;
    e->points_drawn = cloud ? cloud->points_drawn : 0;
    e->points_wanted = cloud ? cloud->points_wanted : 0;
    // The first dataset drawn frames the camera, unless the view came with a camera of its own.
    if (framed_ || state_.camera != CameraState{}) continue;
    std::array<double, 3> lo{}, hi{};
    if (entry.image) {
      lo = entry.image->box_min_nm_xyz(0);
      hi = entry.image->box_max_nm_xyz(0);
    } else if (entry.points && entry.points->bounds_nm) {
      lo = (*entry.points->bounds_nm)[0];
      hi = (*entry.points->bounds_nm)[1];
    } else {
      continue;
    }
    Eigen::Vector3d world_lo, world_hi;
    layer_world_box(dataset_transform(index, state_.layers), {lo[0], lo[1], lo[2]}, {hi[0], hi[1], hi[2]}, world_lo,
                    world_hi);
    state_.camera = camera_framing(world_lo, world_hi);
    framed_ = true;
  }
  streamer_.update(ImGui::GetTime(), hooks_.bricks);
}

void Viewer::brick_done(const std::string& key, const Status& status, Bytes brick, double now_s) {
  if (const Error* failure = streamer_.finish(key, status, std::move(brick), now_s)) {
    const std::string text = "A brick could not be read: " + failure->message;
    messages_.add(ui::MessageLevel::error, text);
    changed_ = true;
    if (hooks_.announce) hooks_.announce(text);
  }
  // The freed slot starts the next queued read now: loading need not wait for the next frame,
  // which can take seconds when millions of points are drawn in software.
  streamer_.update(now_s, hooks_.bricks);
}

void Viewer::draw_ui(const ui::FrameStats& platform_stats) {
  handle_input();
  follow_tour();
  // A tour plays full-screen: no menu bar (Esc leaves it).
  const ui::MenuActions actions = tour_ ? ui::MenuActions{} : ui::draw_menu_bar(state_, show_controls_help_, show_about_);
  ui_scale_ = platform_stats.device_pixel_ratio > 0 ? platform_stats.device_pixel_ratio : 1.0;
  const float ui_scale = static_cast<float>(ui_scale_);
  datasets_.sync(state_.layers, ImGui::GetTime(), dataset_hooks());
  stream_bricks();
  apply(ui::draw_layers_panel(state_, datasets_, layers_ui_, ui_scale));
  follow_analysis_state();
  follow_apt_state();
  draw_display(ui_scale);
  draw_points(ui_scale);
  draw_apt(ui_scale);
  draw_pick_tooltip();
  draw_roi_handles();  // after the pick: a handle's hint replaces an ion's
  ui::draw_dataset_window(datasets_, layers_ui_, ui_scale);
  ui::draw_messages(messages_);
  ui::draw_controls_help(show_controls_help_);
  ui::draw_about(show_about_);
  if (state_.panels.status_bar) {
    ui::FrameStats stats = platform_stats;
    stats.grid_cell_nm = grid_cell_nm_;
    const BrickStreamerCounts counts = streamer_.counts();
    stats.brick_cache_bytes = static_cast<double>(counts.cache_bytes);
    stats.brick_cache_budget_bytes = static_cast<double>(counts.cache_budget_bytes);
    stats.bricks_loading = static_cast<int>(counts.requests.queued + counts.requests.in_flight + counts.requests.waiting_retry);
    stats.gpu_bytes = static_cast<double>(volumes_.gpu_bytes() + points_.gpu_bytes());
    stats.network_bytes_per_s = network_rate_.update(platform_stats.network_bytes, ImGui::GetTime());
    ui::draw_status_bar(stats);
  }

  ImDrawList& overlay = *ImGui::GetBackgroundDrawList();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float bottom = viewport->Pos.y + viewport->Size.y - (state_.panels.status_bar ? ImGui::GetFrameHeight() : 0.0f);
  if (state_.overlays.axes) {
    ui::draw_axes_gizmo(overlay, state_.camera, ImVec2(viewport->Pos.x + 56 * ui_scale, bottom - 56 * ui_scale),
                        40.0f * ui_scale, ui_scale);
  }
  if (state_.overlays.scale_bar) {
    ui::draw_scale_bar(overlay, state_.camera, height_px_,
                       ImVec2(viewport->Pos.x + viewport->Size.x - 24 * ui_scale, bottom - 20 * ui_scale), ui_scale);
  }

  draw_tour_caption(ui_scale);

  if (actions.reset_view) state_.camera = CameraState{};
  if (!actions.add_source.empty()) add_layer(actions.add_source);
  if (!actions.open_view.empty() && hooks_.open_state_url) hooks_.open_state_url(actions.open_view);
  if (!actions.open_tour.empty() && hooks_.open_tour) hooks_.open_tour(actions.open_tour);
  if (actions.toggle_fullscreen && hooks_.toggle_fullscreen) hooks_.toggle_fullscreen();
  if (actions.copy_link && hooks_.copy_link) {
    hooks_.copy_link(encode_state_hash(state_json()));
    messages_.add(ui::MessageLevel::info, "Link to this view copied to the clipboard.");
  }
  sync_url();
  decide_redraw(platform_stats);
}

// Input, a camera move, a new size or state are drawn at once; new bricks while loading at the
// cadence's pace, so that drawing does not slow the loading down.
void Viewer::decide_redraw(const ui::FrameStats& platform_stats) {
  const std::array<int, 2> size_px{platform_stats.width_px, platform_stats.height_px};
  const BrickStreamerCounts counts = streamer_.counts();
  FrameActivity frame;
  frame.now_s = ImGui::GetTime();
  frame.interacting = changed_ || any_input(ImGui::GetIO()) || state_.camera != drawn_camera_ || size_px != drawn_size_px_;
  frame.loading = counts.requests.queued + counts.requests.in_flight + counts.requests.waiting_retry > 0;
  frame.content = counts.delivered;
  redraw_due_ = redraw_cadence_.should_draw(frame);
  if (!redraw_due_) return;
  changed_ = false;
  drawn_camera_ = state_.camera;
  drawn_size_px_ = size_px;
}

// The image the Display and Analysis panels and the colorbar follow: the selected image, or else
// the first image; entries().size() when there is none.
std::size_t Viewer::target_image() const {
  const auto& entries = datasets_.entries();
  std::size_t index = entries.size();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].image) continue;
    if (index == entries.size() || entries[i].id == layers_ui_.selected_id) index = i;
  }
  return index;
}

// The panel's recipe for the channel and time point entries()[index] shows.
SegmentationRecipe Viewer::shown_recipe(std::size_t index) const {
  const DatasetEntry& entry = datasets_.entries()[index];
  const ImageLayout& layout = *entry.image;
  const ResolvedImageDisplay shown = resolve_image_display(dataset_display(entry, index, state_.layers), layout.metadata,
                                                           layout.channel_count, layout.time_count);
  SegmentationRecipe recipe = analysis_ui_.recipe;
  recipe.channel = static_cast<std::uint64_t>(shown.channel);
  recipe.time = static_cast<std::uint64_t>(shown.time);
  return recipe;
}

// Segments entries()[index] with `recipe`; a layer's analysis goes into the view state.
void Viewer::start_analysis(std::size_t index, const SegmentationRecipe& recipe) {
  const DatasetEntry& entry = datasets_.entries()[index];
  if (hooks_.analysis.cancel && analysis_.status == AnalysisRun::Status::running) hooks_.analysis.cancel(std::string(kSegmentOp));
  analysis_ = AnalysisRun{};
  analysis_.status = AnalysisRun::Status::running;
  analysis_.dataset_id = entry.id;
  if (index < state_.layers.size()) {
    const std::uint32_t selected = state_.analysis && state_.analysis->recipe == recipe ? state_.analysis->selected : 0;
    state_.analysis = AnalysisState{static_cast<int>(index), recipe, selected};
  }
  if (hooks_.analysis.start) {
    hooks_.analysis.start(std::string(kSegmentOp), entry.id,
                          json::write(json::Value(json::Object{{"recipe", recipe_to_json(recipe)}})));
  }
}

bool Viewer::run_analysis(std::size_t index) {
  if (index >= datasets_.entries().size() || !datasets_.entries()[index].image) return false;
  start_analysis(index, shown_recipe(index));
  return true;
}

// A view that carries an analysis recomputes it once its layer's image is open, and the
// selection in the table follows into the state.
void Viewer::follow_analysis_state() {
  if (!state_.analysis) return;
  const auto index = static_cast<std::size_t>(state_.analysis->layer);
  if (analysis_.status == AnalysisRun::Status::idle && index < datasets_.entries().size() &&
      index < state_.layers.size() && datasets_.entries()[index].image) {
    analysis_ui_.recipe = state_.analysis->recipe;
    start_analysis(index, state_.analysis->recipe);
  }
  if (analysis_.status == AnalysisRun::Status::done) state_.analysis->selected = analysis_.selected_label;
}

void Viewer::analysis_progress(std::string_view op, double fraction) {
  if (op == kSegmentOp) analysis_.progress = fraction;
  if (op == kAptOp) apt_.progress = fraction;
}

void Viewer::analysis_done(std::string_view op, std::string_view reply) {
  changed_ = true;
  if (op == kAptOp) return apt_done(reply);
  if (analysis_.status != AnalysisRun::Status::running) return;  // cancelled meanwhile
  analysis_.status = AnalysisRun::Status::failed;
  auto doc = json::parse(reply, "analysis reply");
  if (!doc) {
    analysis_.error = doc.error().message;
    return;
  }
  const json::Value* ok = doc->find("ok");
  const json::Value* result = doc->find("result");
  if (ok == nullptr || !ok->is_bool() || !ok->as_bool() || result == nullptr) {
    const json::Value* error = doc->find("error");
    analysis_.error = error != nullptr && error->is_string() ? error->as_string() : "the analysis failed";
    messages_.add(ui::MessageLevel::error, "Segmentation failed: " + analysis_.error);
    return;
  }
  auto parsed = parse_analysis_result(*result);
  if (!parsed) {
    analysis_.error = parsed.error().message;
    return;
  }
  analysis_.result = std::move(*parsed);
  analysis_.status = AnalysisRun::Status::done;
  analysis_.progress = 1.0;
  const std::uint32_t wanted = state_.analysis ? state_.analysis->selected : 0;
  for (const ParticleRow& p : analysis_.result->particles) {
    if (p.label == wanted || analysis_.selected_label == 0) analysis_.selected_label = p.label;
  }
  if (hooks_.announce) hooks_.announce("Segmentation found " + std::to_string(analysis_.result->particles.size()) + " particles");
}

// The Display panel and the colorbar follow the target image.
void Viewer::draw_display(float ui_scale) {
  const auto& entries = datasets_.entries();
  const std::size_t index = target_image();
  // The segmentation panel, unless the scene has only atom probe layers (their own panel then).
  if (state_.panels.analysis && (index < entries.size() || target_points() == entries.size())) {
    const ui::AnalysisPanelActions actions =
        ui::draw_analysis_panel(index < entries.size() ? &entries[index] : nullptr, analysis_, analysis_ui_, ui_scale);
    if (actions.run_dataset_id != 0 && index < entries.size()) start_analysis(index, shown_recipe(index));
    if (actions.cancel && analysis_.status == AnalysisRun::Status::running) {
      if (hooks_.analysis.cancel) hooks_.analysis.cancel(std::string(kSegmentOp));
      analysis_.status = AnalysisRun::Status::failed;
      analysis_.error = "cancelled";
    }
  }
  if (index == entries.size()) return;
  const DatasetEntry& entry = entries[index];
  ImageDisplay& display = index < state_.layers.size() ? state_.layers[index].display : datasets_.find(entry.id)->display;
  if (state_.panels.display) ui::draw_display_panel(display, entry, volumes_.summary(entry.id), display_ui_, ImGui::GetTime(), ui_scale);
  if (!dataset_visible(entry, index, state_.layers)) return;
  const ImageLayout& layout = *entry.image;
  const ResolvedImageDisplay resolved =
      resolve_image_display(display, layout.metadata, layout.channel_count, layout.time_count);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ui::draw_colorbar(*ImGui::GetBackgroundDrawList(), display_colors_rgba8(display, resolved.channel_rgb, 256),
                    resolved.window, resolved.highlight_range,
                    IM_COL32(kHighlightRgb[0] * 255, kHighlightRgb[1] * 255, kHighlightRgb[2] * 255, 255),
                    display_value_label(layout.metadata, resolved),
                    ImVec2(viewport->Pos.x + viewport->Size.x - 12 * ui_scale,
                           viewport->Pos.y + ImGui::GetFrameHeight() + 12 * ui_scale),
                    ui_scale);
}

// The point store the Points panel follows: the selected one, or else the first; entries().size()
// when there is none.
std::size_t Viewer::target_points() const {
  const auto& entries = datasets_.entries();
  std::size_t index = entries.size();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].points) continue;
    if (index == entries.size() || entries[i].id == layers_ui_.selected_id) index = i;
  }
  return index;
}

// The camera's viewing direction in the frame of entries()[index]'s layer.
Eigen::Vector3d Viewer::view_dir_in_layer(std::size_t index) const {
  const Eigen::Vector3d forward = state_.camera.target_nm - camera_eye_nm(state_.camera);
  return layer_linear(dataset_transform(index, state_.layers)).inverse() * forward;
}

void Viewer::draw_points(float ui_scale) {
  const auto& entries = datasets_.entries();
  const std::size_t index = target_points();
  if (index == entries.size() || !state_.panels.display) return;
  const DatasetEntry& entry = entries[index];
  PointDisplay& display = index < state_.layers.size() ? state_.layers[index].points : datasets_.find(entry.id)->point_display;
  const ui::PointsPanelActions actions = ui::draw_points_panel(display, entry, point_tables_.find(entry.id),
                                                              view_dir_in_layer(index), points_ui_, ui_scale);
  if (!actions.load_ranges_url.empty() && hooks_.fetch_ranges) hooks_.fetch_ranges(actions.load_ranges_url);
  if (actions.save_rrng && hooks_.download) {
    auto text = write_rrng(shown_ranges(display, entry.points->ranges), entry.source + " (edited ranges)");
    if (text) {
      hooks_.download(range_file_name(entry.source), *text);
    } else {
      messages_.add(ui::MessageLevel::error, text.error().message);
    }
  }
}

// A pointer resting over the scene shows the ion under it: species, m/z and position.
void Viewer::draw_pick_tooltip() {
  const ImGuiIO& io = ImGui::GetIO();
  const double now_s = ImGui::GetTime();
  if (io.WantCaptureMouse || any_mouse_down(io) || !ImGui::IsMousePosValid()) {
    hover_ = Hover{};
    return;
  }
  if (io.MousePos.x != hover_.position[0] || io.MousePos.y != hover_.position[1]) {
    hover_ = Hover{{io.MousePos.x, io.MousePos.y}, now_s, false, std::nullopt};
    return;
  }
  if (!hover_.picked && now_s - hover_.since_s >= kPickDelayS) {
    const Eigen::Vector2d cursor(io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y);
    hover_.ion = points_.pick(streamer_, state_.camera, width_px_, height_px_, cursor, kPickRadiusPx * ui_scale_);
    hover_.picked = true;
    changed_ = true;  // the tooltip appears
  }
  if (!hover_.ion) return;
  const auto& entries = datasets_.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].id != hover_.ion->dataset_id || !entries[i].points) continue;
    const RangeTable& ranges = shown_ranges(dataset_point_display(entries[i], i, state_.layers), entries[i].points->ranges);
    const auto ion = find_ion(ranges, hover_.ion->mass_da);
    const Eigen::Vector3d& p = hover_.ion->position_nm;
    ImGui::SetTooltip("%s  %.3f Da\nx %.2f  y %.2f  z %.2f nm\nion %llu of %s", ion ? ranges.ions[*ion].name.c_str() : "unranged",
                      hover_.ion->mass_da, p.x(), p.y(), p.z(), static_cast<unsigned long long>(hover_.ion->row),
                      dataset_short_name(entries[i].source).c_str());
  }
}

void Viewer::apply(const ui::LayersPanelActions& actions) {
  if (actions.remove_layer >= 0 && static_cast<std::size_t>(actions.remove_layer) < state_.layers.size()) {
    state_.layers.erase(state_.layers.begin() + actions.remove_layer);
  }
  if (actions.raise_layer > 0 && static_cast<std::size_t>(actions.raise_layer) < state_.layers.size()) {
    std::swap(state_.layers[actions.raise_layer - 1], state_.layers[actions.raise_layer]);
  }
  if (actions.remove_local != 0) datasets_.remove_local(actions.remove_local, dataset_hooks());
  if (actions.toggle_local_visibility != 0) {
    if (DatasetEntry* entry = datasets_.find(actions.toggle_local_visibility)) entry->visible = !entry->visible;
  }
  if (!actions.add_source.empty()) add_layer(actions.add_source);
  if (actions.pick_files && hooks_.pick_files) hooks_.pick_files();
}

void Viewer::add_layer(const std::string& source) {
  if (!is_valid_layer_source(source)) {
    messages_.add(ui::MessageLevel::error, "Not a dataset location: \"" + printable_excerpt(source) +
                                               "\" (expected an http(s) URL or a path relative to this page)");
  } else if (state_.layers.size() >= kMaxLayers) {
    messages_.add(ui::MessageLevel::error, "The scene already has " + std::to_string(kMaxLayers) + " layers");
  } else {
    state_.layers.push_back(LayerState{source, true, {}, {}});
  }
}

void Viewer::dataset_done(int id, std::string_view reply) {
  const DatasetEntry* entry = datasets_.finish(id, reply, ImGui::GetTime());
  if (entry == nullptr) return;
  changed_ = true;
  std::string text;
  if (entry->status == DatasetStatus::failed) {
    text = "Could not open " + entry->source + ": " + entry->error;
    messages_.add(ui::MessageLevel::error, text);
  } else {
    text = "Opened " + entry->title;
  }
  if (hooks_.announce) hooks_.announce(text);
}

void Viewer::handle_input() {
  ImGuiIO& io = ImGui::GetIO();
  const bool dragging_roi = handle_roi_drag();
  if (!io.WantCaptureMouse && !dragging_roi) {
    const bool pan_drag = ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.0f) ||
                          ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f) ||
                          (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f) && io.KeyShift);
    const bool orbit_drag = !pan_drag && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f);
    // The press frame's delta can hold a jump from wherever the pointer was last seen (a touch
    // landing somewhere else, a mouse entering the canvas): drags start on the next frame.
    const bool just_pressed = ImGui::IsMouseClicked(ImGuiMouseButton_Left) ||
                              ImGui::IsMouseClicked(ImGuiMouseButton_Right) ||
                              ImGui::IsMouseClicked(ImGuiMouseButton_Middle);
    if ((pan_drag || orbit_drag) && !just_pressed) {
      camera_drag(state_.camera, pan_drag ? DragMode::pan : DragMode::orbit, io.MouseDelta.x,
                  io.MouseDelta.y, height_px_);
    }
    if (io.MouseWheel != 0.0f) camera_wheel(state_.camera, -100.0 * io.MouseWheel);
  }
  if (io.WantCaptureKeyboard) return;
  const struct {
    ImGuiKey key;
    CameraKey action;
  } arrows[] = {{ImGuiKey_LeftArrow, CameraKey::left},
                {ImGuiKey_RightArrow, CameraKey::right},
                {ImGuiKey_UpArrow, CameraKey::up},
                {ImGuiKey_DownArrow, CameraKey::down}};
  for (const auto& arrow : arrows) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(arrow.key))) {
      camera_key(state_.camera, arrow.action, io.KeyShift, height_px_);
    }
  }
  for (ImWchar c : io.InputQueueCharacters) {
    if (c == '+' || c == '=') camera_key(state_.camera, CameraKey::zoom_in, false, height_px_);
    if (c == '-' || c == '_') camera_key(state_.camera, CameraKey::zoom_out, false, height_px_);
    if (c == 'r' || c == 'R') state_.camera = CameraState{};
    if ((c == 'f' || c == 'F') && hooks_.toggle_fullscreen) hooks_.toggle_fullscreen();
  }
}

void Viewer::render_scene(int width_px, int height_px) {
  width_px_ = width_px > 0 ? width_px : 1;
  height_px_ = height_px > 0 ? height_px : 1;
  glViewport(0, 0, width_px, height_px);
  const std::array<float, 3> background = background_rgb(state_.background);
  glClearColor(background[0], background[1], background[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  // Points write depth, so the grid (tested, not written) stays behind them.
  if (const auto cue = points_.depth_cue()) {
    edl_.begin(width_px, height_px);
    points_.draw(state_.camera, width_px_ / height_px_, height_px_, ui_scale_);
    edl_.end(state_.camera, width_px_ / height_px_, cue->strength, cue->extent_nm, ui_scale_);
  } else {
    points_.draw(state_.camera, width_px_ / height_px_, height_px_, ui_scale_);
  }
  if (state_.overlays.grid) {
    grid_cell_nm_ = grid_.draw(state_.camera, width_px_ / height_px_, height_px_, ui_scale_);
  } else {
    grid_cell_nm_ = render::grid_cell_nm(state_.camera, height_px_, ui_scale_);
  }
  render_apt_overlays();
  volumes_.draw(state_.camera, width_px_ / height_px_);
}

std::string Viewer::load_ranges(const std::string& name, std::string_view text) {
  const auto fail = [&](const std::string& error) {
    messages_.add(ui::MessageLevel::error, error);
    if (hooks_.announce) hooks_.announce(error);
    return json::write(json::Value(json::Object{{"ok", json::Value(false)}, {"error", json::Value(error)}}));
  };
  const std::size_t index = target_points();
  if (index == datasets_.entries().size()) return fail(name + ": no atom probe layer to apply the ranges to");
  auto parsed = read_range_file(*memory_source(Bytes(text.begin(), text.end()), name));
  if (!parsed) return fail(parsed.error().message);
  const DatasetEntry& entry = datasets_.entries()[index];
  PointDisplay& display = index < state_.layers.size() ? state_.layers[index].points : datasets_.find(entry.id)->point_display;
  display.ranges = std::move(parsed->table);
  display.hidden_ions.clear();
  changed_ = true;
  json::Array warnings;
  for (const std::string& w : parsed->warnings) {
    messages_.add(ui::MessageLevel::warning, name + ": " + w);
    warnings.emplace_back(w);
  }
  if (hooks_.announce) hooks_.announce("Ranges of " + dataset_short_name(entry.source) + " read from " + name);
  return json::write(json::Value(json::Object{{"ok", json::Value(true)}, {"warnings", json::Value(std::move(warnings))}}));
}

std::string Viewer::spectrum_json(std::size_t index) const {
  const auto& entries = datasets_.entries();
  const PointTablesEntry* tables = index < entries.size() ? point_tables_.find(entries[index].id) : nullptr;
  if (tables == nullptr || !tables->spectrum) return "null";
  json::Array counts;
  counts.reserve(tables->spectrum->size());
  for (std::uint64_t c : *tables->spectrum) counts.emplace_back(static_cast<double>(c));
  return json::write(json::Value(json::Object{{"bin_width_da", json::Value(kSpectrumBinWidthDa)},
                                              {"counts", json::Value(std::move(counts))}}));
}

std::string Viewer::state_json() const { return json::write(view_state_to_json(state_)); }

StateLoad Viewer::load_state_json(std::string_view json_text, std::string_view source) {
  StateLoad load;
  auto state = view_state_from_text(json_text, source, load.report);
  if (!state) {
    load.error = state.error().message;
  } else {
    if (tour_) stop_tour("The tour stopped: another view was opened");
    apply_state(std::move(*state));
    load.applied = true;
  }
  report(load, source);
  return load;
}

void Viewer::apply_state(ViewState state) {
  if (state.analysis != state_.analysis) {  // another analysis: recomputed once its layer is open
    if (hooks_.analysis.cancel && analysis_.status == AnalysisRun::Status::running) hooks_.analysis.cancel(std::string(kSegmentOp));
    analysis_ = AnalysisRun{};
  }
  if (state.apt != state_.apt) {
    if (hooks_.analysis.cancel && apt_.status == AptRun::Status::running) hooks_.analysis.cancel(std::string(kAptOp));
    apt_ = AptRun{};
    apt_follow_ = state.apt.has_value();
  }
  state_ = std::move(state);
  changed_ = true;
}

StateLoad Viewer::load_url_hash(std::string_view hash) {
  auto json_text = decode_state_hash(hash);
  if (!json_text) {
    StateLoad load;
    load.error = json_text.error().message;
    report(load, "URL hash");
    return load;
  }
  if (!json_text->has_value()) return StateLoad{};
  return load_state_json(**json_text, "URL hash");
}

void Viewer::report(const StateLoad& load, std::string_view source) {
  changed_ = true;
  // The URL now reflects what was loaded; it is rewritten only once the view changes, so a link
  // that failed to load is not replaced before the user has seen why.
  synced_json_ = state_json();
  const std::string prefix = std::string(source) + ": ";
  if (!load.error.empty()) messages_.add(ui::MessageLevel::error, load.error);
  for (const auto& e : load.report.errors) messages_.add(ui::MessageLevel::error, prefix + e);
  for (const auto& w : load.report.warnings) messages_.add(ui::MessageLevel::warning, prefix + w);
}

void Viewer::sync_url() {
  if (!hooks_.replace_url_hash) return;
  const double now_s = ImGui::GetTime();
  if (any_mouse_down(ImGui::GetIO()) || now_s - last_sync_time_s_ < kUrlSyncIntervalS) return;
  std::string json_text = state_json();
  if (json_text == synced_json_) return;
  hooks_.replace_url_hash(encode_state_hash(json_text));
  synced_json_ = std::move(json_text);
  last_sync_time_s_ = now_s;
}

}  // namespace hs
