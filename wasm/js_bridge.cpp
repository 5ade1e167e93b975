// Calls from C++ into the page's JavaScript. The page defines window.heteroscopeHost; strings cross
// as UTF-8 and are only ever used as data (URL fragment, clipboard text), never as markup or code.
#include "js_bridge.h"

#include <emscripten.h>

// clang-format off
EM_JS(void, hs_js_replace_url_hash, (const char* hash), {
  if (window.heteroscopeHost) window.heteroscopeHost.replaceUrlHash(UTF8ToString(hash));
});
EM_JS(void, hs_js_copy_link, (const char* hash), {
  if (window.heteroscopeHost) window.heteroscopeHost.copyLink(UTF8ToString(hash));
});
EM_JS(void, hs_js_notify_ready, (), {
  if (window.heteroscopeHost) window.heteroscopeHost.notifyReady();
});
EM_JS(void, hs_js_fail, (const char* message), {
  if (window.heteroscopeHost) window.heteroscopeHost.fail(UTF8ToString(message));
});
EM_JS(void, hs_js_set_canvas_size, (int width, int height), {
  Browser.setCanvasSize(width, height);
});
EM_JS(void, hs_js_open_dataset_url, (int id, const char* source), {
  if (window.heteroscopeHost) window.heteroscopeHost.openDatasetUrl(id, UTF8ToString(source));
});
EM_JS(void, hs_js_close_dataset, (int id), {
  if (window.heteroscopeHost) window.heteroscopeHost.closeDataset(id);
});
EM_JS(void, hs_js_start_brick, (const char* key, int id, const char* array, const char* coords), {
  if (window.heteroscopeHost) {
    window.heteroscopeHost.startBrick(UTF8ToString(key), id, UTF8ToString(array), UTF8ToString(coords));
  }
});
EM_JS(void, hs_js_start_analysis, (const char* op, int id, const char* request), {
  if (window.heteroscopeHost) window.heteroscopeHost.startAnalysis(UTF8ToString(op), id, UTF8ToString(request));
});
EM_JS(void, hs_js_cancel_analysis, (const char* op), {
  if (window.heteroscopeHost) window.heteroscopeHost.cancelAnalysis(UTF8ToString(op));
});
EM_JS(void, hs_js_pick_files, (), {
  if (window.heteroscopeHost) window.heteroscopeHost.pickFiles();
});
EM_JS(void, hs_js_announce, (const char* text), {
  if (window.heteroscopeHost) window.heteroscopeHost.announce(UTF8ToString(text));
});
EM_JS(void, hs_js_download, (const char* file_name, const char* text), {
  if (window.heteroscopeHost) window.heteroscopeHost.download(UTF8ToString(file_name), UTF8ToString(text));
});
EM_JS(void, hs_js_fetch_ranges, (const char* url), {
  if (window.heteroscopeHost) window.heteroscopeHost.fetchRanges(UTF8ToString(url));
});
EM_JS(void, hs_js_open_state_url, (const char* url), {
  if (window.heteroscopeHost) window.heteroscopeHost.openStateUrl(UTF8ToString(url));
});
EM_JS(void, hs_js_open_tour, (const char* url), {
  if (window.heteroscopeHost) window.heteroscopeHost.openTour(UTF8ToString(url));
});
EM_JS(void, hs_js_toggle_fullscreen, (), {
  if (window.heteroscopeHost) window.heteroscopeHost.toggleFullscreen();
});
// clang-format on

namespace hs::wasm {

void js_replace_url_hash(const char* hash) { hs_js_replace_url_hash(hash); }
void js_copy_link(const char* hash) { hs_js_copy_link(hash); }
void js_notify_ready() { hs_js_notify_ready(); }
void js_fail(const char* message) { hs_js_fail(message); }
void js_set_canvas_size(int width_px, int height_px) { hs_js_set_canvas_size(width_px, height_px); }
void js_open_dataset_url(int id, const char* source) { hs_js_open_dataset_url(id, source); }
void js_close_dataset(int id) { hs_js_close_dataset(id); }
void js_pick_files() { hs_js_pick_files(); }
void js_start_brick(const char* key, int id, const char* array, const char* coords) {
  hs_js_start_brick(key, id, array, coords);
}
void js_announce(const char* text) { hs_js_announce(text); }
void js_download(const char* file_name, const char* text) { hs_js_download(file_name, text); }
void js_fetch_ranges(const char* url) { hs_js_fetch_ranges(url); }
void js_open_state_url(const char* url) { hs_js_open_state_url(url); }
void js_open_tour(const char* url) { hs_js_open_tour(url); }
void js_toggle_fullscreen() { hs_js_toggle_fullscreen(); }
void js_start_analysis(const char* op, int id, const char* request) { hs_js_start_analysis(op, id, request); }
void js_cancel_analysis(const char* op) { hs_js_cancel_analysis(op); }

}  // namespace hs::wasm
