// Ranges editor: the ion table, the selected ion's ranges, overlap warnings, the composition.
#include "ui/ranges_table.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "points/point_store.h"
#include "points/range_edit.h"

namespace hs::ui {
namespace {

const ImVec4 kWarningColor(1.0f, 0.80f, 0.35f, 1.0f);  // as warnings in the messages window
constexpr std::size_t kIonNameBytes = 64;              // longest name the name field edits, with its '\0'
constexpr int kMaxVisibleRows = 10;                    // rows before a table scrolls

std::uint64_t count_of(const IonCounts& counts, std::size_t ion) {
  return ion < counts.per_ion.size() ? counts.per_ion[ion] : 0;
}

double percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// Height of a table with a header and `rows` rows, capped at kMaxVisibleRows.
float table_height(std::size_t rows) {
  const auto shown = static_cast<float>(std::min<std::size_t>(rows, kMaxVisibleRows) + 1);
  return shown * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().CellPadding.y;
}

// The "show" checkbox of an ion: true when the user toggled it.
bool draw_visibility(std::vector<std::string>& hidden_ions, const std::string& name) {
  const auto hidden = std::find(hidden_ions.begin(), hidden_ions.end(), name);
  bool shown = hidden == hidden_ions.end();
  if (!ImGui::Checkbox("##shown", &shown)) return false;
  if (shown) {
    hidden_ions.erase(hidden);
  } else {
    hidden_ions.push_back(name);
  }
  return true;
}

// The colour swatch of an ion (a picker on click): true when the user changed the colour.
bool draw_color(IonSpecies& ion) {
  float rgb[3] = {ion.color.r, ion.color.g, ion.color.b};
  if (!ImGui::ColorEdit3("##colour", rgb, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel))
    return false;
  ion.color = RgbColor{rgb[0], rgb[1], rgb[2]};
  return true;
}

void draw_ion_table(RangeTable& ranges, std::vector<std::string>& hidden_ions, const IonCounts& counts,
                    SpectrumView& view, RangesTableActions& actions) {
  std::uint64_t total = counts.unranged;
  for (std::size_t i = 0; i < ranges.ions.size(); ++i) total += count_of(counts, i);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("ions", 6, flags, ImVec2(0.0f, table_height(ranges.ions.size() + 1)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("show");
  ImGui::TableSetupColumn("colour");
  ImGui::TableSetupColumn("ion", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("charge (e)");
  ImGui::TableSetupColumn("counts");
  ImGui::TableSetupColumn("% of ions");
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < ranges.ions.size(); ++i) {
    IonSpecies& ion = ranges.ions[i];
    const bool selected = view.selected_ion == i;
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    if (selected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
    ImGui::TableNextColumn();
    if (draw_visibility(hidden_ions, ion.name)) actions.visibility_changed = true;
    ImGui::TableNextColumn();
    if (draw_color(ion)) actions.changed = true;
    ImGui::TableNextColumn();
    if (ImGui::Selectable(ion.name.empty() ? "(no name)" : ion.name.c_str(), selected)) {
      view.selected_ion = selected ? std::nullopt : std::optional<std::size_t>(i);
    }
    ImGui::TableNextColumn();
    if (ion.charge == 0) {
      ImGui::TextDisabled("?");
    } else {
      ImGui::Text("%d", ion.charge);
    }
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(count_of(counts, i)));
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", percent(count_of(counts, i), total));
    ImGui::PopID();
  }
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(2);
  ImGui::TextDisabled("unranged");
  ImGui::TableSetColumnIndex(4);
  ImGui::Text("%llu", static_cast<unsigned long long>(counts.unranged));
  ImGui::TableNextColumn();
  ImGui::Text("%.2f", percent(counts.unranged, total));
  ImGui::EndTable();
}

// The name field of the selected ion; charge (trailing '+' signs) and composition follow the
// name, the charge staying as it was when the name gives none.
void draw_ion_name(RangeTable& ranges, std::size_t ion_index, std::vector<std::string>& hidden_ions,
                   RangesTableActions& actions) {
  IonSpecies& ion = ranges.ions[ion_index];
  std::array<char, kIonNameBytes> buffer{};
  ion.name.copy(buffer.data(), buffer.size() - 1);
  if (!ImGui::InputText("ion name", buffer.data(), buffer.size())) return;
  IonSpecies renamed = ion_from_name(buffer.data());
  renamed.color = ion.color;
  if (renamed.charge == 0) renamed.charge = ion.charge;
  const auto hidden = std::find(hidden_ions.begin(), hidden_ions.end(), ion.name);
  if (hidden != hidden_ions.end()) {
    *hidden = renamed.name;
    actions.visibility_changed = true;
  }
  ion = std::move(renamed);
  actions.changed = true;
}

// One range end as a number field: typed values snap to a bin edge and stop at the neighbours.
void draw_range_end(RangeTable& ranges, std::size_t index, RangeEnd end, RangesTableActions& actions) {
  MassRange& range = ranges.ranges[index];
  double& value = end == RangeEnd::low ? range.low_da : range.high_da;
  double typed = value;
  ImGui::SetNextItemWidth(-1.0f);
  if (!ImGui::InputDouble(end == RangeEnd::low ? "##low" : "##high", &typed, 0.0, 0.0, "%.2f")) return;
  const double moved = moved_range_end(ranges, index, end, typed, kSpectrumBinsPerDa);
  if (moved == value) return;
  value = moved;
  actions.changed = true;
}

void draw_selected_ranges(RangeTable& ranges, std::size_t ion_index, RangesTableActions& actions) {
  std::vector<std::size_t> listed;
  for (std::size_t k = 0; k < ranges.ranges.size(); ++k) {
    if (ranges.ranges[k].ion_index == ion_index) listed.push_back(k);
  }
  if (listed.empty()) {
    ImGui::TextDisabled("No ranges: shift + drag over the spectrum to add one.");
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("ranges", 5, flags, ImVec2(0.0f, table_height(listed.size())))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("range", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("low (Da)");
  ImGui::TableSetupColumn("high (Da)");
  ImGui::TableSetupColumn("width (Da)", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  std::optional<std::size_t> deleted;
  for (const std::size_t k : listed) {
    ImGui::PushID(static_cast<int>(k));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("%zu", k + 1);
    ImGui::TableNextColumn();
    draw_range_end(ranges, k, RangeEnd::low, actions);
    ImGui::TableNextColumn();
    draw_range_end(ranges, k, RangeEnd::high, actions);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", ranges.ranges[k].high_da - ranges.ranges[k].low_da);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("delete")) deleted = k;
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (deleted) {
    ranges.ranges.erase(ranges.ranges.begin() + static_cast<std::ptrdiff_t>(*deleted));
    actions.changed = true;
  }
}

void draw_overlap_warnings(const RangeTable& ranges) {
  const std::vector<std::string> warnings = overlap_warnings(ranges);
  if (warnings.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kWarningColor);
  ImGui::PushTextWrapPos(0.0f);
  for (const std::string& warning : warnings)
    ImGui::TextUnformatted(warning.c_str(), warning.c_str() + warning.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void draw_composition(const RangeTable& ranges, const IonCounts& counts) {
  std::vector<std::uint64_t> per_ion(ranges.ions.size());
  for (std::size_t i = 0; i < per_ion.size(); ++i) per_ion[i] = count_of(counts, i);
  const std::vector<ElementShare> shares = atomic_composition(ranges, per_ion);
  ImGui::TextUnformatted("Composition, molecular ions split into their atoms:");
  if (shares.empty()) {
    ImGui::TextDisabled("No ranged ion has a known composition.");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("composition", 3, flags, ImVec2(0.0f, table_height(shares.size())))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("element");
  ImGui::TableSetupColumn("atoms (counts)");
  ImGui::TableSetupColumn("at.%");
  ImGui::TableHeadersRow();
  for (const ElementShare& share : shares) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(share.element.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(share.atoms));
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", share.atomic_percent);
  }
  ImGui::EndTable();
}

}  // namespace

RangesTableActions draw_ranges_table(RangeTable& ranges, std::vector<std::string>& hidden_ions,
                                     const IonCounts& counts, SpectrumView& view) {
  RangesTableActions actions;
  actions.save_rrng = ImGui::Button("Save RRNG");
  ImGui::SameLine();
  actions.reset = ImGui::Button("Reset to file ranges");
  draw_ion_table(ranges, hidden_ions, counts, view, actions);
  if (view.selected_ion && *view.selected_ion < ranges.ions.size()) {
    ImGui::PushID("selected");
    draw_ion_name(ranges, *view.selected_ion, hidden_ions, actions);
    draw_selected_ranges(ranges, *view.selected_ion, actions);
    ImGui::PopID();
  } else {
    ImGui::TextDisabled("Select an ion to edit its ranges; shift + drag over the spectrum adds a range.");
  }
  draw_overlap_warnings(ranges);
  draw_composition(ranges, counts);
  return actions;
}

}  // namespace hs::ui
