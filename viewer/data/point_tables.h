// The two small tables of each open point store that the viewer keeps whole: the octree node
// table (which rows to draw for a view) and the mass spectrum (the Points panel). Both stream
// through the brick streamer ahead of any ion rows, and are decoded and validated once complete.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/datasets.h"
#include "points/octree_node.h"
#include "volume/brick_streamer.h"

namespace hs {

struct PointTablesEntry {
  std::optional<std::vector<OctreeNode>> nodes;  // once every brick arrived and the table is valid
  std::optional<std::vector<std::uint64_t>> spectrum;  // ions per 0.01 Da bin
  std::string error;           // why the node table cannot be used (nothing is drawn)
  std::string spectrum_error;  // why the spectrum cannot be shown
  // Bricks received so far, kept until their table is complete.
  std::map<std::uint64_t, std::shared_ptr<const Bytes>> node_bricks, spectrum_bricks;
};

class PointTables {
 public:
  // Asks the streamer for the missing bricks of every point store among `datasets`; forgets
  // the stores that closed.
  void update(const Datasets& datasets, BrickStreamer& streamer);
  const PointTablesEntry* find(int dataset_id) const;

 private:
  std::map<int, PointTablesEntry> entries_;
};

}  // namespace hs
