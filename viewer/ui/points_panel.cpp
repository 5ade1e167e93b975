// The Points panel: how the selected atom probe layer is drawn (colouring, unranged ions, point
// size, level-of-detail budget, depth cue, slab and clipping box) and its ranges (mass spectrum
// and ranges table, edits kept as the layer's range override), all of it in the view state.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "points/point_store.h"
#include "points/spectrum_counts.h"
#include "scene/colormap.h"
#include "ui/cut_controls.h"
#include "ui/panels.h"
#include "ui/ranges_table.h"
#include "ui/spectrum_plot.h"

namespace hs::ui {
namespace {

const char* color_by_label(PointColorBy by) {
  switch (by) {
    case PointColorBy::species: return "Species (ranges)";
    case PointColorBy::mass: return "Mass-to-charge";
    case PointColorBy::depth: return "Depth (z)";
    case PointColorBy::single: return "One colour";
  }
  return "";
}

const char* unranged_label(UnrangedIons u) {
  switch (u) {
    case UnrangedIons::shown: return "shown";
    case UnrangedIons::dimmed: return "dimmed";
    case UnrangedIons::hidden: return "hidden";
  }
  return "";
}

std::string millions(std::uint64_t n) {
  char text[32];
  std::snprintf(text, sizeof text, n >= 1'000'000 ? "%.2f M" : "%.0f", n >= 1'000'000 ? n / 1e6 : static_cast<double>(n));
  return text;
}

void draw_colors(PointDisplay& display, const DatasetEntry& entry) {
  if (ImGui::BeginCombo("Colour by", color_by_label(display.color_by))) {
    for (PointColorBy by : {PointColorBy::species, PointColorBy::mass, PointColorBy::depth, PointColorBy::single}) {
      if (ImGui::Selectable(color_by_label(by), display.color_by == by)) display.color_by = by;
    }
    ImGui::EndCombo();
  }
  if (display.color_by == PointColorBy::single) {
    float rgb[3] = {display.single_color.r, display.single_color.g, display.single_color.b};
    if (ImGui::ColorEdit3("Colour", rgb, ImGuiColorEditFlags_NoInputs)) display.single_color = {rgb[0], rgb[1], rgb[2]};
  }
  if (display.color_by == PointColorBy::mass || display.color_by == PointColorBy::depth) {
    if (ImGui::BeginCombo("Colormap", std::string(colormap_name(display.colormap)).c_str())) {
      for (ColormapId id : kColormaps) {
        if (ImGui::Selectable(std::string(colormap_name(id)).c_str(), display.colormap == id)) display.colormap = id;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox("Reversed", &display.reversed);
  }
  if (display.color_by == PointColorBy::mass && entry.points->mass_range_da) {
    const auto [lo, hi] = *entry.points->mass_range_da;
    double window[2] = {display.mass_window ? display.mass_window->first : lo,
                        display.mass_window ? display.mass_window->second : hi};
    if (ImGui::InputScalarN("Mass window (Da)", ImGuiDataType_Double, window, 2, nullptr, nullptr, "%.2f") &&
        window[0] < window[1]) {
      display.mass_window = std::pair{window[0], window[1]};
    }
  }
  if (display.color_by == PointColorBy::species && ImGui::BeginCombo("Unranged ions", unranged_label(display.unranged))) {
    for (UnrangedIons u : {UnrangedIons::shown, UnrangedIons::dimmed, UnrangedIons::hidden}) {
      if (ImGui::Selectable(unranged_label(u), display.unranged == u)) display.unranged = u;
    }
    ImGui::EndCombo();
  }
}

void draw_size_and_budget(PointDisplay& display, const DatasetEntry& entry) {
  const bool in_nm = display.point_size_unit == PointSizeUnit::nm;
  float size = static_cast<float>(display.point_size);
  const float lo = static_cast<float>(in_nm ? kMinPointSizeNm : kMinPointSizePx);
  const float hi = static_cast<float>(in_nm ? kMaxPointSizeNm : kMaxPointSizePx);
  if (ImGui::SliderFloat("Point size", &size, lo, hi, in_nm ? "%.2f nm" : "%.1f px", ImGuiSliderFlags_Logarithmic)) {
    display.point_size = std::clamp(static_cast<double>(size), static_cast<double>(lo), static_cast<double>(hi));
  }
  ImGui::SameLine();
  bool nm = in_nm;
  if (ImGui::Checkbox("in nm", &nm)) {
    display.point_size_unit = nm ? PointSizeUnit::nm : PointSizeUnit::px;
    display.point_size = nm ? 0.3 : 2.0;  // a readable start in the other unit
  }
  float budget_m = static_cast<float>(display.point_budget / 1e6);
  if (ImGui::SliderFloat("Point budget", &budget_m, kMinPointBudget / 1e6f, kMaxPointBudget / 1e6f, "%.2f M ions",
                         ImGuiSliderFlags_Logarithmic)) {
    display.point_budget = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::llround(budget_m * 1e6)),
                                                     kMinPointBudget, kMaxPointBudget);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Most ions drawn per frame; the nearest, largest octree nodes first");
  ImGui::Text("Drawn %s of %s ions", millions(entry.points_drawn).c_str(), millions(entry.points->ion_count).c_str());
  if (entry.points_drawn < entry.points_wanted) {
    ImGui::SameLine();
    ImGui::TextDisabled("(loading %s)", millions(entry.points_wanted - entry.points_drawn).c_str());
  }
  ImGui::Checkbox("Depth cue", &display.depth_cue);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Eye-dome lighting: shades ions behind their neighbours");
  if (display.depth_cue) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110.0f * ImGui::GetFontSize() / 13.0f);
    float strength = static_cast<float>(display.depth_cue_strength);
    if (ImGui::SliderFloat("##strength", &strength, 0.0f, static_cast<float>(kMaxDepthCueStrength), "strength %.2f")) {
      display.depth_cue_strength = strength;
    }
  }
}

// A slab of ions (the thin-slice views of APT papers): its normal along an axis or facing the
// camera, its position along the normal within the bounds, and its thickness.
void draw_slab(PointDisplay& display, const AxisBox& box, const Eigen::Vector3d& view_dir_layer) {
  const Eigen::Vector3d lo(box.lo_nm[0], box.lo_nm[1], box.lo_nm[2]), hi(box.hi_nm[0], box.hi_nm[1], box.hi_nm[2]);
  const Eigen::Vector3d centre = 0.5 * (lo + hi);
  bool on = display.slab.has_value();
  if (ImGui::Checkbox("Slab", &on)) {
    if (on) {
      display.slab = PointSlab{centre, Eigen::Vector3d::UnitZ(), 10.0};
    } else {
      display.slab.reset();
    }
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show only the ions in a slice of chosen thickness and orientation");
  if (!display.slab) return;
  PointSlab& slab = *display.slab;
  ImGui::SameLine();
  const char* axes[] = {"x", "y", "z"};
  for (int a = 0; a < 3; ++a) {
    if (ImGui::SmallButton(axes[a])) slab.normal = Eigen::Vector3d::Unit(a);
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("face view") && view_dir_layer.norm() > 0) slab.normal = view_dir_layer.normalized();
  // Position: the offset of the centre along the normal, within the bounds' extent along it.
  const double half_extent = 0.5 * (hi - lo).cwiseAbs().dot(slab.normal.cwiseAbs());
  double offset = (slab.center_nm - centre).dot(slab.normal);
  const double offset_lo = -half_extent, offset_hi = half_extent;
  if (ImGui::SliderScalar("Slab position", ImGuiDataType_Double, &offset, &offset_lo, &offset_hi, "%.1f nm")) {
    slab.center_nm = centre + std::clamp(offset, offset_lo, offset_hi) * slab.normal;
  }
  const double thickness_lo = 0.1, thickness_hi = std::max(2.0 * half_extent, 1.0);
  if (ImGui::SliderScalar("Slab thickness", ImGuiDataType_Double, &slab.thickness_nm, &thickness_lo, &thickness_hi,
                          "%.1f nm", ImGuiSliderFlags_Logarithmic)) {
    slab.thickness_nm = std::clamp(slab.thickness_nm, thickness_lo, kMaxSlabThicknessNm);
  }
}

// The mass spectrum and the ranges table. Edits go to a copy of the shown ranges, which becomes
// the layer's override; "Reset" drops the override.
void draw_ranges(PointDisplay& display, const DatasetEntry& entry, const PointTablesEntry* tables, PointsPanelUi& ui,
                 PointsPanelActions& actions, float ui_scale) {
  if (!ImGui::CollapsingHeader("Mass spectrum and ranges")) return;
  if (tables == nullptr || !tables->spectrum) {
    ImGui::TextDisabled("%s", tables && !tables->spectrum_error.empty() ? tables->spectrum_error.c_str()
                                                                         : "loading the spectrum...");
    return;
  }
  RangeTable ranges = shown_ranges(display, entry.points->ranges);
  const std::vector<std::uint64_t>& spectrum = *tables->spectrum;
  const SpectrumPlotInput input{spectrum, kSpectrumBinsPerDa, display.hidden_ions};
  bool changed = draw_spectrum_plot("##spectrum", input, ui.spectrum, ranges, ImVec2(-1.0f, 200.0f * ui_scale));
  ImGui::SetNextItemWidth(120.0f * ui_scale);
  double width = ui.spectrum.bin_width_da;
  const double min_width = 1.0 / kSpectrumBinsPerDa, max_width = 1.0;
  if (ImGui::SliderScalar("Bin width", ImGuiDataType_Double, &width, &min_width, &max_width, "%.2f Da",
                          ImGuiSliderFlags_Logarithmic)) {
    ui.spectrum.bin_width_da = std::clamp(width, min_width, max_width);
  }
  ImGui::SameLine();
  ImGui::TextDisabled("wheel: zoom, right drag: pan, shift drag: new range");
  const IonCounts counts = count_ions_in_spectrum(ranges, spectrum, kSpectrumBinsPerDa);
  const RangesTableActions table = draw_ranges_table(ranges, display.hidden_ions, counts, ui.spectrum);
  if (display.hidden_ions.size() > kMaxHiddenIons) display.hidden_ions.resize(kMaxHiddenIons);
  if (changed || table.changed) display.ranges = std::move(ranges);
  if (table.reset) display.ranges.reset();
  actions.save_rrng = table.save_rrng;
  ImGui::SetNextItemWidth(260.0f * ui_scale);
  const bool entered = ImGui::InputTextWithHint("##ranges_url", "URL of an .rrng or .rng file", ui.ranges_url,
                                                sizeof ui.ranges_url, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Load ranges") || entered) && ui.ranges_url[0] != '\0') actions.load_ranges_url = ui.ranges_url;
  ImGui::TextDisabled("or drop an .rrng / .rng file on the page");
}

}  // namespace

PointsPanelActions draw_points_panel(PointDisplay& display, const DatasetEntry& entry, const PointTablesEntry* tables,
                                     const Eigen::Vector3d& view_dir_layer, PointsPanelUi& ui, float ui_scale) {
  PointsPanelActions actions;
  if (!entry.points) return actions;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + 8, viewport->Pos.y + ImGui::GetFrameHeight() + 240 * ui_scale),
                          ImGuiCond_FirstUseEver);
  // Sized to its content, but never past the bottom of the view (it scrolls instead).
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, viewport->Size.y - 2 * ImGui::GetFrameHeight()));
  if (ImGui::Begin("Points", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("%s: %s ions", dataset_short_name(entry.source).c_str(), millions(entry.points->ion_count).c_str());
    ImGui::PushItemWidth(210.0f * ui_scale);
    draw_colors(display, entry);
    draw_size_and_budget(display, entry);
    if (entry.points->bounds_nm) {
      const auto& [lo, hi] = *entry.points->bounds_nm;
      const AxisBox box{lo, hi};
      draw_slab(display, box, view_dir_layer);
      draw_clip_box(box, display.clip_min, display.clip_max);
    }
    ImGui::PopItemWidth();
    draw_ranges(display, entry, tables, ui, actions, ui_scale);
  }
  ImGui::End();
  return actions;
}

}  // namespace hs::ui
