// The data worker module (heteroscope-data.js/.wasm, run by web/heteroscope-data-worker.js in a
// Web Worker): opens datasets from URLs or dropped files with the core's synchronous store code,
// and answers each job with a JSON reply. The stores it opened stay here, keyed by the main
// thread's dataset id, until it closes them.
#include <emscripten.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <memory>
#include <string>

#include "blob_source.h"
#include "dataset/dataset_summary.h"
#include "dataset/local_dataset.h"
#include "analysis/apt/apt_job.h"
#include "analysis/apt/apt_job_json.h"
#include "analysis/segment_job.h"
#include "json/json.h"
#include "store/http_store.h"
#include "store/zarr_array.h"
#include "xhr_transport.h"

// clang-format off
EM_JS(void, hs_js_post_progress, (int id, double fraction), {
  postMessage({ type: 'progress', id, fraction, networkBytes: self.hsNetworkBytes || 0 });
});
EM_JS(void, hs_js_post_analysis_progress, (double fraction), {
  postMessage({ type: 'analysis-progress', fraction, networkBytes: self.hsNetworkBytes || 0 });
});
// clang-format on

namespace {

struct Worker {
  std::map<int, std::unique_ptr<hs::ReadableStore>> stores;
  std::map<std::pair<int, std::string>, hs::ZarrArray> arrays;  // opened arrays keep their shard indexes
  hs::DecodeContext decode;
  hs::Bytes brick;    // the last brick read, until JavaScript has copied it
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

// One try per request: the main thread's schedulers retry transient failures with backoff, so a
// worker never sleeps while other reads wait.
std::unique_ptr<hs::ReadableStore> open_http(const char* url) {
  hs::HttpStoreOptions options;
  options.max_tries = 1;
  return std::make_unique<hs::HttpStore>(url, std::make_unique<hs::wasm::XhrTransport>(), options);
}

// The array `path` of dataset `id`, opening the dataset from `url` in this worker when another
// worker opened it ("" for dropped files, which only their own worker holds).
hs::Result<hs::ZarrArray*> array_of(int id, const char* url, const std::string& path) {
  Worker& w = worker();
  if (const auto it = w.arrays.find({id, path}); it != w.arrays.end()) return &it->second;
  auto store = w.stores.find(id);
  if (store == w.stores.end()) {
    if (url[0] == '\0') return hs::make_error(hs::ErrorCode::invalid_argument, "dataset " + std::to_string(id) + " is not open here");
    store = w.stores.emplace(id, open_http(url)).first;
  }
  auto array = hs::ZarrArray::open(*store->second, path);
  if (!array) return array.error();
  return &w.arrays.emplace(std::make_pair(id, path), std::move(*array)).first->second;
}

// "0,1,2" -> {0, 1, 2}; nullopt for anything else.
std::optional<std::vector<std::uint64_t>> parse_coords(std::string_view text) {
  std::vector<std::uint64_t> coords;
  while (!text.empty()) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc()) return std::nullopt;
    coords.push_back(value);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (!text.empty() && text.front() == ',') text.remove_prefix(1);
  }
  return coords;
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
                {"notes", hs::json::Value(std::move(note_list))},
                {"documents", hs::json::Value(std::move(summary->documents))}});
}

// Progress of an analysis posted to the page, at most once per percent.
hs::AnalysisControl posting_control() {
  hs::AnalysisControl control;
  control.progress = [last_posted = std::make_shared<double>(-1.0)](double fraction) {
    if (fraction - *last_posted < 0.01 && fraction < 1.0) return;
    *last_posted = fraction;
    hs_js_post_analysis_progress(fraction);
  };
  return control;
}

}  // namespace

extern "C" {

// Opens the Zarr dataset at an absolute http(s) URL (the page resolves relative ones).
EMSCRIPTEN_KEEPALIVE const char* hs_data_open_url(int id, const char* url) {
  return reply_opened(id, open_http(url), url, {});
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

// Reads and decodes one brick; on success returns "" and leaves the brick at hs_data_brick() for
// hs_data_brick_size() bytes, else returns an error reply.
EMSCRIPTEN_KEEPALIVE const char* hs_data_read_brick(int id, const char* url, const char* array_path,
                                                    const char* coords_text) {
  Worker& w = worker();
  w.brick.clear();
  auto array = array_of(id, url, array_path);
  if (!array) return reply_error(array.error());
  const auto coords = parse_coords(coords_text);
  if (!coords) return reply_error(hs::make_error(hs::ErrorCode::invalid_argument, "bad brick coordinates"));
  auto brick = (*array)->read_brick(*coords, w.decode);
  if (!brick) return reply_error(brick.error());
  w.brick = std::move(*brick);
  w.reply.clear();
  return w.reply.c_str();
}
EMSCRIPTEN_KEEPALIVE const std::uint8_t* hs_data_brick() { return worker().brick.data(); }
EMSCRIPTEN_KEEPALIVE double hs_data_brick_size() { return static_cast<double>(worker().brick.size()); }

// Segments the image at `url`: `request_json` is {"recipe": {...}, "budget_mib": N} (both
// optional). Replies {"ok": true, "result": <run_segment_job's reply>} or an error; progress goes
// out as 'analysis-progress' messages. The page cancels by terminating the worker.
EMSCRIPTEN_KEEPALIVE const char* hs_data_segment(int, const char* url, const char* request_json) {
  auto request = hs::json::parse(request_json, "analysis request");
  if (!request || !request->is_object()) return reply_error(hs::make_error(hs::ErrorCode::parse, "analysis request: not a JSON object"));
  hs::SegmentJob job;
  if (const hs::json::Value* recipe = request->find("recipe")) {
    auto parsed = hs::recipe_from_json(*recipe, "analysis recipe");
    if (!parsed) return reply_error(parsed.error());
    job.recipe = *parsed;
  }
  if (const hs::json::Value* budget = request->find("budget_mib"); budget && budget->is_number()) {
    job.budget_bytes = static_cast<std::uint64_t>(std::clamp(budget->as_number(), 1.0, 1024.0)) << 20;
  }
  const auto store = open_http(url);
  const hs::AnalysisControl control = posting_control();
  auto result = hs::run_segment_job(*store, url, job, &control);
  if (!result) return reply_error(result.error());
  return reply({{"ok", true}, {"result", std::move(*result)}});
}

// Runs an atom probe analysis on the point store at `url`: `request_json` is {"job": apt job
// JSON (apt_job_json.h)}. Replies {"ok": true, "result": <run_apt_job's reply>} or an error;
// progress and cancelling as for hs_data_segment.
EMSCRIPTEN_KEEPALIVE const char* hs_data_apt(int, const char* url, const char* request_json) {
  auto request = hs::json::parse(request_json, "atom probe analysis request");
  const hs::json::Value* job_json = request && request->is_object() ? request->find("job") : nullptr;
  if (job_json == nullptr) {
    return reply_error(hs::make_error(hs::ErrorCode::parse, "atom probe analysis request: no \"job\" object"));
  }
  auto job = hs::apt_job_from_json(*job_json, "atom probe analysis");
  if (!job) return reply_error(job.error());
  const auto store = open_http(url);
  const hs::AnalysisControl control = posting_control();
  auto result = hs::run_apt_job(*store, url, *job, &control);
  if (!result) return reply_error(result.error());
  return reply({{"ok", true}, {"result", std::move(*result)}});
}

EMSCRIPTEN_KEEPALIVE void hs_data_close(int id) {
  Worker& w = worker();
  w.stores.erase(id);
  std::erase_if(w.arrays, [id](const auto& entry) { return entry.first.first == id; });
}

}  // extern "C"

int main() { return 0; }
