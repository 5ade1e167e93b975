// Point store tables: gathered brick by brick, decoded once whole.
#include "data/point_tables.h"

#include <algorithm>

#include "points/point_store.h"
#include "util/bytes.h"

namespace hs {
namespace {

// Ahead of every ion row (those want at most 1): nothing is drawn without the node table.
constexpr double kTablePriority = 2.0;

// Wants bricks [0, ceil(rows / brick_rows)) of `array` that are not in `bricks` yet; true when
// all are there. A brick that failed for good sets `error`.
bool gather(int dataset_id, std::string_view array, std::uint64_t rows, std::uint64_t brick_rows, bool two_d,
            std::map<std::uint64_t, std::shared_ptr<const Bytes>>& bricks, BrickStreamer& streamer,
            std::string& error) {
  const std::uint64_t count = (rows + brick_rows - 1) / brick_rows;
  for (std::uint64_t b = 0; b < count; ++b) {
    if (bricks.count(b) != 0) continue;
    BrickRequest request{dataset_id, std::string(array), {b}};
    if (two_d) request.coords.push_back(0);
    if (const Error* failure = streamer.failure(request)) {
      error = failure->message;
      return false;
    }
    if (auto brick = streamer.want(request, kTablePriority)) bricks.emplace(b, std::move(brick));
  }
  return bricks.size() == count;
}

// The first `rows` × `row_bytes` bytes of the concatenated bricks (each brick_rows rows long).
std::vector<std::uint8_t> concatenate(const std::map<std::uint64_t, std::shared_ptr<const Bytes>>& bricks,
                                      std::uint64_t rows, std::uint64_t brick_rows, std::size_t row_bytes) {
  std::vector<std::uint8_t> out(rows * row_bytes);
  for (const auto& [b, brick] : bricks) {
    const std::uint64_t first = b * brick_rows;
    const std::uint64_t n = std::min(brick_rows, rows - first);
    std::copy_n(brick->begin(), std::min<std::size_t>(brick->size(), n * row_bytes), out.begin() + first * row_bytes);
  }
  return out;
}

void load_nodes(const DatasetEntry& entry, PointTablesEntry& tables, BrickStreamer& streamer) {
  const std::size_t row_bytes = kNodeColumnCount * sizeof(double);
  if (tables.nodes || !tables.error.empty() ||
      !gather(entry.id, kNodesArray, entry.node_count, kNodeBrickRows, true, tables.node_bricks, streamer,
              tables.error)) {
    return;
  }
  const std::vector<std::uint8_t> bytes = concatenate(tables.node_bricks, entry.node_count, kNodeBrickRows, row_bytes);
  std::vector<double> values(entry.node_count * kNodeColumnCount);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = load_f64_le(bytes.data() + i * sizeof(double));
  auto nodes = decode_node_table(values, entry.points->ion_count, entry.points->cube, entry.source + "/nodes");
  if (nodes) {
    tables.nodes = std::move(*nodes);
  } else {
    tables.error = nodes.error().message;
  }
  tables.node_bricks.clear();
}

void load_spectrum(const DatasetEntry& entry, PointTablesEntry& tables, BrickStreamer& streamer) {
  if (tables.spectrum || !tables.spectrum_error.empty() ||
      !gather(entry.id, kSpectrumArray, entry.spectrum_bins, kPointBrickRows, false, tables.spectrum_bricks, streamer,
              tables.spectrum_error)) {
    return;
  }
  const std::vector<std::uint8_t> bytes =
      concatenate(tables.spectrum_bricks, entry.spectrum_bins, kPointBrickRows, sizeof(std::uint64_t));
  std::vector<std::uint64_t> counts(entry.spectrum_bins);
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = load_le<std::uint64_t>(bytes.data() + i * 8);
  tables.spectrum = std::move(counts);
  tables.spectrum_bricks.clear();
}

}  // namespace

void PointTables::update(const Datasets& datasets, BrickStreamer& streamer) {
  std::map<int, PointTablesEntry> kept;
  for (const DatasetEntry& entry : datasets.entries()) {
    if (!entry.points) continue;
    auto found = entries_.find(entry.id);
    PointTablesEntry tables = found != entries_.end() ? std::move(found->second) : PointTablesEntry{};
    load_nodes(entry, tables, streamer);
    load_spectrum(entry, tables, streamer);
    kept.emplace(entry.id, std::move(tables));
  }
  entries_ = std::move(kept);
}

const PointTablesEntry* PointTables::find(int dataset_id) const {
  const auto it = entries_.find(dataset_id);
  return it != entries_.end() ? &it->second : nullptr;
}

}  // namespace hs
