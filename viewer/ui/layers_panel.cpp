// The Layers panel: the ordered list of layers in the scene (none can be added yet).
#include <imgui.h>

#include "ui/panels.h"

namespace hs::ui {

void draw_layers_panel(PanelState& panels, float ui_scale) {
  if (!panels.layers) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Below the menu bar (WorkPos does not know about it on the first frame).
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + 8, viewport->Pos.y + ImGui::GetFrameHeight() + 8),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(260 * ui_scale, 160 * ui_scale), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Layers", &panels.layers)) {
    ImGui::TextDisabled("No layers in the scene.");
  }
  ImGui::End();
}

}  // namespace hs::ui
