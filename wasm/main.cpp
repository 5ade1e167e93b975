// Emscripten platform layer: creates the GLFW window on the page's canvas, runs the main loop,
// keeps the canvas at device-pixel resolution and exposes the JS API functions (hs_*) that
// web/heteroscope-page.js wraps as window.heteroscope.
#include <emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <malloc.h>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "app.h"
#include "input/camera_controller.h"
#include "js_bridge.h"
#include "json/json.h"
#include "render/ui_pass.h"
#include "version.h"

namespace {

struct App {
  GLFWwindow* window = nullptr;
  std::unique_ptr<hs::Viewer> viewer;
  hs::render::UiPass ui;
  ImGuiStyle base_style;          // unscaled; scaled copies follow the device pixel ratio
  double device_pixel_ratio = 0;  // 0 until the first frame sets it
  double last_time_s = 0;
  double frame_ms = 0;
  double network_bytes = 0;
  double heap_used_bytes = 0;
  double heap_sampled_s = -1;  // mallinfo walks the whole heap: sample it twice a second
  int frames = 0;
  std::string reply;  // storage of the last string handed to JavaScript
};

App* g_app = nullptr;  // the one app pointer the Emscripten main loop needs

// Canvas backing store = CSS size × device pixel ratio, so lines stay one device pixel wide.
void fit_canvas_to_display(App& app) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  const int want_w = static_cast<int>(std::lround(css_w * dpr));
  const int want_h = static_cast<int>(std::lround(css_h * dpr));
  int w = 0, h = 0;
  glfwGetWindowSize(app.window, &w, &h);
  if (want_w > 0 && want_h > 0 && (w != want_w || h != want_h)) hs::wasm::js_set_canvas_size(want_w, want_h);
  if (dpr != app.device_pixel_ratio) {
    app.device_pixel_ratio = dpr;
    ImGui::GetStyle() = app.base_style;
    ImGui::GetStyle().ScaleAllSizes(static_cast<float>(dpr));
    // Rasterise the font at the device size rather than stretching a 13 px atlas (blurry).
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig font;
    font.SizePixels = std::round(13.0f * static_cast<float>(dpr));
    io.Fonts->AddFontDefault(&font);
    app.ui.rebuild_fonts();
  }
}

hs::ui::FrameStats frame_stats(App& app, double now_s, int width_px, int height_px) {
  if (now_s - app.heap_sampled_s >= 0.5) {
    app.heap_used_bytes = static_cast<double>(mallinfo().uordblks);
    app.heap_sampled_s = now_s;
  }
  hs::ui::FrameStats stats;
  stats.frame_ms = app.frame_ms;
  stats.heap_used_bytes = app.heap_used_bytes;
  stats.heap_size_bytes = static_cast<double>(emscripten_get_heap_size());
  stats.network_bytes = app.network_bytes;
  stats.width_px = width_px;
  stats.height_px = height_px;
  stats.device_pixel_ratio = app.device_pixel_ratio;
  return stats;
}

void frame() {
  App& app = *g_app;
  const double now_s = emscripten_get_now() / 1000.0;
  const double dt_ms = (now_s - app.last_time_s) * 1000.0;
  app.frame_ms = app.frames == 0 ? dt_ms : 0.9 * app.frame_ms + 0.1 * dt_ms;
  app.last_time_s = now_s;

  fit_canvas_to_display(app);
  glfwPollEvents();
  int width_px = 0, height_px = 0;
  glfwGetFramebufferSize(app.window, &width_px, &height_px);

  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  app.viewer->draw_ui(frame_stats(app, now_s, width_px, height_px));
  ImGui::Render();
  // A frame left undrawn keeps the canvas as it was (WebGL presents only drawn frames).
  if (!app.viewer->redraw_due()) return;
  app.viewer->render_scene(width_px, height_px);
  app.ui.draw(*ImGui::GetDrawData(), width_px, height_px);

  // Ready once a full frame has been presented (the second draw follows the first swap).
  if (++app.frames == 2) hs::wasm::js_notify_ready();
}

// Result of a state load as JSON for JavaScript: {"ok":bool,"errors":[...],"warnings":[...]}.
const char* reply_for(App& app, const hs::StateLoad& load) {
  hs::json::Array errors;
  if (!load.error.empty()) errors.emplace_back(load.error);
  for (const auto& e : load.report.errors) errors.emplace_back(e);
  hs::json::Array warnings;
  for (const auto& w : load.report.warnings) warnings.emplace_back(w);
  hs::json::Object reply;
  reply.emplace_back("ok", hs::json::Value(load.error.empty() && load.report.errors.empty()));
  reply.emplace_back("errors", hs::json::Value(std::move(errors)));
  reply.emplace_back("warnings", hs::json::Value(std::move(warnings)));
  app.reply = hs::json::write(hs::json::Value(std::move(reply)));
  return app.reply.c_str();
}

void glfw_error(int code, const char* description) {
  emscripten_log(EM_LOG_ERROR, "GLFW error %d: %s", code, description);
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* hs_version() { return hs::kVersion; }

EMSCRIPTEN_KEEPALIVE const char* hs_get_state() {
  g_app->reply = g_app->viewer->state_json();
  return g_app->reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* hs_set_state(const char* json_text) {
  return reply_for(*g_app, g_app->viewer->load_state_json(json_text, "setState"));
}

// A view-state document fetched by the page (?state=URL); `source` (its URL) names it in messages.
EMSCRIPTEN_KEEPALIVE const char* hs_load_state_document(const char* source, const char* json_text) {
  return reply_for(*g_app, g_app->viewer->load_state_json(json_text, source));
}

// A problem the page found (e.g. a ?state= URL that failed), shown in the viewer's messages.
EMSCRIPTEN_KEEPALIVE void hs_report_error(const char* text) { g_app->viewer->report_error(text); }

EMSCRIPTEN_KEEPALIVE const char* hs_load_url_hash(const char* hash) {
  return reply_for(*g_app, g_app->viewer->load_url_hash(hash));
}

EMSCRIPTEN_KEEPALIVE void hs_add_network_bytes(double bytes) { g_app->network_bytes += bytes; }

// Data worker replies (see web/heteroscope-page.js).
EMSCRIPTEN_KEEPALIVE void hs_dataset_progress(int id, double fraction) { g_app->viewer->dataset_progress(id, fraction); }
EMSCRIPTEN_KEEPALIVE void hs_dataset_done(int id, const char* reply) { g_app->viewer->dataset_done(id, reply); }
// A brick read by a data worker: `data` (malloc'd by the page, freed by it after this call) holds
// `size` bytes, or `error` says why not (`transient`: a network error or 5xx worth retrying).
EMSCRIPTEN_KEEPALIVE void hs_brick_done(const char* key, const char* error, int transient, const std::uint8_t* data,
                                        double size) {
  hs::Status status;
  if (error[0] != '\0') status = hs::make_error(transient ? hs::ErrorCode::unavailable : hs::ErrorCode::io, error);
  hs::Bytes brick(data, data + static_cast<std::size_t>(size));
  g_app->viewer->brick_done(key, status, std::move(brick), ImGui::GetTime());  // the viewer's clock
}
// Files the page is about to hand to a data worker: returns the new dataset's id.
EMSCRIPTEN_KEEPALIVE void hs_analysis_progress(const char* op, double fraction) {
  g_app->viewer->analysis_progress(op, fraction);
}
EMSCRIPTEN_KEEPALIVE void hs_analysis_done(const char* op, const char* reply) { g_app->viewer->analysis_done(op, reply); }
EMSCRIPTEN_KEEPALIVE int hs_run_apt_analysis(int index) {
  return index >= 0 && g_app->viewer->run_apt_analysis(static_cast<std::size_t>(index)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* hs_get_apt_analysis() {
  g_app->reply = g_app->viewer->apt_analysis_json();
  return g_app->reply.c_str();
}
// Starts a segmentation of dataset entries()[index] as the Analysis panel does; 0 when it is no image.
EMSCRIPTEN_KEEPALIVE int hs_run_analysis(int index) {
  return index >= 0 && g_app->viewer->run_analysis(static_cast<std::size_t>(index)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* hs_get_analysis() {
  g_app->reply = g_app->viewer->analysis_json();
  return g_app->reply.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* hs_load_ranges(const char* name, const char* text) {
  g_app->reply = g_app->viewer->load_ranges(name, text);
  return g_app->reply.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* hs_get_spectrum(int index) {
  g_app->reply = g_app->viewer->spectrum_json(static_cast<std::size_t>(std::max(index, 0)));
  return g_app->reply.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* hs_load_tour(const char* source, const char* text) {
  g_app->reply = g_app->viewer->load_tour(text, source);
  return g_app->reply.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* hs_get_tour() {
  g_app->reply = g_app->viewer->tour_json();
  return g_app->reply.c_str();
}
EMSCRIPTEN_KEEPALIVE int hs_begin_local_dataset(const char* names) { return g_app->viewer->begin_local_dataset(names); }
EMSCRIPTEN_KEEPALIVE const char* hs_get_datasets() {
  g_app->reply = g_app->viewer->datasets_json();
  return g_app->reply.c_str();
}

// Two-finger gesture from the page's touch handling (see web/heteroscope-page.js).
EMSCRIPTEN_KEEPALIVE void hs_pinch(double scale, double dx_css, double dy_css) {
  const double dpr = g_app->device_pixel_ratio > 0 ? g_app->device_pixel_ratio : 1.0;
  hs::camera_pinch(g_app->viewer->camera(), scale, dx_css * dpr, dy_css * dpr, g_app->viewer->view_height_px());
}

}  // extern "C"

int main() {
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    hs::wasm::js_fail("the window system (GLFW) failed to initialise.");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  static App app;
  g_app = &app;
  app.window = glfwCreateWindow(1280, 800, "Heteroscope", nullptr, nullptr);
  if (app.window == nullptr) {
    hs::wasm::js_fail("a WebGL2 context could not be created on the page's canvas.");
    return 1;
  }
  glfwMakeContextCurrent(app.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // panel layout lives in the view state, not in local files
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 4.0f;
  ImGui::GetStyle().FrameRounding = 3.0f;
  app.base_style = ImGui::GetStyle();
  ImGui_ImplGlfw_InitForOpenGL(app.window, true);
  if (const hs::Status status = app.ui.init(); !status) {
    hs::wasm::js_fail(status.error().message.c_str());
    return 1;
  }

  app.viewer = std::make_unique<hs::Viewer>(hs::PlatformHooks{
      [](const std::string& hash) { hs::wasm::js_replace_url_hash(hash.c_str()); },
      [](const std::string& hash) { hs::wasm::js_copy_link(hash.c_str()); },
      hs::DatasetHooks{
          [](int id, const std::string& source) { hs::wasm::js_open_dataset_url(id, source.c_str()); },
          [](int id) { hs::wasm::js_close_dataset(id); },
      },
      // A worker cannot be interrupted mid-read: cancelled reads finish and are dropped.
      hs::BrickStreamerHooks{
          [](const std::string& key, const hs::BrickRequest& request) {
            std::string coords;
            for (std::size_t i = 0; i < request.coords.size(); ++i) {
              coords += (i ? "," : "") + std::to_string(request.coords[i]);
            }
            hs::wasm::js_start_brick(key.c_str(), request.dataset_id, request.array.c_str(), coords.c_str());
          },
          nullptr,
      },
      [] { hs::wasm::js_pick_files(); },
      [](const std::string& text) { hs::wasm::js_announce(text.c_str()); },
      hs::AnalysisHooks{
          [](const std::string& op, int id, const std::string& request) {
            hs::wasm::js_start_analysis(op.c_str(), id, request.c_str());
          },
          [](const std::string& op) { hs::wasm::js_cancel_analysis(op.c_str()); },
      },
      [](const std::string& file_name, const std::string& text) {
        hs::wasm::js_download(file_name.c_str(), text.c_str());
      },
      [](const std::string& url) { hs::wasm::js_fetch_ranges(url.c_str()); },
      [](const std::string& url) { hs::wasm::js_open_state_url(url.c_str()); },
      [](const std::string& url) { hs::wasm::js_open_tour(url.c_str()); },
      [] { hs::wasm::js_toggle_fullscreen(); },
  });
  if (const hs::Status status = app.viewer->init(); !status) {
    hs::wasm::js_fail(status.error().message.c_str());
    return 1;
  }
  app.last_time_s = emscripten_get_now() / 1000.0;
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
