// Calls from C++ into the page's JavaScript (web/heteroscope-page.js), declared once for the wasm layer.
#pragma once

namespace hs::wasm {

void js_replace_url_hash(const char* hash);  // history.replaceState with this fragment
void js_copy_link(const char* hash);          // clipboard <- page URL with this fragment
void js_notify_ready();                       // resolves window.heteroscope.ready
void js_fail(const char* message);  // shows the error page and rejects ready
// Sets the canvas backing store and tells GLFW, without glfwSetWindowSize's fullscreen request
// (it asks for fullscreen and pointer lock when the size equals the screen's).
void js_set_canvas_size(int width_px, int height_px);
// Data worker jobs (web/heteroscope-page.js hands them to a worker; replies come back through
// hs_dataset_progress / hs_dataset_done).
void js_open_dataset_url(int id, const char* source);  // source: as in the state (relative or absolute)
void js_close_dataset(int id);
// Reads brick `coords` ("0,0,1,2,3") of array `array` of dataset `id`; the reply comes back
// through hs_brick_done(key, ...).
void js_start_brick(const char* key, int id, const char* array, const char* coords);
void js_pick_files();                 // opens the browser's file chooser
void js_announce(const char* text);   // writes the live region read by screen readers
void js_download(const char* file_name, const char* text);  // saves text as a file (browser download)
void js_fetch_ranges(const char* url);  // fetches a range file, then calls hs_load_ranges or reports
void js_open_state_url(const char* url);  // fetches a view state, then calls hs_load_state_document
void js_open_tour(const char* url);       // fetches a tour, then calls hs_load_tour; full screen
void js_toggle_fullscreen();              // enters or leaves the page's full-screen mode
// Runs analysis `op` ("segment": see hs_data_segment, "apt": hs_data_apt) on dataset `id` in the
// analysis worker of that op; progress and the reply come back through hs_analysis_progress /
// hs_analysis_done with the op. Cancelling terminates that worker.
void js_start_analysis(const char* op, int id, const char* request);
void js_cancel_analysis(const char* op);

}  // namespace hs::wasm
