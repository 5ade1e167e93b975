// The Dataset window: what the data worker found in the selected dataset, or why it failed.
#include <imgui.h>

#include "ui/panels.h"

namespace hs::ui {

void draw_dataset_window(const Datasets& datasets, LayersPanelUi& ui, float ui_scale) {
  if (ui.selected_id == 0) return;
  const DatasetEntry* entry = nullptr;
  for (const DatasetEntry& e : datasets.entries()) {
    if (e.id == ui.selected_id) entry = &e;
  }
  if (entry == nullptr) {
    ui.selected_id = 0;
    return;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + 340 * ui_scale, viewport->Pos.y + ImGui::GetFrameHeight() + 8),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(520 * ui_scale, 300 * ui_scale), ImGuiCond_FirstUseEver);
  bool open = true;
  if (ImGui::Begin("Dataset", &open, ImGuiWindowFlags_HorizontalScrollbar)) {
    switch (entry->status) {
      case DatasetStatus::opening:
        ImGui::TextWrapped("Opening %s ...", entry->source.c_str());
        break;
      case DatasetStatus::failed:
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("%s", entry->error.c_str());
        ImGui::PopStyleColor();
        break;
      case DatasetStatus::ready:
        ImGui::TextWrapped("%s", entry->title.c_str());
        ImGui::Separator();
        ImGui::TextUnformatted(entry->details.c_str());
        for (const auto& note : entry->notes) ImGui::TextWrapped("Note: %s", note.c_str());
        break;
    }
  }
  ImGui::End();
  if (!open) ui.selected_id = 0;
}

}  // namespace hs::ui
