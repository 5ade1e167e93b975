// Calls from C++ into the page's JavaScript (web/heteroscope.js), declared once for the wasm layer.
#pragma once

namespace hs::wasm {

void js_replace_url_hash(const char* hash);  // history.replaceState with this fragment
void js_copy_link(const char* hash);          // clipboard <- page URL with this fragment
void js_notify_ready();                       // resolves window.heteroscope.ready
void js_fail(const char* message);
// Sets the canvas backing store and tells GLFW, without glfwSetWindowSize's fullscreen request
// (it asks for fullscreen and pointer lock when the size equals the screen's).
void js_set_canvas_size(int width_px, int height_px);            // shows the error page and rejects ready

}  // namespace hs::wasm
