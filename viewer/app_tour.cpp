// Tours in the viewer: each step's view applied in turn, the camera flown between them, a caption
// over the view; Space pauses, Page Up / Page Down change step (presentation clickers send them),
// Esc leaves.
#include <imgui.h>

#include <algorithm>

#include "app.h"
#include "scene/camera_flight.h"

namespace hs {
namespace {

constexpr float kCaptionFontScale = 1.5f;
constexpr float kCaptionWidthFraction = 0.7f;

}  // namespace

std::string Viewer::load_tour(std::string_view text, std::string_view source) {
  auto tour = parse_tour(text, source);
  if (!tour) {
    const std::string error = "The tour could not be played: " + tour.error().message;
    messages_.add(ui::MessageLevel::error, error);
    if (hooks_.announce) hooks_.announce(error);
    return json::write(json::Value(json::Object{{"ok", json::Value(false)}, {"error", json::Value(error)}}));
  }
  json::Array warnings;
  for (const std::string& w : tour->warnings) {
    messages_.add(ui::MessageLevel::warning, w);
    warnings.emplace_back(w);
  }
  const double steps = static_cast<double>(tour->steps.size());
  tour_.emplace();
  tour_->tour = std::move(*tour);
  tour_->source = std::string(source);
  tour_->started_s = ImGui::GetTime();
  enter_tour_step(0);
  return json::write(json::Value(json::Object{{"ok", json::Value(true)},
                                              {"steps", json::Value(steps)},
                                              {"warnings", json::Value(std::move(warnings))}}));
}

std::string Viewer::tour_json() const {
  if (!tour_) return R"({"playing":false})";
  const TourStep& step = tour_->tour.steps[tour_->step];
  return json::write(
      json::Value(json::Object{{"playing", json::Value(true)},
                               {"paused", json::Value(tour_->paused_at_s.has_value())},
                               {"source", json::Value(tour_->source)},
                               {"title", json::Value(tour_->tour.title)},
                               {"step", json::Value(static_cast<double>(tour_->step))},
                               {"steps", json::Value(static_cast<double>(tour_->tour.steps.size()))},
                               {"caption", json::Value(step.caption)}}));
}

void Viewer::stop_tour(const std::string& why) {
  tour_.reset();
  changed_ = true;  // the caption goes
  if (hooks_.announce) hooks_.announce(why);
}

// Space, Page Up / Page Down and Esc while a tour plays.
void Viewer::tour_keys() {
  if (ImGui::GetIO().WantCaptureKeyboard) return;
  const double now_s = ImGui::GetTime();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) return stop_tour("The tour stopped");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
    if (tour_->paused_at_s) {
      tour_->started_s += now_s - *tour_->paused_at_s;
      tour_->paused_at_s.reset();
    } else {
      tour_->paused_at_s = now_s;
    }
  }
  const bool next = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown), false);
  const bool previous = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp), false);
  if (next || previous) {
    const std::size_t count = tour_->tour.steps.size();
    const std::size_t to = next ? (tour_->step + 1) % count : (tour_->step + count - 1) % count;
    // Restart the clock so that it is at the start of that step (paused or not).
    const double clock_s = tour_->paused_at_s.value_or(now_s);
    tour_->started_s = clock_s - tour_step_start_s(tour_->tour, to);
  }
}

// Applies a step's view; its camera flight starts from the camera the view has now.
void Viewer::enter_tour_step(std::size_t step) {
  tour_->step = step;
  tour_->flight_done = false;
  tour_->flight_from = state_.camera;
  const TourStep& entered = tour_->tour.steps[step];
  apply_state(entered.state);
  state_.camera =
      fly_camera(tour_->flight_from, entered.state.camera, entered.transition_s > 0.0 ? 0.0 : 1.0);
  if (hooks_.announce && !entered.caption.empty()) hooks_.announce(entered.caption);
}

// Each frame: the step the clock is in, its view applied once, its camera flight.
void Viewer::follow_tour() {
  if (!tour_) return;
  tour_keys();
  if (!tour_) return;
  const double clock_s = tour_->paused_at_s.value_or(ImGui::GetTime());
  const TourPosition position = tour_position(tour_->tour, clock_s - tour_->started_s);
  if (position.finished) return stop_tour("The tour ended");
  if (position.step != tour_->step) enter_tour_step(position.step);
  if (!tour_->flight_done) {
    // Once the flight has landed the camera is the user's again (orbit, zoom) until the next step.
    state_.camera =
        fly_camera(tour_->flight_from, tour_->tour.steps[tour_->step].state.camera, position.flight);
    tour_->flight_done = position.flight >= 1.0;
  }
}

// The step's caption at the bottom of the view, with the step count and the keys.
void Viewer::draw_tour_caption(float ui_scale) {
  if (!tour_) return;
  const TourStep& step = tour_->tour.steps[tour_->step];
  ImDrawList& overlay = *ImGui::GetForegroundDrawList();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize() * kCaptionFontScale;
  const float wrap = viewport->Size.x * kCaptionWidthFraction;
  const float pad = 10.0f * ui_scale;
  const std::string hint = "Step " + std::to_string(tour_->step + 1) + " of " +
                           std::to_string(tour_->tour.steps.size()) +
                           (tour_->paused_at_s ? " (paused)" : "") +
                           "   Space: pause   PgUp/PgDn: step   F: full screen   Esc: leave";
  const ImVec2 caption_size =
      step.caption.empty() ? ImVec2(0, 0) : font->CalcTextSizeA(size, FLT_MAX, wrap, step.caption.c_str());
  const ImVec2 hint_size = ImGui::CalcTextSize(hint.c_str());
  const float width = std::max(caption_size.x, hint_size.x) + 2 * pad;
  const float height = caption_size.y + hint_size.y + (step.caption.empty() ? 2 : 3) * pad;
  const ImVec2 min(viewport->Pos.x + 0.5f * (viewport->Size.x - width),
                   viewport->Pos.y + viewport->Size.y - height - 3 * pad);
  overlay.AddRectFilled(min, ImVec2(min.x + width, min.y + height), IM_COL32(0, 0, 0, 170), 6.0f * ui_scale);
  float y = min.y + pad;
  if (!step.caption.empty()) {
    overlay.AddText(font, size, ImVec2(min.x + 0.5f * (width - caption_size.x), y),
                    IM_COL32(255, 255, 255, 255), step.caption.c_str(), nullptr, wrap);
    y += caption_size.y + pad;
  }
  overlay.AddText(ImVec2(min.x + 0.5f * (width - hint_size.x), y), IM_COL32(190, 190, 190, 255),
                  hint.c_str());
}

}  // namespace hs
