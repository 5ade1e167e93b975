// The Layers panel: the datasets in the scene (layers of the view state, then dropped files) with
// their status, visibility and removal, a field to add one by URL, and the way to open local files.
#include <imgui.h>

#include <cstdio>

#include "ui/panels.h"

namespace hs::ui {
namespace {

void draw_status(const DatasetEntry& entry) {
  switch (entry.status) {
    case DatasetStatus::opening:
      if (entry.progress >= 0.0) {
        char label[32];
        std::snprintf(label, sizeof label, "converting %.0f %%", entry.progress * 100.0);
        ImGui::ProgressBar(static_cast<float>(entry.progress), ImVec2(-1.0f, 0.0f), label);
      } else {
        ImGui::TextDisabled("opening%s", &"..."[2 - static_cast<int>(ImGui::GetTime() * 3.0) % 3]);
      }
      break;
    case DatasetStatus::ready:
      if (entry.bricks_total > 0 && entry.bricks_resident < entry.bricks_total) {
        char label[48];
        std::snprintf(label, sizeof label, "%llu/%llu bricks", static_cast<unsigned long long>(entry.bricks_resident),
                      static_cast<unsigned long long>(entry.bricks_total));
        ImGui::ProgressBar(static_cast<float>(entry.bricks_resident) / static_cast<float>(entry.bricks_total),
                           ImVec2(-1.0f, 0.0f), label);
      } else {
        ImGui::TextDisabled("%s", entry.kind.c_str());
      }
      break;
    case DatasetStatus::failed:
      ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "failed");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", entry.error.c_str());
      break;
  }
}

// The selected layer's placement in the world, in physical units.
void draw_transform(LayerTransform& transform) {
  if (!ImGui::TreeNode("Placement")) return;
  ImGui::DragScalarN("Translation", ImGuiDataType_Double, transform.translation_nm.data(), 3, 1.0f, nullptr, nullptr,
                     "%.5g nm");
  ImGui::DragScalarN("Rotation x,y,z", ImGuiDataType_Double, transform.rotation_deg.data(), 3, 0.5f, nullptr, nullptr,
                     "%.4g°");
  transform.rotation_deg = transform.rotation_deg.cwiseMax(-360.0).cwiseMin(360.0);
  const double min_scale = kMinLayerScale, max_scale = kMaxLayerScale;
  ImGui::DragScalar("Scale", ImGuiDataType_Double, &transform.scale, 0.01f, &min_scale, &max_scale, "%.5g",
                    ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::SmallButton("Reset placement")) transform = LayerTransform{};
  ImGui::TreePop();
}

}  // namespace

LayersPanelActions draw_layers_panel(ViewState& state, const Datasets& datasets, LayersPanelUi& ui, float ui_scale) {
  LayersPanelActions actions;
  if (!state.panels.layers) return actions;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Below the menu bar (WorkPos does not know about it on the first frame).
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + 8, viewport->Pos.y + ImGui::GetFrameHeight() + 8),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(320 * ui_scale, 220 * ui_scale), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Layers", &state.panels.layers)) {
    const auto& entries = datasets.entries();
    if (entries.empty()) ImGui::TextDisabled("No layers yet: add a dataset by URL, or drop files here.");
    if (ImGui::BeginTable("layers", 3, ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 3.0f);
      ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthStretch, 1.2f);
      ImGui::TableSetupColumn("remove", ImGuiTableColumnFlags_WidthFixed);
      for (std::size_t i = 0; i < entries.size(); ++i) {
        const DatasetEntry& entry = entries[i];
        const bool is_layer = i < state.layers.size();
        ImGui::PushID(entry.id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        bool visible = is_layer ? state.layers[i].visible : entry.visible;
        if (ImGui::Checkbox("##visible", &visible)) {
          if (is_layer) state.layers[i].visible = visible;
          else actions.toggle_local_visibility = entry.id;
        }
        ImGui::SameLine();
        const std::string name = entry.local ? entry.source + " (local)" : dataset_short_name(entry.source);
        if (ImGui::Selectable(name.c_str(), ui.selected_id == entry.id)) ui.selected_id = entry.id;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", entry.source.c_str());
        ImGui::TableNextColumn();
        draw_status(entry);
        ImGui::TableNextColumn();
        if (is_layer && i > 0) {
          if (ImGui::ArrowButton("##raise", ImGuiDir_Up)) actions.raise_layer = static_cast<int>(i);
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("Move up (drawn earlier)");
          ImGui::SameLine();
        }
        if (ImGui::SmallButton("x")) {
          if (is_layer) actions.remove_layer = static_cast<int>(i);
          else actions.remove_local = entry.id;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove from the scene");
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    for (std::size_t i = 0; i < state.layers.size() && i < entries.size(); ++i) {
      if (entries[i].id == ui.selected_id) draw_transform(state.layers[i].transform);
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(-60.0f * ui_scale);
    const bool entered = ImGui::InputTextWithHint("##url", "URL of a .zarr dataset", ui.url, sizeof ui.url,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add") || entered) && ui.url[0] != '\0') {
      actions.add_source = ui.url;
      ui.url[0] = '\0';
    }
    if (ImGui::Button("Open local files...")) actions.pick_files = true;
    ImGui::SameLine();
    ImGui::TextDisabled("or drop .zip/.pos/.epos/.apt/.mrc/.npy/.tif");
  }
  ImGui::End();
  return actions;
}

}  // namespace hs::ui
