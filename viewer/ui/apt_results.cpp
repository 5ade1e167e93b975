// The atom probe result views: profile, frequency distribution and proxigram plots and tables.
#include "ui/apt_results.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ui/plot.h"

namespace hs::ui {
namespace {

// Distinct colours that read on the dark theme, by element index (then repeating).
constexpr ImU32 kPalette[] = {IM_COL32(100, 170, 255, 255), IM_COL32(255, 150, 60, 255), IM_COL32(90, 200, 110, 255),
                              IM_COL32(240, 90, 90, 255),   IM_COL32(180, 130, 230, 255), IM_COL32(230, 200, 80, 255),
                              IM_COL32(90, 210, 210, 255),  IM_COL32(240, 130, 200, 255), IM_COL32(170, 170, 170, 255),
                              IM_COL32(190, 140, 100, 255)};

ImU32 palette(std::size_t i) { return kPalette[i % IM_ARRAYSIZE(kPalette)]; }

bool is_hidden(const AptResultsUi& ui, const std::string& element) {
  return std::find(ui.hidden_elements.begin(), ui.hidden_elements.end(), element) != ui.hidden_elements.end();
}

// "12.3", or "-" for NaN.
std::string number_text(double value, const char* format = "%.3g") {
  if (!std::isfinite(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Checkboxes naming the elements in their plot colours; unticking one hides its line.
void draw_legend(const std::vector<AptElementSeries>& elements, AptResultsUi& ui) {
  for (std::size_t e = 0; e < elements.size(); ++e) {
    if (e > 0) ImGui::SameLine();
    bool shown = !is_hidden(ui, elements[e].element);
    ImGui::PushStyleColor(ImGuiCol_Text, palette(e));
    ImGui::PushID(static_cast<int>(e));
    if (ImGui::Checkbox(elements[e].element.c_str(), &shown)) {
      std::erase(ui.hidden_elements, elements[e].element);
      if (!shown) ui.hidden_elements.push_back(elements[e].element);
    }
    ImGui::PopID();
    ImGui::PopStyleColor();
  }
}

// at.% of the shown elements against the bins' centres, with ±σ bands and a tooltip per bin.
void draw_element_plot(const char* id, const AptBins& bins, const std::vector<AptElementSeries>& elements,
                       const std::string& x_label, AptResultsUi& ui, float ui_scale) {
  if (bins.start_nm.empty()) {
    ImGui::TextDisabled("No bins.");
    return;
  }
  draw_legend(elements, ui);
  std::vector<PlotSeries> series;
  std::vector<std::size_t> element_of;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    if (is_hidden(ui, elements[e].element)) continue;
    series.push_back({elements[e].at_percent, elements[e].sigma, palette(e)});
    element_of.push_back(e);
  }
  const SeriesPlot plot{bins.centre_nm, series, bins.start_nm.front(), bins.end_nm.back(), std::nullopt, x_label,
                        "at.%, band ± sigma"};
  const auto hovered = draw_series_plot(id, plot, ImVec2(460.0f * ui_scale, 190.0f * ui_scale));
  if (!hovered) return;
  const std::size_t b = *hovered;
  ImGui::BeginTooltip();
  ImGui::Text("%.3g to %.3g nm: %s atoms", bins.start_nm[b], bins.end_nm[b], number_text(bins.atoms[b], "%.0f").c_str());
  for (std::size_t e : element_of) {
    const AptElementSeries& s = elements[e];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette(e)), "%s %s ± %s at.%%", s.element.c_str(),
                       number_text(s.at_percent[b]).c_str(), number_text(s.sigma[b], "%.2g").c_str());
  }
  ImGui::EndTooltip();
}

void draw_profile(const AptProfileResult& p, AptResultsUi& ui, float ui_scale) {
  draw_element_plot("##apt_profile", p.bins, p.elements, p.axis_label, ui, ui_scale);
  if (!p.ratios.empty() && !p.bins.start_nm.empty()) {
    std::vector<const char*> names;
    for (const AptRatioSeries& r : p.ratios) names.push_back(r.name.c_str());
    ui.ratio = std::min(ui.ratio, p.ratios.size() - 1);
    int ratio = static_cast<int>(ui.ratio);
    if (ImGui::Combo("Ratio", &ratio, names.data(), static_cast<int>(names.size()))) ui.ratio = static_cast<std::size_t>(ratio);
    const PlotSeries series{p.ratios[ui.ratio].values, {}, palette(0)};
    const SeriesPlot plot{p.bins.centre_nm, {&series, 1}, p.bins.start_nm.front(), p.bins.end_nm.back(),
                          std::nullopt, p.axis_label, p.ratios[ui.ratio].name + (p.ratios[ui.ratio].name == "O2+/O+" ? " (ions)" : " (atoms)")};
    if (const auto b = draw_series_plot("##apt_ratio", plot, ImVec2(460.0f * ui_scale, 120.0f * ui_scale))) {
      ImGui::SetTooltip("%.3g to %.3g nm: %s", p.bins.start_nm[*b], p.bins.end_nm[*b],
                        number_text(p.ratios[ui.ratio].values[*b], "%.4g").c_str());
    }
  }
  ImGui::Text("Whole ROI: %.0f ranged ions, %.0f unranged, %.0f atoms", p.total_ions, p.total_unranged_ions,
              p.total_atoms);
  if (ImGui::BeginTable("apt_totals", 4, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("element");
    ImGui::TableSetupColumn("atoms");
    ImGui::TableSetupColumn("at.%");
    ImGui::TableSetupColumn("sigma at.%");
    ImGui::TableHeadersRow();
    for (const AptElementTotal& e : p.total_elements) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.element.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", e.count);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(e.at_percent, "%.2f").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(e.sigma, "%.2g").c_str());
    }
    ImGui::EndTable();
  }
  for (const AptRatioTotal& r : p.total_ratios) ImGui::Text("%s = %s", r.name.c_str(), number_text(r.value, "%.4g").c_str());
}

// The distributions' statistics; a click on a row chooses the one plotted.
void draw_distribution_table(const AptFrequencyResult& f, AptResultsUi& ui) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("apt_distributions", 8, flags)) return;
  for (const char* name : {"element", "atoms/block", "blocks", "at.%", "chi²", "dof", "p-value", "µ"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  for (const AptDistribution& d : f.distributions) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(d.element.c_str(), ui.distribution == d.element, ImGuiSelectableFlags_SpanAllColumns)) {
      ui.distribution = d.element;
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", d.block_atoms);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", d.blocks);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(number_text(d.at_percent, "%.2f").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(number_text(d.chi2, "%.4g").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(number_text(d.dof, "%.0f").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(number_text(d.p_value, "%.3g").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(number_text(d.mu, "%.3f").c_str());
  }
  ImGui::EndTable();
}

void draw_frequency(const AptFrequencyResult& f, AptResultsUi& ui, float ui_scale) {
  if (f.distributions.empty()) return;
  ImGui::TextWrapped("Blocks of consecutive atoms, ordered by %s", f.axis_label.c_str());
  draw_distribution_table(f, ui);
  auto d = std::find_if(f.distributions.begin(), f.distributions.end(),
                        [&](const AptDistribution& x) { return x.element == ui.distribution; });
  if (d == f.distributions.end()) d = f.distributions.begin();
  // k from the first to the last with an observed block or at least half an expected one.
  const auto shown = [&](std::size_t k) { return d->observed[k] > 0.0 || d->expected[k] >= 0.5; };
  std::size_t first = 0, last = d->observed.size();
  while (first < last && !shown(first)) ++first;
  while (last > first && !shown(last - 1)) --last;
  if (first == last) return;
  const std::span<const double> observed(d->observed.data() + first, last - first);
  const std::span<const double> expected(d->expected.data() + first, last - first);
  const BarsPlot plot{observed, expected, static_cast<double>(first), d->element + " atoms per block of " +
                      number_text(d->block_atoms, "%.0f"), d->element + ": blocks observed (bars), binomial (points)"};
  if (const auto k = draw_bars_plot("##apt_freq", plot, ImVec2(460.0f * ui_scale, 170.0f * ui_scale))) {
    ImGui::SetTooltip("%zu %s atoms: %.0f blocks observed, %.1f expected", first + *k, d->element.c_str(),
                      observed[*k], expected[*k]);
  }
  ImGui::TextDisabled("Click a row to plot its element.");
}

void draw_proxigram(const AptProxigramResult& p, AptResultsUi& ui, float ui_scale) {
  ImGui::Text("Isosurface of %s at %.3g at.%%: %.0f triangles, %zu components", p.element.c_str(), p.level_at_percent,
              static_cast<double>(p.mesh_triangle_count), p.components.size());
  if (p.mesh_triangle_count == 0) {
    ImGui::TextDisabled("No isosurface: the concentration does not cross %.3g at.%% anywhere.", p.level_at_percent);
    return;
  }
  ImGui::Text("%.0f ions read, %.0f beyond the distance range", p.ions, p.ions_beyond);
  draw_element_plot("##apt_proxigram", p.bins, p.elements,
                    "distance to the isosurface (nm), > 0 on the " + p.element + "-rich side", ui, ui_scale);
  if (p.components.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollY;
  const float height = std::min(150.0f * ui_scale, ImGui::GetTextLineHeightWithSpacing() *
                                                        (static_cast<float>(p.components.size()) + 1.5f));
  if (!ImGui::BeginTable("apt_components", 6, flags, ImVec2(0.0f, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"#", "centre x, y, z (nm)", "volume nm³", "area nm²", "closed", "triangles"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(p.components.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const AptMeshComponent& c = p.components[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", i + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f, %.1f, %.1f", c.centre_nm[0], c.centre_nm[1], c.centre_nm[2]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(c.volume_nm3, "%.4g").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(c.area_nm2, "%.4g").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.closed ? "yes" : "no");
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", c.triangles);
    }
  }
  ImGui::EndTable();
  ImGui::TextDisabled("Volumes are meaningful for closed components only.");
}

}  // namespace

void draw_apt_result(const AptResult& result, AptResultsUi& ui, float ui_scale) {
  switch (result.kind()) {
    case AptAnalysis::profile: draw_profile(std::get<AptProfileResult>(result.data), ui, ui_scale); break;
    case AptAnalysis::freqdist: draw_frequency(std::get<AptFrequencyResult>(result.data), ui, ui_scale); break;
    case AptAnalysis::proxigram: draw_proxigram(std::get<AptProxigramResult>(result.data), ui, ui_scale); break;
    case AptAnalysis::clusters: draw_apt_clusters(std::get<AptClustersResult>(result.data), ui_scale); break;
  }
}

}  // namespace hs::ui
