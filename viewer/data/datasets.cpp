// Dataset entries: matching them to the state's layers, and reading the data worker's replies.
#include "data/datasets.h"

#include <algorithm>
#include <utility>

#include "json/json.h"

namespace hs {

namespace {

std::string open_key(int id) { return "open/" + std::to_string(id); }

// shape[0] of the array document at `path` among the reply's documents; 0 when absent or odd
// (its reader then finds nothing to read and says so).
std::uint64_t leading_extent(const json::Value& documents, std::string_view path) {
  if (!documents.is_object()) return 0;
  for (const auto& [p, document] : documents.as_object()) {
    if (p != path) continue;
    const json::Value* shape = document.find("shape");
    if (!shape || !shape->is_array() || shape->as_array().empty() || !shape->as_array()[0].is_number()) return 0;
    const double extent = shape->as_array()[0].as_number();
    return extent >= 0 && extent < 9.0e15 ? static_cast<std::uint64_t>(extent) : 0;
  }
  return 0;
}

}  // namespace

void Datasets::sync(const std::vector<LayerState>& layers, double now_s, const DatasetHooks& hooks) {
  std::vector<DatasetEntry> next;
  std::vector<bool> taken(entries_.size(), false);
  for (const LayerState& layer : layers) {
    bool found = false;
    for (std::size_t e = 0; e < entries_.size() && !found; ++e) {
      if (taken[e] || entries_[e].local || entries_[e].source != layer.source) continue;
      taken[e] = found = true;
      next.push_back(std::move(entries_[e]));
    }
    if (found) continue;
    DatasetEntry entry;
    entry.id = next_id_++;
    entry.source = layer.source;
    next.push_back(std::move(entry));
  }
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    if (taken[e]) continue;
    if (entries_[e].local) {
      next.push_back(std::move(entries_[e]));
    } else if (hooks.close) {
      hooks.close(entries_[e].id);
    }
  }
  entries_ = std::move(next);

  // Opening goes through the scheduler: a few at a time, retried after transient failures, and
  // dropped when the layer is removed before its turn.
  opens_.begin_frame();
  for (const DatasetEntry& entry : entries_) {
    if (!entry.local && entry.status == DatasetStatus::opening) opens_.want(open_key(entry.id), 1.0);
  }
  for (const std::string& key : opens_.start_ready(now_s)) {
    const int id = std::stoi(key.substr(5));
    if (const DatasetEntry* entry = find(id); entry && hooks.open_url) hooks.open_url(id, entry->source);
  }
  (void)opens_.take_cancelled();
}

int Datasets::begin_local(std::string names) {
  DatasetEntry entry;
  entry.id = next_id_++;
  entry.source = std::move(names);
  entry.local = true;
  entries_.push_back(std::move(entry));
  return entries_.back().id;
}

void Datasets::remove_local(int id, const DatasetHooks& hooks) {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [id](const DatasetEntry& e) { return e.id == id; });
  if (it == entries_.end() || !it->local) return;
  if (hooks.close) hooks.close(id);
  entries_.erase(it);
}

DatasetEntry* Datasets::find(int id) {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [id](const DatasetEntry& e) { return e.id == id; });
  return it == entries_.end() ? nullptr : &*it;
}

void Datasets::set_progress(int id, double fraction) {
  if (DatasetEntry* entry = find(id); entry && entry->status == DatasetStatus::opening) {
    entry->progress = std::clamp(fraction, 0.0, 1.0);
  }
}

const DatasetEntry* Datasets::finish(int id, std::string_view reply, double now_s) {
  DatasetEntry* entry = find(id);
  auto doc = json::parse(reply, "data worker reply");
  if (entry != nullptr && !entry->local && doc && doc->find("ok") && doc->find("ok")->is_bool()) {
    Status status;
    if (!doc->find("ok")->as_bool()) {
      const json::Value* error = doc->find("error");
      const json::Value* transient = doc->find("transient");
      status = make_error(transient && transient->is_bool() && transient->as_bool() ? ErrorCode::unavailable : ErrorCode::io,
                          error && error->is_string() ? error->as_string() : std::string("failed"));
    }
    const FinishResult result = opens_.finish(open_key(id), status, now_s);
    if (result.action == RequestAction::retry || result.action == RequestAction::discard) return nullptr;
    if (result.action == RequestAction::failed) {
      entry->status = DatasetStatus::failed;
      entry->error = result.failure ? result.failure->message : status.error().message;
      return entry;
    }
  }
  if (entry == nullptr) return nullptr;
  entry->progress = -1.0;
  const json::Value* ok = doc ? doc->find("ok") : nullptr;
  if (!ok || !ok->is_bool()) {
    entry->status = DatasetStatus::failed;
    entry->error = entry->source + ": the data worker gave an unreadable reply";
    return entry;
  }
  const auto text = [&](const char* key) {
    const json::Value* v = doc->find(key);
    return v && v->is_string() ? v->as_string() : std::string();
  };
  if (!ok->as_bool()) {
    entry->status = DatasetStatus::failed;
    entry->error = text("error");
    return entry;
  }
  entry->status = DatasetStatus::ready;
  entry->kind = text("kind");
  entry->title = text("title");
  entry->details = text("details");
  if (const json::Value* notes = doc->find("notes"); notes && notes->is_array()) {
    for (const json::Value& n : notes->as_array()) {
      if (n.is_string()) entry->notes.push_back(n.as_string());
    }
  }
  const json::Value* documents = doc->find("documents");
  const json::Value* root = nullptr;
  if (documents && documents->is_object()) {
    for (const auto& [path, document] : documents->as_object()) {
      if (path.empty()) root = &document;
    }
  }
  const json::Value* attributes = root ? root->find("attributes") : nullptr;
  const json::Value* heteroscope = attributes ? attributes->find("heteroscope") : nullptr;
  if (entry->kind == "points" && heteroscope) {
    auto points = parse_point_store_attributes(*heteroscope, entry->source);
    if (points) {
      entry->points = std::move(*points);
      entry->node_count = leading_extent(*documents, kNodesArray);
      entry->spectrum_bins = leading_extent(*documents, kSpectrumArray);
    } else {
      entry->notes.push_back("cannot be drawn: " + points.error().message);
    }
  }
  if (entry->kind == "image" && documents && documents->is_object()) {
    auto layout = read_image_layout(documents->as_object(), entry->source, entry->notes);
    if (layout) {
      entry->image = std::move(*layout);
    } else {
      entry->notes.push_back("cannot be drawn: " + layout.error().message);
    }
  }
  return entry;
}

std::string dataset_short_name(const std::string& source) {
  std::string s = source;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  const std::size_t slash = s.find_last_of('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

const char* dataset_status_name(DatasetStatus status) {
  switch (status) {
    case DatasetStatus::opening: return "opening";
    case DatasetStatus::ready: return "ready";
    case DatasetStatus::failed: return "failed";
  }
  return "failed";
}

std::string Datasets::to_json() const {
  json::Array list;
  for (const DatasetEntry& e : entries_) {
    json::Array notes;
    for (const auto& n : e.notes) notes.emplace_back(n);
    list.emplace_back(json::Object{{"id", json::Value(e.id)},
                                   {"source", json::Value(e.source)},
                                   {"local", json::Value(e.local)},
                                   {"status", json::Value(dataset_status_name(e.status))},
                                   {"progress", json::Value(e.progress)},
                                   {"kind", json::Value(e.kind)},
                                   {"title", json::Value(e.title)},
                                   {"details", json::Value(e.details)},
                                   {"error", json::Value(e.error)},
                                   {"notes", json::Value(std::move(notes))},
                                   {"bricks_resident", json::Value(static_cast<double>(e.bricks_resident))},
                                   {"bricks_total", json::Value(static_cast<double>(e.bricks_total))},
                                   {"points_drawn", json::Value(static_cast<double>(e.points_drawn))},
                                   {"points_wanted", json::Value(static_cast<double>(e.points_wanted))}});
  }
  return json::write(json::Value(std::move(list)));
}

}  // namespace hs
