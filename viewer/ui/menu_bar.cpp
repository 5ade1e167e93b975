// The main menu bar: view toggles, projection, reset, sample datasets, sharing, help.
#include <imgui.h>

#include <utility>

#include "ui/panels.h"

namespace hs::ui {
namespace {

// The sample datasets scripts/build writes and the demo server serves beside the viewer.
struct SampleEntry {
  const char* label;
  const char* source;
};
constexpr SampleEntry kSamples[] = {
    {"LiMn2O4 electrode, operando XRD-CT (lattice parameter)", "data/xrdct-lmo.zarr"},
    {"The same electrode after 150 cycles", "data/xrdct-lmo-aged.zarr"},
    {"NCM111 particle, ADF-EDS-EELS tomogram", "data/tomo-ncm111.zarr"},
    {"Cr-coated NMC811 needle, atom probe", "data/apt-nmc811.zarr"},
};

}  // namespace

MenuActions draw_menu_bar(ViewState& state, bool& show_controls_help, bool& show_about) {
  MenuActions actions;
  if (!ImGui::BeginMainMenuBar()) return actions;
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Layers panel", nullptr, &state.panels.layers);
    ImGui::MenuItem("Display panel", nullptr, &state.panels.display);
    ImGui::MenuItem("Analysis panel", nullptr, &state.panels.analysis);
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
    if (ImGui::BeginMenu("Background")) {
      const std::pair<Background, const char*> choices[] = {
          {Background::dark, "Dark"}, {Background::black, "Black"}, {Background::white, "White (slides)"},
          {Background::grey, "Grey"}};
      for (const auto& [background, label] : choices) {
        if (ImGui::MenuItem(label, nullptr, state.background == background)) state.background = background;
      }
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Reset view", "R")) actions.reset_view = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Samples")) {
    for (const SampleEntry& sample : kSamples) {
      if (ImGui::MenuItem(sample.label)) actions.add_source = sample.source;
    }
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
