// The main menu bar: view toggles, projection, reset, sharing, help.
#include <imgui.h>

#include "ui/panels.h"

namespace hs::ui {

MenuActions draw_menu_bar(ViewState& state, bool& show_controls_help, bool& show_about) {
  MenuActions actions;
  if (!ImGui::BeginMainMenuBar()) return actions;
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Layers panel", nullptr, &state.panels.layers);
    ImGui::MenuItem("Status bar", nullptr, &state.panels.status_bar);
    ImGui::Separator();
    ImGui::MenuItem("Ground grid", nullptr, &state.overlays.grid);
    ImGui::MenuItem("Axes gizmo", nullptr, &state.overlays.axes);
    ImGui::MenuItem("Scale bar", nullptr, &state.overlays.scale_bar);
    ImGui::Separator();
    if (ImGui::MenuItem("Perspective", nullptr, state.camera.projection == Projection::perspective)) {
      state.camera.projection = Projection::perspective;
    }
    if (ImGui::MenuItem("Orthographic", nullptr, state.camera.projection == Projection::orthographic)) {
      state.camera.projection = Projection::orthographic;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Reset view", "R")) actions.reset_view = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Share")) {
    if (ImGui::MenuItem("Copy link")) actions.copy_link = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::MenuItem("Controls", nullptr, &show_controls_help);
    ImGui::MenuItem("About Heteroscope", nullptr, &show_about);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
  return actions;
}

}  // namespace hs::ui
