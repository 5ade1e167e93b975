// The status bar along the bottom edge: frame time, memory, network, viewport.
#include <cstdio>

#include <imgui.h>

#include "scene/units.h"
#include "ui/panels.h"

namespace hs::ui {
namespace {

// Bytes with a binary prefix, e.g. "12.3 MiB".
void format_bytes(char* out, std::size_t size, double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024.0 && unit < 4) {
    bytes /= 1024.0;
    ++unit;
  }
  std::snprintf(out, size, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
}

}  // namespace

void draw_status_bar(const FrameStats& stats) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float height = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, viewport->Pos.y + viewport->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##status", nullptr, flags)) {
    char heap_used[32], heap_size[32], network[32], rate[32], cache[32], cache_budget[32], gpu[32];
    format_bytes(heap_used, sizeof heap_used, stats.heap_used_bytes);
    format_bytes(heap_size, sizeof heap_size, stats.heap_size_bytes);
    format_bytes(network, sizeof network, stats.network_bytes);
    format_bytes(rate, sizeof rate, stats.network_bytes_per_s);
    format_bytes(gpu, sizeof gpu, stats.gpu_bytes);
    format_bytes(cache, sizeof cache, stats.brick_cache_bytes);
    format_bytes(cache_budget, sizeof cache_budget, stats.brick_cache_budget_bytes);
    const double fps = stats.frame_ms > 0.0 ? 1000.0 / stats.frame_ms : 0.0;
    ImGui::Text("frame %.1f ms (%.0f fps)   heap %s of %s   network %s (%s/s)   bricks %s of %s, %d loading   "
                "GPU %s   %d×%d px @%.2gx   grid %s",
                stats.frame_ms, fps, heap_used, heap_size, network, rate, cache, cache_budget, stats.bricks_loading, gpu,
                stats.width_px, stats.height_px, stats.device_pixel_ratio, format_length_nm(stats.grid_cell_nm).c_str());
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

}  // namespace hs::ui
