// The viewer's ImGui panels: immediate-mode functions over the state they show.
#pragma once

#include <string>

#include "scene/view_state.h"

namespace hs::ui {

// Figures for the status bar, filled in by the platform layer each frame.
struct FrameStats {
  double frame_ms = 0.0;         // smoothed time between frames
  double heap_used_bytes = 0.0;  // wasm heap in use (malloc'd)
  double heap_size_bytes = 0.0;  // wasm heap reserved
  double network_bytes = 0.0;    // downloaded since the page opened
  int width_px = 0;
  int height_px = 0;
  double device_pixel_ratio = 1.0;
  double grid_cell_nm = 0.0;
};

// What the menu bar asked for this frame.
struct MenuActions {
  bool reset_view = false;
  bool copy_link = false;
};

MenuActions draw_menu_bar(ViewState& state, bool& show_controls_help, bool& show_about);
void draw_layers_panel(PanelState& panels, float ui_scale);
void draw_status_bar(const FrameStats& stats);
void draw_controls_help(bool& open);
void draw_about(bool& open);

}  // namespace hs::ui
