// The clusters' sortable table: id, ions, solute ions, at.% per element, centroid, radius of gyration.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ui/apt_results.h"

namespace hs::ui {
namespace {

// Columns before the elements' and after them.
constexpr int kLeadingColumns = 3;   // id, ions, solute ions
constexpr int kTrailingColumns = 2;  // centroid, radius of gyration
constexpr std::size_t kMaxElementColumns = 48;  // ImGui tables hold at most 64 columns

// The value a column sorts by (the centroid column does not sort).
double sort_key(const AptClusterRow& row, int column, std::size_t elements) {
  if (column == 0) return row.id;
  if (column == 1) return row.ions;
  if (column == 2) return row.solute_ions;
  const auto e = static_cast<std::size_t>(column - kLeadingColumns);
  if (e < elements) return row.at_percent[e];
  return row.radius_of_gyration_nm;
}

// Sorts by the table's sort column, NaN last; ties by id, so the order is stable.
void sort_rows(std::vector<const AptClusterRow*>& rows, ImGuiTableSortSpecs* specs, std::size_t elements) {
  if (specs == nullptr || specs->SpecsCount == 0) return;
  const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
  std::stable_sort(rows.begin(), rows.end(), [&](const AptClusterRow* a, const AptClusterRow* b) {
    const double ka = sort_key(*a, spec.ColumnIndex, elements), kb = sort_key(*b, spec.ColumnIndex, elements);
    if (ka == kb || (std::isnan(ka) && std::isnan(kb))) return a->id < b->id;
    if (std::isnan(ka) || std::isnan(kb)) return std::isnan(kb);
    return spec.SortDirection == ImGuiSortDirection_Ascending ? ka < kb : ka > kb;
  });
}

void draw_row(const AptClusterRow& row, std::size_t elements) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::Text("%u", row.id);
  ImGui::TableNextColumn();
  ImGui::Text("%.0f", row.ions);
  ImGui::TableNextColumn();
  ImGui::Text("%.0f", row.solute_ions);
  for (std::size_t e = 0; e < elements; ++e) {
    ImGui::TableNextColumn();
    if (std::isfinite(row.at_percent[e])) ImGui::Text("%.1f", row.at_percent[e]);
  }
  ImGui::TableNextColumn();
  ImGui::Text("%.1f, %.1f, %.1f", row.centroid_nm[0], row.centroid_nm[1], row.centroid_nm[2]);
  ImGui::TableNextColumn();
  if (std::isfinite(row.radius_of_gyration_nm)) ImGui::Text("%.2f", row.radius_of_gyration_nm);
}

}  // namespace

void draw_apt_clusters(const AptClustersResult& c, float ui_scale) {
  std::string solutes;
  for (const std::string& s : c.species) solutes += (solutes.empty() ? "" : ", ") + s;
  ImGui::Text("%zu clusters of %s; %.0f of the %.0f ions read are solute ions", c.clusters.size(), solutes.c_str(),
              c.solute_ions, c.ions);
  if (c.clusters.empty()) return;
  const std::size_t elements = std::min(c.elements.size(), kMaxElementColumns);
  const int columns = kLeadingColumns + static_cast<int>(elements) + kTrailingColumns;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  // As tall as the rows (and the horizontal scroll bar), at most 200 px.
  const float rows_height = ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(c.clusters.size()) + 1.0f) +
                            ImGui::GetStyle().ScrollbarSize + 2 * ImGui::GetStyle().CellPadding.y;
  if (!ImGui::BeginTable("apt_clusters", columns, flags, ImVec2(460.0f * ui_scale, std::min(200.0f * ui_scale, rows_height)))) {
    return;
  }
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_DefaultSort);
  ImGui::TableSetupColumn("ions", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("solute ions", ImGuiTableColumnFlags_PreferSortDescending);
  for (std::size_t e = 0; e < elements; ++e) {
    ImGui::TableSetupColumn((c.elements[e] + " at.%").c_str(), ImGuiTableColumnFlags_PreferSortDescending);
  }
  ImGui::TableSetupColumn("centroid x, y, z (nm)", ImGuiTableColumnFlags_NoSort);
  ImGui::TableSetupColumn("radius of gyration (nm)", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableHeadersRow();
  std::vector<const AptClusterRow*> rows;
  rows.reserve(c.clusters.size());
  for (const AptClusterRow& row : c.clusters) rows.push_back(&row);
  sort_rows(rows, ImGui::TableGetSortSpecs(), elements);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) draw_row(*rows[static_cast<std::size_t>(i)], elements);
  }
  ImGui::EndTable();
  if (elements < c.elements.size()) ImGui::TextDisabled("(the first %zu elements are shown; the CSV has all)", elements);
}

}  // namespace hs::ui
