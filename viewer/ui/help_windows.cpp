// Help > Controls and Help > About.
#include <imgui.h>

#include "ui/panels.h"
#include "version.h"

namespace hs::ui {

void draw_controls_help(bool& open) {
  if (!open) return;
  ImGui::SetNextWindowSize(ImVec2(380, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Controls", &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    if (ImGui::BeginTable("controls", 2, ImGuiTableFlags_RowBg)) {
      const char* rows[][2] = {
          {"Orbit", "left drag · one-finger drag · arrow keys"},
          {"Pan", "right or middle drag · shift + left drag · two-finger drag · shift + arrows"},
          {"Zoom", "wheel · pinch · + / -"},
          {"Place an atom probe ROI", "left drag on its handles (Atom probe panel) · shift: along the axis"},
          {"Reset view", "R · View > Reset view"},
          {"Share this view", "Share > Copy link"},
          {"Full screen", "F · Demo > Full screen"},
          {"Tour", "Demo > Play the tour · Space pause · PgUp / PgDn step · Esc leave"},
      };
      for (const auto& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[1]);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

void draw_about(bool& open) {
  if (!open) return;
  if (ImGui::Begin("About Heteroscope", &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("Heteroscope %s", kVersion);
    ImGui::TextUnformatted("Correlative 3D viewer for battery-materials microscopy:");
    ImGui::TextUnformatted("atom probe point clouds, XRD-CT and ADF-EDS-EELS volumes.");
    ImGui::TextDisabled("World frame: nm, z up. The URL holds the whole view.");
  }
  ImGui::End();
}

}  // namespace hs::ui
