// The datasets the scene has opened or is opening: one entry per layer of the view state (by its
// source URL) plus the files dropped onto the page, with what the data worker said about each
// (summary, notes, or the error). Opening and closing go through the platform's hooks; replies
// come back asynchronously.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "points/point_store.h"
#include "scene/view_state.h"
#include "store/request_scheduler.h"
#include "volume/image_layout.h"

namespace hs {

enum class DatasetStatus { opening, ready, failed };

struct DatasetEntry {
  int id = 0;
  std::string source;  // the layer's source, or the dropped files' names
  bool local = false;  // dropped files: not in the view state (a link cannot carry them)
  bool visible = true; // local entries only; layers keep theirs in the state
  ImageDisplay display; // local entries only, like `visible`
  PointDisplay point_display;  // local entries only, like `visible`
  DatasetStatus status = DatasetStatus::opening;
  double progress = -1.0;  // 0..1 while a dropped file converts; -1 when unknown
  std::string kind;        // "image", "points" or "array" once ready
  std::string title, details, error;
  std::vector<std::string> notes;
  std::optional<ImageLayout> image;  // images only: where the voxels are and how they are bricked
  std::optional<PointStoreAttributes> points;  // point stores only: ion count, bounds, ranges
  std::uint64_t node_count = 0;     // point stores: rows of the `nodes` table
  std::uint64_t spectrum_bins = 0;  // point stores: bins of the `spectrum` array
  std::uint64_t bricks_resident = 0;  // of the level drawn, set by the viewer each frame
  std::uint64_t bricks_total = 0;
  std::uint64_t points_drawn = 0;   // point stores: ions drawn this frame,
  std::uint64_t points_wanted = 0;  // and in the nodes chosen for the view
};

struct DatasetHooks {
  std::function<void(int id, const std::string& source)> open_url;
  std::function<void(int id)> close;
};

class Datasets {
 public:
  // Makes the entries follow the state's layers: opens sources without an entry (a few at a time,
  // retrying transient failures with backoff), closes entries whose layer is gone. Afterwards
  // entries()[i] belongs to layers[i] for i < layers.size(); the dropped files' entries follow.
  void sync(const std::vector<LayerState>& layers, double now_s, const DatasetHooks& hooks);
  // A new entry for files the page is about to hand to a worker; returns its id.
  int begin_local(std::string names);
  void remove_local(int id, const DatasetHooks& hooks);
  void set_progress(int id, double fraction);
  // Applies a worker's JSON reply; returns the entry, or nullptr when it was closed meanwhile or
  // the open will be tried again.
  const DatasetEntry* finish(int id, std::string_view reply, double now_s);

  const std::vector<DatasetEntry>& entries() const { return entries_; }
  DatasetEntry* find(int id);
  // The entries as JSON for the page's API (tests and scripts): id, source, status, kind, title,
  // details, error, notes, progress, bricks_resident, bricks_total, points_drawn, points_wanted.
  std::string to_json() const;

 private:
  std::vector<DatasetEntry> entries_;
  RequestScheduler opens_{RequestSchedulerOptions{4, 3, 0.5, 0.25, 20.0}};  // keys "open/<id>"
  int next_id_ = 1;
};

const char* dataset_status_name(DatasetStatus status);

// The last path segment of a URL or path, for lists and titles ("…/apt-nmc811.zarr/" -> "apt-nmc811.zarr").
std::string dataset_short_name(const std::string& source);

// Whether entries()[index] is shown: layers keep their visibility in the state, dropped files in
// their entry.
inline bool dataset_visible(const DatasetEntry& entry, std::size_t index, const std::vector<LayerState>& layers) {
  return index < layers.size() ? layers[index].visible : entry.visible;
}

// Where entries()[index] sits in the world: its layer's transform; dropped files stay where they are.
inline LayerTransform dataset_transform(std::size_t index, const std::vector<LayerState>& layers) {
  return index < layers.size() ? layers[index].transform : LayerTransform{};
}

// How entries()[index] is drawn when it is an image: from its layer, or its entry for dropped files.
inline const ImageDisplay& dataset_display(const DatasetEntry& entry, std::size_t index,
                                           const std::vector<LayerState>& layers) {
  return index < layers.size() ? layers[index].display : entry.display;
}
inline const PointDisplay& dataset_point_display(const DatasetEntry& entry, std::size_t index,
                                                 const std::vector<LayerState>& layers) {
  return index < layers.size() ? layers[index].points : entry.point_display;
}

}  // namespace hs
