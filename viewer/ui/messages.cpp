// The messages window.
#include "ui/messages.h"

#include <imgui.h>

namespace hs::ui {

void draw_messages(MessageLog& log) {
  if (log.messages.empty()) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Bottom centre, above the status bar: clear of the menus and of the panels docked at the top left.
  const float bottom = viewport->Pos.y + viewport->Size.y - 2.0f * ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + 0.5f * viewport->WorkSize.x, bottom), ImGuiCond_Always,
                          ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(320, 0), ImVec2(viewport->WorkSize.x * 0.8f, viewport->WorkSize.y * 0.5f));
  ImGui::Begin("Messages", nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  for (const Message& m : log.messages) {
    const ImVec4 color = m.level == MessageLevel::error     ? ImVec4(1.0f, 0.45f, 0.40f, 1.0f)
                         : m.level == MessageLevel::warning ? ImVec4(1.0f, 0.80f, 0.35f, 1.0f)
                                                            : ImVec4(0.85f, 0.88f, 0.95f, 1.0f);
    const char* prefix = m.level == MessageLevel::error ? "Error: " : m.level == MessageLevel::warning ? "Warning: " : "";
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(viewport->WorkSize.x * 0.75f);
    ImGui::TextUnformatted(prefix);
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(m.text.c_str(), m.text.c_str() + m.text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  if (ImGui::Button("Dismiss")) log.messages.clear();
  ImGui::End();
}

}  // namespace hs::ui
