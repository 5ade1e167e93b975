// The viewer's atom probe analyses: the state's "apt" job run in the analysis worker of its own,
// recomputed when a view carrying one opens, its reply read for the panel and the 3D overlays.
#include <imgui.h>

#include "analysis/apt/apt_job_json.h"
#include "analysis/apt/roi_outline.h"
#include "app.h"
#include "points/range_table_json.h"

namespace hs {

// Runs `job` (apt_job_json) on the point store entries()[index], with the layer's edited ranges.
void Viewer::start_apt(std::size_t index, const json::Value& job) {
  const DatasetEntry& entry = datasets_.entries()[index];
  if (hooks_.analysis.cancel && apt_.status == AptRun::Status::running) hooks_.analysis.cancel(std::string(kAptOp));
  apt_ = AptRun{};
  apt_.status = AptRun::Status::running;
  apt_.dataset_id = entry.id;
  if (index < state_.layers.size()) state_.apt = AptAnalysisState{static_cast<int>(index), job};
  json::Value request_job = job;
  const PointDisplay& display = dataset_point_display(entry, index, state_.layers);
  if (display.ranges && request_job.is_object()) {
    json::Object members = request_job.as_object();
    members.emplace_back("ranges", range_table_to_json(*display.ranges));
    request_job = json::Value(std::move(members));
  }
  if (hooks_.analysis.start) {
    hooks_.analysis.start(std::string(kAptOp), entry.id, json::write(json::Value(json::Object{{"job", std::move(request_job)}})));
  }
}

bool Viewer::run_apt_analysis(std::size_t index) {
  if (index >= datasets_.entries().size() || !datasets_.entries()[index].points) return false;
  start_apt(index, state_.apt ? state_.apt->job : apt_job_to_json(apt_ui_.job));
  return true;
}

// A view that carries an atom probe analysis recomputes it once its layer's store is open.
void Viewer::follow_apt_state() {
  if (!apt_follow_ || !state_.apt) return;
  const auto index = static_cast<std::size_t>(state_.apt->layer);
  if (index >= datasets_.entries().size() || index >= state_.layers.size() || !datasets_.entries()[index].points) return;
  apt_follow_ = false;
  if (auto job = apt_job_from_json(state_.apt->job, "apt.job")) apt_ui_.job = std::move(*job);
  apt_roi_seen_ = apt_ui_.job.roi;
  start_apt(index, state_.apt->job);
}

// An ROI placed in the panel or dragged in the scene goes into the view state with the panel's job
// (so into the URL: a link shows it, and recomputes it) once the state has a job or the ROI is no
// longer the default. The result shown is then marked as being of another ROI until Run.
void Viewer::sync_apt_roi(std::size_t index) {
  if (apt_ui_.job.roi == apt_roi_seen_) return;
  apt_roi_seen_ = apt_ui_.job.roi;
  if (apt_.status != AptRun::Status::idle) apt_.roi_moved = true;
  if (index < state_.layers.size() && (state_.apt || apt_ui_.job.roi)) {
    state_.apt = AptAnalysisState{static_cast<int>(index), apt_job_to_json(apt_ui_.job)};
  }
}

void Viewer::apt_done(std::string_view reply) {
  if (apt_.status != AptRun::Status::running) return;  // cancelled meanwhile
  apt_.status = AptRun::Status::failed;
  auto doc = json::parse(reply, "atom probe analysis reply");
  const json::Value* ok = doc ? doc->find("ok") : nullptr;
  const json::Value* result = doc ? doc->find("result") : nullptr;
  if (!doc || ok == nullptr || !ok->is_bool() || !ok->as_bool() || result == nullptr) {
    const json::Value* error = doc ? doc->find("error") : nullptr;
    apt_.error = !doc ? doc.error().message : error != nullptr && error->is_string() ? error->as_string() : "the analysis failed";
    messages_.add(ui::MessageLevel::error, "Atom probe analysis failed: " + apt_.error);
    return;
  }
  auto parsed = parse_apt_result(*result);
  if (!parsed) {
    apt_.error = parsed.error().message;
    return;
  }
  apt_.result = std::move(*parsed);
  ++apt_results_;
  apt_.status = AptRun::Status::done;
  apt_.progress = 1.0;
  if (hooks_.announce) hooks_.announce(std::string("Atom probe ") + apt_analysis_name(apt_.result->kind()) + " done");
}

// The Atom probe panel follows the Points panel's store; its job runs on that store.
void Viewer::draw_apt(float ui_scale) {
  const std::size_t index = target_points();
  if (!state_.panels.analysis || index == datasets_.entries().size()) return;
  const DatasetEntry& entry = datasets_.entries()[index];
  const RangeTable& ranges = shown_ranges(dataset_point_display(entry, index, state_.layers), entry.points->ranges);
  const ui::AptPanelActions actions =
      ui::draw_apt_panel(apt_ui_.job, &entry, ranges, view_dir_in_layer(index), apt_, apt_ui_, ui_scale);
  sync_apt_roi(index);
  if (actions.run_dataset_id != 0) start_apt(index, apt_job_to_json(apt_ui_.job));
  if (actions.cancel && apt_.status == AptRun::Status::running) {
    if (hooks_.analysis.cancel) hooks_.analysis.cancel(std::string(kAptOp));
    apt_.status = AptRun::Status::failed;
    apt_.error = "cancelled";
  }
  if (!actions.export_csv_name.empty() && apt_.result && hooks_.download) {
    hooks_.download(actions.export_csv_name, apt_.result->csv);
  }
}

// The ROI being edited, the proxigram's isosurface and the clusters' ions, placed with the point
// store the analysis ran on.
void Viewer::render_apt_overlays() {
  const auto& entries = datasets_.entries();
  const std::size_t index = apt_overlay_index();
  if (index == entries.size() || !dataset_visible(entries[index], index, state_.layers)) return;
  const DatasetEntry& entry = entries[index];
  const LayerTransform transform = dataset_transform(index, state_.layers);
  const double aspect = width_px_ / height_px_;
  Eigen::Vector3d origin = Eigen::Vector3d::Zero();
  if (entry.points->bounds_nm) {
    const auto& [lo, hi] = *entry.points->bounds_nm;
    origin = 0.5 * (Eigen::Vector3d(lo[0], lo[1], lo[2]) + Eigen::Vector3d(hi[0], hi[1], hi[2]));
  }
  if (apt_results_shown_ != apt_results_) {
    apt_mesh_.clear();
    apt_clusters_.clear();
    if (apt_.result) {
      if (const auto* proxigram = std::get_if<AptProxigramResult>(&apt_.result->data)) {
        apt_mesh_.set_mesh(proxigram->mesh_vertices_nm, proxigram->mesh_triangles);
      }
      if (const auto* clusters = std::get_if<AptClustersResult>(&apt_.result->data)) {
        apt_clusters_.set_points(clusters->member_xyz_nm, clusters->member_cluster);
      }
    }
    apt_results_shown_ = apt_results_;
  }
  const bool shown = apt_.status == AptRun::Status::done && apt_.dataset_id == entry.id;
  if (shown && apt_ui_.show_clusters && !apt_clusters_.empty()) {
    apt_clusters_.draw(state_.camera, aspect, transform, origin, 4.0 * ui_scale_);
  }
  if (const auto roi = shown_roi(index)) {
    apt_roi_.set_segments(roi_outline_segments(*roi));
    apt_roi_.draw(state_.camera, aspect, transform, {1.0f, 0.85f, 0.2f, 1.0f}, 0.45f);  // seen through the ions
  }
  if (shown && apt_ui_.show_mesh && !apt_mesh_.empty()) {  // translucent: after what it may cover
    apt_mesh_.draw(state_.camera, aspect, transform, origin, {0.25f, 0.8f, 0.95f, 0.55f});
  }
}

}  // namespace hs
