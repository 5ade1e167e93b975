// The Atom probe panel: the analysis, its ROI and parameters, run with progress and cancel, and the
// result's header (ROI, notes, CSV export, 3D toggles) above its views (apt_results.h).
#include "ui/apt_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/apt/element_counts.h"

namespace hs::ui {
namespace {

constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 53;  // as the job's JSON reads counts
const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);
const ImVec4 kNoteColor(0.95f, 0.8f, 0.45f, 1.0f);

const char* kind_label(AptAnalysis kind) {
  switch (kind) {
    case AptAnalysis::profile: return "Composition profile";
    case AptAnalysis::freqdist: return "Frequency distribution";
    case AptAnalysis::proxigram: return "Isosurface + proxigram";
    case AptAnalysis::clusters: return "Clusters";
  }
  return "";
}

// A number input that takes only finite values above 0 (or 0 too, with `zero_ok`).
void input_positive(const char* label, double& value, double step, bool zero_ok = false) {
  double edited = value;
  if (ImGui::InputDouble(label, &edited, step, 10 * step, "%.4g") && std::isfinite(edited) &&
      (edited > 0 || (zero_ok && edited == 0))) {
    value = edited;
  }
}

// A whole-number input kept within [lowest, highest].
void input_count(const char* label, std::uint64_t& value, std::uint64_t lowest, std::uint64_t highest,
                 std::uint64_t step) {
  std::uint64_t edited = value;
  const std::uint64_t fast_step = 10 * step;
  if (ImGui::InputScalar(label, ImGuiDataType_U64, &edited, &step, &fast_step)) value = std::clamp(edited, lowest, highest);
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Checkboxes of `elements`, ticked for those in `chosen`; a click rebuilds `chosen` in the elements'
// order (dropping symbols the elements lack).
void draw_element_choice(const char* label, std::vector<std::string>& chosen, const std::vector<std::string>& elements) {
  ImGui::TextUnformatted(label);
  ImGui::PushID(label);
  bool changed = false;
  std::vector<std::string> ticked;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    if (e % 8 != 0) ImGui::SameLine();
    bool on = contains(chosen, elements[e]);
    changed |= ImGui::Checkbox(elements[e].c_str(), &on);
    if (on) ticked.push_back(elements[e]);
  }
  ImGui::PopID();
  if (changed) chosen = std::move(ticked);
}

// Why `job` cannot run with these elements, or "".
std::string missing_input(const AptJob& job, const std::vector<std::string>& elements) {
  if (elements.empty()) return "The ranges name no elements.";
  if (job.kind == AptAnalysis::proxigram) {
    if (job.isosurface.element.empty()) return "Choose the isosurface's element.";
    if (!contains(elements, job.isosurface.element)) return job.isosurface.element + " is not in the ranges.";
  }
  if (job.kind == AptAnalysis::freqdist || job.kind == AptAnalysis::clusters) {
    if (job.species.empty()) return job.kind == AptAnalysis::freqdist ? "Tick an element to test." : "Tick the solutes.";
    for (const std::string& s : job.species) {
      if (!contains(elements, s)) return s + " is not in the ranges.";
    }
  }
  return "";
}

void draw_profile_params(ProfileParams& p) {
  int fixed_ions = p.bin_ions > 0 ? 1 : 0;
  ImGui::TextUnformatted("Bins");
  ImGui::SameLine();
  if (ImGui::RadioButton("fixed width", &fixed_ions, 0)) p.bin_ions = 0;
  ImGui::SameLine();
  if (ImGui::RadioButton("fixed ion count", &fixed_ions, 1) && p.bin_ions == 0) p.bin_ions = 1000;
  if (p.bin_ions == 0) {
    input_positive("Bin width (nm)", p.bin_nm, 0.1);
  } else {
    input_count("Ranged ions per bin", p.bin_ions, 1, kMaxCount, 100);
  }
}

void draw_isosurface_params(IsosurfaceParams& p, const std::vector<std::string>& elements) {
  if (ImGui::BeginCombo("Element", p.element.empty() ? "(choose)" : p.element.c_str())) {
    for (const std::string& e : elements) {
      if (ImGui::Selectable(e.c_str(), e == p.element)) p.element = e;
    }
    ImGui::EndCombo();
  }
  double level = p.level_at_percent;
  if (ImGui::InputDouble("Level (at.%)", &level, 1.0, 5.0, "%.3g") && level > 0 && level < 100) p.level_at_percent = level;
  input_positive("Voxel (nm)", p.grid.voxel_nm, 0.1);
  double sigma = p.grid.sigma_nm[0];
  input_positive("Delocalisation sigma (nm)", sigma, 0.1, true);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Gaussian smoothing of the concentration grid, the same along x, y and z");
  if (sigma != p.grid.sigma_nm[0]) p.grid.sigma_nm = {sigma, sigma, sigma};
  input_positive("Proxigram bin (nm)", p.proxigram.bin_nm, 0.1);
  input_positive("Max distance (nm)", p.proxigram.max_distance_nm, 1.0);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ions farther from the surface are left out of the proxigram");
}

void draw_cluster_params(ClusterParams& p) {
  input_positive("d_max (nm)", p.d_max_nm, 0.05);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Solute ions closer than this are linked");
  input_count("N_min (solute ions)", p.min_solute_ions, 1, kMaxCount, 1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smallest cluster, in solute ions");
  input_positive("Envelope L (nm)", p.envelope_nm, 0.05, true);
  input_positive("Erosion (nm)", p.erosion_nm, 0.05, true);
}

void draw_params(AptJob& job, const std::vector<std::string>& elements) {
  switch (job.kind) {
    case AptAnalysis::profile: draw_profile_params(job.profile); break;
    case AptAnalysis::freqdist:
      input_count("Atoms per block", job.frequency.block_atoms, 1, kMaxBlockAtoms, 10);
      draw_element_choice("Elements to test", job.species, elements);
      break;
    case AptAnalysis::proxigram: draw_isosurface_params(job.isosurface, elements); break;
    case AptAnalysis::clusters:
      draw_element_choice("Solutes", job.species, elements);
      draw_cluster_params(job.clusters);
      break;
  }
}

void draw_run_row(const AptJob& job, const DatasetEntry& points, const std::vector<std::string>& elements,
                  const AptRun& run, AptPanelActions& actions, float ui_scale) {
  if (run.status == AptRun::Status::running) {
    char label[32];
    std::snprintf(label, sizeof label, "running %.0f %%", 100.0 * run.progress);
    ImGui::ProgressBar(static_cast<float>(run.progress), ImVec2(200.0f * ui_scale, 0.0f), label);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) actions.cancel = true;
    return;
  }
  const std::string missing = missing_input(job, elements);
  ImGui::BeginDisabled(!missing.empty());
  if (ImGui::Button("Run")) actions.run_dataset_id = points.id;
  ImGui::EndDisabled();
  if (!missing.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", missing.c_str());
  }
}

void draw_result_header(const AptRun& run, const DatasetEntry* points, AptPanelUi& ui, AptPanelActions& actions,
                        float ui_scale) {
  const AptResult& r = *run.result;
  const bool from_points = points != nullptr && points->id == run.dataset_id;
  ImGui::Separator();
  const std::string roi = r.roi ? r.roi->describe() : "all the data";
  ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + 460.0f * ui_scale);
  ImGui::Text("%s of %s%s", kind_label(r.kind()), roi.c_str(), from_points ? "" : " (another layer)");
  for (const std::string& note : r.notes) ImGui::TextColored(kNoteColor, "%s", note.c_str());
  if (run.roi_moved) ImGui::TextColored(kNoteColor, "The ROI has moved since this result: Run to update it.");
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Export CSV")) actions.export_csv_name = apt_csv_file_name(from_points ? points->source : "", r.kind());
  if (r.kind() == AptAnalysis::proxigram || r.kind() == AptAnalysis::clusters) {
    ImGui::SameLine();
    if (r.kind() == AptAnalysis::proxigram) ImGui::Checkbox("Show the isosurface in 3D", &ui.show_mesh);
    if (r.kind() == AptAnalysis::clusters) ImGui::Checkbox("Show the clusters in 3D", &ui.show_clusters);
  }
}

}  // namespace

std::string apt_csv_file_name(const std::string& source, AptAnalysis kind) {
  std::string name = dataset_short_name(source);
  if (const std::size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0) name.resize(dot);
  for (char& c : name) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
    if (!plain) c = '_';
  }
  if (name.empty() || name == "." || name == "..") name = "apt";
  return name + "-" + apt_analysis_name(kind) + ".csv";
}

AptPanelActions draw_apt_panel(AptJob& job, const DatasetEntry* points, const RangeTable& ranges,
                               const Eigen::Vector3d& view_dir_layer, AptRun& run, AptPanelUi& ui, float ui_scale) {
  AptPanelActions actions;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Its right edge at the viewport's, below the Analysis panel's usual place.
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x - 8 * ui_scale,
                                 viewport->Pos.y + ImGui::GetFrameHeight() + 320 * ui_scale),
                          ImGuiCond_FirstUseEver, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, viewport->Size.y - 2 * ImGui::GetFrameHeight()));
  const bool open = ImGui::Begin("Atom probe", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  // It grows with its results: keep its right edge on screen.
  const float overflow = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x - (viewport->Pos.x + viewport->Size.x);
  if (overflow > 0) ImGui::SetWindowPos(ImVec2(std::max(viewport->Pos.x, ImGui::GetWindowPos().x - overflow), ImGui::GetWindowPos().y));
  if (!open) {
    ImGui::End();
    return actions;
  }
  ImGui::PushItemWidth(200.0f * ui_scale);
  if (points == nullptr || !points->points) {
    ImGui::TextDisabled("Open an atom probe layer to analyse it.");
  } else {
    const ElementCounter counter(ranges);
    const std::vector<std::string>& elements = counter.elements();
    ImGui::Text("%s", dataset_short_name(points->source).c_str());
    int kind = static_cast<int>(job.kind);
    const char* kinds[] = {kind_label(AptAnalysis::profile), kind_label(AptAnalysis::freqdist),
                           kind_label(AptAnalysis::proxigram), kind_label(AptAnalysis::clusters)};
    if (ImGui::Combo("Analysis", &kind, kinds, IM_ARRAYSIZE(kinds))) job.kind = static_cast<AptAnalysis>(kind);
    draw_apt_roi_controls(job, *points->points, view_dir_layer);
    if (apt_job_roi(job, *points->points)) {
      ImGui::Checkbox("Show the ROI in 3D", &ui.show_roi);
      if (ui.show_roi) {
        ImGui::SameLine();
        ImGui::TextDisabled("(drag its handles in the view)");
      }
    }
    draw_params(job, elements);
    draw_run_row(job, *points, elements, run, actions, ui_scale);
  }
  if (run.status == AptRun::Status::failed) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + 460.0f * ui_scale);
    ImGui::TextColored(kErrorColor, "%s", run.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (run.result) {
    draw_result_header(run, points, ui, actions, ui_scale);
    draw_apt_result(*run.result, ui.results, ui_scale);
  }
  ImGui::PopItemWidth();
  ImGui::End();
  return actions;
}

}  // namespace hs::ui
