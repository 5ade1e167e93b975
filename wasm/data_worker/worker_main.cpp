// The data worker module (heteroscope-data.js/.wasm, run by web/heteroscope-data-worker.js in a
// Web Worker): opens datasets from URLs or dropped files with the core's synchronous store code,
// and answers each job with a JSON reply. The stores it opened stay here, keyed by the main
// thread's dataset id, until it closes them.
#include <emscripten.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "blob_source.h"
#include "dataset/dataset_summary.h"
#include "dataset/local_dataset.h"
#include "json/json.h"
#include "store/http_store.h"
#include "xhr_transport.h"

// clang-format off
EM_JS(void, hs_js_post_progress, (int id, double fraction), {
  postMessage({ type: 'progress', id, fraction, networkBytes: self.hsNetworkBytes || 0 });
});
// clang-format on

namespace {

struct Worker {
  std::map<int, std::unique_ptr<hs::ReadableStore>> stores;
  std::string reply;  // storage of the last string handed to JavaScript
};

Worker& worker() {
  static Worker instance;
  return instance;
}

const char* reply(hs::json::Object members) {
  worker().reply = hs::json::write(hs::json::Value(std::move(members)));
  return worker().reply.c_str();
}

const char* reply_error(const hs::Error& error) {
  return reply({{"ok", false},
                {"error", error.message},
                {"transient", error.code == hs::ErrorCode::unavailable}});
}

// Describes the store and keeps it under `id`.
const char* reply_opened(int id, std::unique_ptr<hs::ReadableStore> store, const std::string& name,
                         std::vector<std::string> notes) {
  auto summary = hs::summarize_dataset(*store, name);
  if (!summary) return reply_error(summary.error());
  hs::json::Array note_list;
  for (auto& n : notes) note_list.emplace_back(std::move(n));
  for (auto& w : summary->warnings) note_list.emplace_back(std::move(w));
  worker().stores[id] = std::move(store);
  return reply({{"ok", true},
                {"kind", hs::dataset_kind_name(summary->kind)},
                {"title", summary->title},
                {"details", summary->details},
                {"notes", hs::json::Value(std::move(note_list))}});
}

}  // namespace

extern "C" {

// Opens the Zarr dataset at an absolute http(s) URL (the page resolves relative ones).
EMSCRIPTEN_KEEPALIVE const char* hs_data_open_url(int id, const char* url) {
  auto store = std::make_unique<hs::HttpStore>(url, std::make_unique<hs::wasm::XhrTransport>());
  return reply_opened(id, std::move(store), url, {});
}

// Opens files dropped together: `files_json` is [{"handle": H, "name": "run.pos"}, ...], each
// handle a key of the worker's self.hsFiles.
EMSCRIPTEN_KEEPALIVE const char* hs_data_open_files(int id, const char* files_json) {
  auto list = hs::json::parse(files_json, "dropped files");
  if (!list || !list->is_array()) return reply_error(hs::make_error(hs::ErrorCode::parse, "dropped files: bad list"));
  std::vector<std::unique_ptr<hs::ByteSource>> files;
  for (const hs::json::Value& f : list->as_array()) {
    const hs::json::Value* handle = f.find("handle");
    const hs::json::Value* name = f.find("name");
    if (!handle || !handle->is_number() || !name || !name->is_string()) {
      return reply_error(hs::make_error(hs::ErrorCode::parse, "dropped files: bad entry"));
    }
    files.push_back(std::make_unique<hs::wasm::BlobSource>(static_cast<int>(handle->as_number()), name->as_string()));
  }
  hs::LocalOpenOptions options;
  double last_posted = -1.0;
  options.progress = [id, &last_posted](double fraction) {
    if (fraction - last_posted < 0.01 && fraction < 1.0) return;  // at most a hundred messages
    last_posted = fraction;
    hs_js_post_progress(id, fraction);
  };
  auto opened = hs::open_local_dataset(std::move(files), options);
  if (!opened) return reply_error(opened.error());
  return reply_opened(id, std::move(opened->store), opened->name, std::move(opened->notes));
}

EMSCRIPTEN_KEEPALIVE void hs_data_close(int id) { worker().stores.erase(id); }

}  // extern "C"

int main() { return 0; }
