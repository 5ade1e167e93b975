// The atom probe ROI placed with the pointer: handles drawn over the ROI outline, and a left drag
// that starts on one moves or resizes the ROI (analysis/apt/roi_drag.h) while the camera stays.
#include <imgui.h>

#include "app.h"

namespace hs {
namespace {

constexpr float kHandleRadiusPx = 6.0f;  // CSS pixels, drawn
constexpr float kHandleGrabPx = 10.0f;   // CSS pixels, how near the pointer must be to take one

const char* handle_hint(const RoiHandle& handle, bool cylinder) {
  switch (handle.kind) {
    case RoiHandleKind::centre:
      return cylinder ? "Drag: move the ROI in the view plane\nShift+drag: along its axis"
                      : "Drag: move the ROI in the view plane\nShift+drag: along its profile axis";
    case RoiHandleKind::start_cap:
    case RoiHandleKind::end_cap: return "Drag: move this end along the axis";
    case RoiHandleKind::radius: return "Drag: change the radius";
    case RoiHandleKind::box_face: return "Drag: move this face";
  }
  return "";
}

// The pointer in framebuffer pixels, as the camera's viewport counts them.
Eigen::Vector2d pointer_px(const ImGuiIO& io) {
  return {io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y};
}

}  // namespace

// The point store whose atom probe overlays are drawn: the one the analysis ran on, or else the
// Points panel's; entries().size() when there is none.
std::size_t Viewer::apt_overlay_index() const {
  const auto& entries = datasets_.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].points && entries[i].id == apt_.dataset_id) return i;
  }
  return target_points();
}

// The ROI outlined in the scene for entries()[index], when it is shown (and so can be dragged).
std::optional<IonRoi> Viewer::shown_roi(std::size_t index) const {
  const auto& entries = datasets_.entries();
  if (!state_.panels.analysis || !apt_ui_.show_roi || index >= entries.size() || !entries[index].points ||
      !dataset_visible(entries[index], index, state_.layers)) {
    return std::nullopt;
  }
  return ui::apt_job_roi(apt_ui_.job, *entries[index].points);
}

// The pointer's line in the layer frame of entries()[index].
ViewRay Viewer::pointer_ray(std::size_t index) const {
  const ViewRay world = camera_pixel_ray(state_.camera, pointer_px(ImGui::GetIO()), {width_px_, height_px_});
  return ray_in_layer(world, dataset_transform(index, state_.layers));
}

// The handle of the shown ROI under the pointer, with its pixel position (framebuffer pixels).
std::optional<RoiHandle> Viewer::roi_handle_under_pointer(std::size_t index) const {
  const auto roi = shown_roi(index);
  if (!roi || !ImGui::IsMousePosValid()) return std::nullopt;
  const LayerTransform transform = dataset_transform(index, state_.layers);
  const Eigen::Vector2d pointer = pointer_px(ImGui::GetIO());
  const double reach_px = kHandleGrabPx * ui_scale_;
  std::optional<RoiHandle> best;
  double best_px = reach_px;
  for (const RoiHandle& handle : roi_handles(*roi, view_dir_in_layer(index))) {
    const auto px = camera_pixel(state_.camera, {width_px_, height_px_}, layer_to_world(transform, handle.position_nm));
    if (px && (*px - pointer).norm() <= best_px) {
      best_px = (*px - pointer).norm();
      best = handle;
    }
  }
  return best;
}

// Starts, continues or ends a handle drag; true while one lasts (the camera then stays still).
bool Viewer::handle_roi_drag() {
  const ImGuiIO& io = ImGui::GetIO();
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    roi_drag_.reset();
    return false;
  }
  const std::size_t index = apt_overlay_index();
  if (roi_drag_) {
    if (index == datasets_.entries().size() || datasets_.entries()[index].id != roi_drag_->dataset_id) {
      roi_drag_.reset();  // the layer went away under the pointer
      return true;
    }
    if (auto roi = drag_roi(roi_drag_->drag, pointer_ray(index))) apt_ui_.job.roi = std::move(*roi);
    return true;
  }
  if (io.WantCaptureMouse || !ImGui::IsMouseClicked(ImGuiMouseButton_Left)) return false;
  const auto handle = roi_handle_under_pointer(index);
  if (!handle) return false;
  const Eigen::Vector3d view_dir = view_dir_in_layer(index).normalized();
  roi_drag_ = RoiDragState{RoiDrag{*shown_roi(index), *handle, pointer_ray(index), view_dir, io.KeyShift},
                           datasets_.entries()[index].id};
  return true;
}

// Handles over the ROI outline; the one under the pointer (or dragged) is lit and explained.
void Viewer::draw_roi_handles() {
  const std::size_t index = apt_overlay_index();
  const auto roi = shown_roi(index);
  if (!roi) return;
  const ImGuiIO& io = ImGui::GetIO();
  const LayerTransform transform = dataset_transform(index, state_.layers);
  const std::optional<RoiHandle> hovered =
      roi_drag_ ? std::optional<RoiHandle>(roi_drag_->drag.handle)
                : (io.WantCaptureMouse || ImGui::IsMouseDown(ImGuiMouseButton_Left) ? std::nullopt : roi_handle_under_pointer(index));
  ImDrawList& draw = *ImGui::GetBackgroundDrawList();
  const float radius = kHandleRadiusPx * static_cast<float>(ui_scale_);
  for (const RoiHandle& handle : roi_handles(*roi, view_dir_in_layer(index))) {
    const auto px = camera_pixel(state_.camera, {width_px_, height_px_}, layer_to_world(transform, handle.position_nm));
    if (!px) continue;
    const ImVec2 at(static_cast<float>(px->x() / io.DisplayFramebufferScale.x),
                    static_cast<float>(px->y() / io.DisplayFramebufferScale.y));
    const bool lit = hovered && hovered->kind == handle.kind && hovered->axis == handle.axis && hovered->upper == handle.upper;
    const ImU32 fill = lit ? IM_COL32(255, 255, 255, 255) : IM_COL32(255, 217, 51, 220);  // the outline's yellow
    if (handle.kind == RoiHandleKind::centre) {
      draw.AddRectFilled(ImVec2(at.x - radius, at.y - radius), ImVec2(at.x + radius, at.y + radius), fill);
      draw.AddRect(ImVec2(at.x - radius, at.y - radius), ImVec2(at.x + radius, at.y + radius), IM_COL32(0, 0, 0, 200));
    } else {
      draw.AddCircleFilled(at, radius, fill);
      draw.AddCircle(at, radius, IM_COL32(0, 0, 0, 200));
    }
  }
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (!roi_drag_) ImGui::SetTooltip("%s", handle_hint(*hovered, std::holds_alternative<CylinderRoi>(roi->shape)));
  }
}

}  // namespace hs
