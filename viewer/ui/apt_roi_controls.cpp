// The Atom probe panel's ROI controls: cylinder, box or all the data, written only when valid.
#include "ui/apt_roi_controls.h"

#include <imgui.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <variant>

namespace hs::ui {
namespace {

using Bounds = std::array<std::array<double, 3>, 2>;

bool whole_data_allowed(AptAnalysis kind) { return kind == AptAnalysis::proxigram || kind == AptAnalysis::clusters; }

// The coordinate axis (0 = x, 1 = y, 2 = z) nearest the direction `axis`.
int nearest_axis(const std::array<double, 3>& axis) {
  int best = 0;
  for (int a = 1; a < 3; ++a) {
    if (std::abs(axis[static_cast<std::size_t>(a)]) > std::abs(axis[static_cast<std::size_t>(best)])) best = a;
  }
  return best;
}

// The cylinder along `axis` through the centre of the data, over the data's whole extent along it.
Result<CylinderRoi> centred_cylinder(const Bounds& bounds, const std::array<double, 3>& axis, double radius_nm) {
  const int a = nearest_axis(axis);
  if (std::abs(axis[static_cast<std::size_t>(a)]) == 1.0) return default_cylinder(bounds, a, radius_nm);
  double extent_nm = 0;  // of the bounds projected onto the axis
  for (std::size_t i = 0; i < 3; ++i) extent_nm += std::abs(bounds[1][i] - bounds[0][i]) * std::abs(axis[i]);
  auto along_a = default_cylinder(bounds, a, radius_nm, extent_nm);
  if (!along_a) return along_a;
  return make_cylinder(along_a->centre_nm, axis, radius_nm, extent_nm);
}

std::optional<IonRoi> edit_cylinder(CylinderRoi c, const Bounds& bounds, const Eigen::Vector3d& view_dir_layer) {
  bool changed = ImGui::InputScalarN("Centre x, y, z (nm)", ImGuiDataType_Double, c.centre_nm.data(), 3, nullptr,
                                     nullptr, "%.2f");
  ImGui::Text("Axis (%.2f, %.2f, %.2f)", c.axis[0], c.axis[1], c.axis[2]);
  const char* names[] = {"x", "y", "z"};
  for (std::size_t a = 0; a < 3; ++a) {
    ImGui::SameLine();
    if (ImGui::SmallButton(names[a])) {
      c.axis = {0, 0, 0};
      c.axis[a] = 1;
      changed = true;
    }
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("along view") && view_dir_layer.norm() > 0) {
    const Eigen::Vector3d d = view_dir_layer.normalized();
    c.axis = {d.x(), d.y(), d.z()};
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The axis along the camera's viewing direction");
  changed |= ImGui::InputDouble("Radius (nm)", &c.radius_nm, 0.5, 5.0, "%.2f");
  changed |= ImGui::InputDouble("Length (nm)", &c.length_nm, 1.0, 10.0, "%.2f");
  if (ImGui::Button("Through the centre of the data")) {
    if (auto centred = centred_cylinder(bounds, c.axis, c.radius_nm)) return IonRoi{*centred, 2};
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Centre the cylinder in the data's bounds, over their whole extent along its axis");
  }
  if (!changed) return std::nullopt;
  auto made = make_cylinder(c.centre_nm, c.axis, c.radius_nm, c.length_nm);
  if (!made) return std::nullopt;
  return IonRoi{*made, 2};
}

std::optional<IonRoi> edit_box(BoxRoi b, int box_axis, const Bounds& bounds) {
  ImGui::TextDisabled("data: x %.1f to %.1f, y %.1f to %.1f, z %.1f to %.1f nm", bounds[0][0], bounds[1][0],
                      bounds[0][1], bounds[1][1], bounds[0][2], bounds[1][2]);
  bool changed =
      ImGui::InputScalarN("Min x, y, z (nm)", ImGuiDataType_Double, b.min_nm.data(), 3, nullptr, nullptr, "%.2f");
  changed |= ImGui::InputScalarN("Max x, y, z (nm)", ImGuiDataType_Double, b.max_nm.data(), 3, nullptr, nullptr, "%.2f");
  changed |= ImGui::Combo("Profile axis", &box_axis, "x\0y\0z\0");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Profiles are binned, and blocks ordered, along this axis");
  if (!changed) return std::nullopt;
  auto made = make_box_roi(b.min_nm, b.max_nm, box_axis);
  if (!made) return std::nullopt;
  return *made;
}

}  // namespace

std::optional<IonRoi> apt_job_roi(const AptJob& job, const PointStoreAttributes& points) {
  if (job.roi) return job.roi;
  if (whole_data_allowed(job.kind) || !points.bounds_nm) return std::nullopt;
  auto cylinder = default_cylinder(*points.bounds_nm, 2);
  if (!cylinder) return std::nullopt;
  return IonRoi{*cylinder, 2};
}

void draw_apt_roi_controls(AptJob& job, const PointStoreAttributes& points, const Eigen::Vector3d& view_dir_layer) {
  if (!points.bounds_nm) {
    ImGui::TextDisabled("The store holds no ions: there is no ROI to place.");
    return;
  }
  const Bounds& bounds = *points.bounds_nm;
  const std::optional<IonRoi> shown = apt_job_roi(job, points);
  const int current = !shown ? 2 : std::holds_alternative<CylinderRoi>(shown->shape) ? 0 : 1;
  int shape = current;
  ImGui::TextUnformatted("ROI");
  ImGui::SameLine();
  ImGui::RadioButton("Cylinder", &shape, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Box", &shape, 1);
  if (whole_data_allowed(job.kind)) {
    ImGui::SameLine();
    ImGui::RadioButton("All the data", &shape, 2);
  }
  if (shape != current) {  // the new shape's fields show from the next frame
    if (shape == 2) {
      job.roi.reset();
    } else if (shape == 0) {
      if (auto cylinder = default_cylinder(bounds, 2)) job.roi = IonRoi{*cylinder, 2};
    } else {
      const auto* cylinder = shown ? std::get_if<CylinderRoi>(&shown->shape) : nullptr;
      if (auto box = make_box_roi(bounds[0], bounds[1], cylinder ? nearest_axis(cylinder->axis) : 2)) job.roi = *box;
    }
    return;
  }
  if (!shown) return;
  if (!job.roi) ImGui::TextDisabled("(the default: along z through the centre of the data)");
  std::optional<IonRoi> edited;
  if (const auto* cylinder = std::get_if<CylinderRoi>(&shown->shape)) {
    edited = edit_cylinder(*cylinder, bounds, view_dir_layer);
  } else {
    edited = edit_box(std::get<BoxRoi>(shown->shape), shown->box_axis, bounds);
  }
  if (edited) job.roi = std::move(*edited);
}

}  // namespace hs::ui
