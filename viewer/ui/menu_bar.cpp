// The main menu bar: view toggles, projection, reset, sample datasets, demo views and tour,
// sharing, help.
#include <imgui.h>

#include <utility>

#include "ui/panels.h"

namespace hs::ui {
namespace {

// A menu item and the location (relative to the page) it opens.
struct MenuEntry {
  const char* label;
  const char* location;
};
// The sample datasets scripts/build writes and the demo server serves beside the viewer.
constexpr MenuEntry kSamples[] = {
    {"LiMn2O4 electrode, operando XRD-CT (lattice parameter)", "data/xrdct-lmo.zarr"},
    {"The same electrode after 150 cycles", "data/xrdct-lmo-aged.zarr"},
    {"NCM111 particle, ADF-EDS-EELS tomogram", "data/tomo-ncm111.zarr"},
    {"Cr-coated NMC811 needle, atom probe", "data/apt-nmc811.zarr"},
};

// The preset views and the tour of the demo site (assets/demo, served beside the viewer).
constexpr MenuEntry kPresetViews[] = {
    {"Correlative scene: electrode, particle and needle at true scale", "views/correlative.json"},
    {"Electrode, operando XRD-CT", "views/electrode.json"},
    {"Electrode after 150 cycles", "views/aged-electrode.json"},
    {"NCM111 particle, tomogram", "views/particle.json"},
    {"NMC811 needle, atom probe", "views/needle.json"},
};
constexpr const char* kDemoTour = "tours/demo.json";

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
    for (const MenuEntry& sample : kSamples) {
      if (ImGui::MenuItem(sample.label)) actions.add_source = sample.location;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Demo")) {
    for (const MenuEntry& view : kPresetViews) {
      if (ImGui::MenuItem(view.label)) actions.open_view = view.location;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Play the tour")) actions.open_tour = kDemoTour;
    if (ImGui::MenuItem("Full screen", "F")) actions.toggle_fullscreen = true;
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
