// The Analysis panel: segment the shown image's channel and time point into particles (recipe,
// run with progress and cancel, in a data worker), the sortable particle table, and the selected
// particle's profile from surface to core.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ui/panels.h"
#include "ui/plot.h"

namespace hs::ui {
namespace {

// "µm" for "micrometer" and the like; other names as they are.
std::string short_unit(const std::string& unit) {
  if (unit == "micrometer") return "µm";
  if (unit == "nanometer") return "nm";
  if (unit == "angstrom") return "Å";
  if (unit == "millimeter") return "mm";
  return unit;
}

void draw_recipe(SegmentationRecipe& recipe) {
  const char* kinds[] = {"automatic", "valid voxels", "manual", "Otsu", "multi-Otsu"};
  int kind = static_cast<int>(recipe.threshold);
  if (ImGui::Combo("Threshold", &kind, kinds, IM_ARRAYSIZE(kinds))) recipe.threshold = static_cast<ThresholdKind>(kind);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("automatic: the voxels with data in maps with no-data voxels, else Otsu's upper class");
  }
  if (recipe.threshold == ThresholdKind::manual) ImGui::InputDouble("value >=", &recipe.threshold_value, 0.0, 0.0, "%.5g");
  if (recipe.threshold == ThresholdKind::multi_otsu) {
    ImGui::SliderInt("classes", &recipe.multi_otsu_classes, 2, 4);
    recipe.multi_otsu_foreground = std::clamp(recipe.multi_otsu_foreground, 1, recipe.multi_otsu_classes - 1);
    ImGui::SliderInt("foreground from", &recipe.multi_otsu_foreground, 1, recipe.multi_otsu_classes - 1);
  }
  ImGui::Checkbox("Fill holes", &recipe.fill_holes);
  ImGui::SameLine();
  ImGui::Checkbox("Split touching (watershed)", &recipe.watershed);
  int min_voxels = static_cast<int>(std::min<std::uint64_t>(recipe.min_voxels, 1u << 30));
  if (ImGui::InputInt("Min voxels", &min_voxels)) recipe.min_voxels = static_cast<std::uint64_t>(std::max(0, min_voxels));
}

// Sorts rows by the table's sort column; ties by label, so the order is stable.
void sort_rows(std::vector<const ParticleRow*>& rows, ImGuiTableSortSpecs* specs) {
  if (specs == nullptr || specs->SpecsCount == 0) return;
  const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
  const auto key = [&](const ParticleRow* p) {
    switch (spec.ColumnIndex) {
      case 1: return p->volume;
      case 2: return p->diameter;
      case 3: return p->mean;
      case 4: return p->std;
      case 5: return p->out_of_range;
      default: return static_cast<double>(p->label);
    }
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const ParticleRow* a, const ParticleRow* b) {
    const double ka = key(a), kb = key(b);
    if (ka == kb || (std::isnan(ka) && std::isnan(kb))) return a->label < b->label;
    if (std::isnan(ka) || std::isnan(kb)) return std::isnan(kb);  // NaN last
    return spec.SortDirection == ImGuiSortDirection_Ascending ? ka < kb : ka > kb;
  });
}

void draw_table(const AnalysisResult& result, AnalysisRun& run, float ui_scale) {
  const std::string length = short_unit(result.unit);
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("particles", 7, flags, ImVec2(0.0f, 170.0f * ui_scale))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_DefaultSort);
  ImGui::TableSetupColumn(("volume " + length + "³").c_str());
  ImGui::TableSetupColumn(("diameter " + length).c_str());
  ImGui::TableSetupColumn(("mean " + result.value_unit).c_str());
  ImGui::TableSetupColumn("std");
  ImGui::TableSetupColumn("out %");
  ImGui::TableSetupColumn("border", ImGuiTableColumnFlags_NoSort);
  ImGui::TableHeadersRow();
  std::vector<const ParticleRow*> rows;
  for (const ParticleRow& p : result.particles) rows.push_back(&p);
  sort_rows(rows, ImGui::TableGetSortSpecs());
  for (const ParticleRow* p : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    char label[16];
    std::snprintf(label, sizeof label, "%u", p->label);
    if (ImGui::Selectable(label, run.selected_label == p->label, ImGuiSelectableFlags_SpanAllColumns)) {
      run.selected_label = p->label;
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.4g", p->volume);
    ImGui::TableNextColumn();
    ImGui::Text("%.3g", p->diameter);
    ImGui::TableNextColumn();
    ImGui::Text("%.5g", p->mean);
    ImGui::TableNextColumn();
    ImGui::Text("%.2g", p->std);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", 100.0 * p->out_of_range);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p->touches_border ? "yes" : "");
  }
  ImGui::EndTable();
}

void draw_profile(const AnalysisResult& result, const AnalysisRun& run, float ui_scale) {
  const auto it = std::find_if(result.particles.begin(), result.particles.end(),
                               [&](const ParticleRow& p) { return p.label == run.selected_label; });
  if (it == result.particles.end()) {
    ImGui::TextDisabled("Select a particle to see its profile from surface to core.");
    return;
  }
  const ParticleProfile& profile = result.profiles[static_cast<std::size_t>(it - result.particles.begin())];
  std::vector<double> x;
  for (std::size_t k = 0; k < profile.mean.size(); ++k) x.push_back((k + 0.5) / static_cast<double>(profile.mean.size()));
  ProfilePlot plot;
  plot.x = x;
  plot.mean = profile.mean;
  plot.std = profile.std;
  plot.shaded_y = result.range;
  plot.x_label = "normalised depth: 0 surface, 1 core";
  plot.y_label = "particle " + std::to_string(it->label) + ": " + (result.value.empty() ? "value" : result.value) +
                 (result.value_unit.empty() ? "" : " (" + result.value_unit + ")") + ", mean ± std per shell";
  draw_profile_plot("##profile", plot, ImVec2(380.0f * ui_scale, 150.0f * ui_scale));
}

}  // namespace

AnalysisPanelActions draw_analysis_panel(const DatasetEntry* image, AnalysisRun& run, AnalysisPanelUi& ui,
                                         float ui_scale) {
  AnalysisPanelActions actions;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Its right edge at the viewport's, below the colorbar.
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x - 8 * ui_scale,
                                 viewport->Pos.y + ImGui::GetFrameHeight() + 280 * ui_scale),
                          ImGuiCond_FirstUseEver, ImVec2(1.0f, 0.0f));
  if (!ImGui::Begin("Analysis", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return actions;
  }
  ImGui::PushItemWidth(200.0f * ui_scale);
  if (image == nullptr) {
    ImGui::TextDisabled("Open an image layer to segment its particles.");
  } else {
    const std::string name = image->image->metadata.name.empty() ? "image" : image->image->metadata.name;
    ImGui::Text("Particles of %s (the channel and time point shown)", name.c_str());
    draw_recipe(ui.recipe);
    if (run.status == AnalysisRun::Status::running) {
      char label[32];
      std::snprintf(label, sizeof label, "segmenting %.0f %%", 100.0 * run.progress);
      ImGui::ProgressBar(static_cast<float>(run.progress), ImVec2(200.0f * ui_scale, 0.0f), label);
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) actions.cancel = true;
    } else if (ImGui::Button("Segment")) {
      actions.run_dataset_id = image->id;
    }
  }
  if (run.status == AnalysisRun::Status::failed) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", run.error.c_str());
  if (run.result) {
    const AnalysisResult& r = *run.result;
    const std::string length = short_unit(r.unit);
    ImGui::Text("%zu particles at level %zu (voxels %.3g × %.3g × %.3g %s)", r.particles.size(), r.level,
                r.voxel_size_zyx[2], r.voxel_size_zyx[1], r.voxel_size_zyx[0], length.c_str());
    draw_table(r, run, ui_scale);
    draw_profile(r, run, ui_scale);
  }
  ImGui::PopItemWidth();
  ImGui::End();
  return actions;
}

}  // namespace hs::ui
