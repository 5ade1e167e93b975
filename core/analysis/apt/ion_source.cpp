// Reading the ions of a point store inside an ROI, node by node and brick by brick.
#include "analysis/apt/ion_source.h"

#include <algorithm>
#include <array>

#include "store/group_metadata.h"
#include "store/node.h"

namespace hs {
namespace {

std::string child_path(std::string_view path, std::string_view child) {
  return path.empty() ? std::string(child) : std::string(path) + "/" + std::string(child);
}

Error format_error(const std::string& name, std::string_view array, const std::string& problem) {
  return make_error(ErrorCode::parse, name + "/" + std::string(array) + ": " + problem);
}

// Opens a row array of `columns` float32 values per row (1: shape [N], else [N, columns]).
Result<std::unique_ptr<ZarrArray>> open_row_array(ReadableStore& store, std::string_view path,
                                                  std::string_view array_name, std::uint64_t rows,
                                                  std::uint64_t columns, const std::string& name) {
  auto array = ZarrArray::open(store, child_path(path, array_name));
  if (!array) return array.error();
  const ArrayMetadata& m = array->metadata();
  const bool shape_ok = columns == 1 ? m.shape.size() == 1 && m.shape[0] == rows
                                     : m.shape.size() == 2 && m.shape[0] == rows && m.shape[1] == columns;
  if (m.data_type != DataType::float32 || !shape_ok) {
    return format_error(
        name, array_name,
        "not a float32 array of " + std::to_string(rows) + " rows × " + std::to_string(columns));
  }
  if (array->brick_shape().empty() || array->brick_shape()[0] == 0 ||
      (columns > 1 && array->brick_shape()[1] != columns)) {
    return format_error(name, array_name, "bricks must hold whole rows");
  }
  return std::make_unique<ZarrArray>(std::move(*array));
}

// A run of rows to test against the ROI.
struct RowRange {
  std::uint64_t begin = 0, end = 0;
};

// Tests the ions of `ranges` (all within one region read at row `base`) and appends those inside.
template <typename Inside>
void keep_inside(std::span<const RowRange> ranges, std::uint64_t base, std::span<const float> xyz,
                 std::span<const float> mass, Inside inside, std::vector<std::uint64_t>& rows,
                 std::vector<float>& out_xyz, std::vector<float>& out_mass) {
  for (const RowRange& r : ranges) {
    for (std::uint64_t row = r.begin; row < r.end; ++row) {
      const std::size_t i = static_cast<std::size_t>(row - base);
      const float x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
      if (!inside(x, y, z)) continue;
      rows.push_back(row);
      out_xyz.insert(out_xyz.end(), {x, y, z});
      out_mass.push_back(mass[i]);
    }
  }
}

}  // namespace

Result<std::vector<OctreeNode>> read_point_store_nodes(ReadableStore& store, std::string_view path,
                                                       const PointStoreAttributes& attributes,
                                                       const std::string& name) {
  auto array = ZarrArray::open(store, child_path(path, kNodesArray));
  if (!array) return array.error();
  const ArrayMetadata& m = array->metadata();
  if (m.data_type != DataType::float64 || m.shape.size() != 2 || m.shape[1] != kNodeColumnCount ||
      m.shape[0] > std::min(attributes.ion_count, kMaxNodeCount)) {
    return format_error(
        name, kNodesArray,
        "not an M×16 float64 node table for " + std::to_string(attributes.ion_count) + " ions");
  }
  std::vector<double> values(static_cast<std::size_t>(m.shape[0] * kNodeColumnCount));
  DecodeContext context;
  const std::array<std::uint64_t, 2> start = {0, 0};
  if (Status s = array->read_region(
          start, m.shape, {reinterpret_cast<std::uint8_t*>(values.data()), values.size() * sizeof(double)},
          context);
      !s) {
    return s.error();
  }
  return decode_node_table(values, attributes.ion_count, attributes.cube,
                           name + "/" + std::string(kNodesArray));
}

Result<IonSource> IonSource::open(ReadableStore& store, std::string_view path, std::string name) {
  if (Status s = validate_node_path(path); !path.empty() && !s) return s.error();
  auto group = read_group_metadata(store, path);
  if (!group) return group.error();
  if (name.empty()) {
    name = store.describe(path);
    if (name.ends_with('/')) name.pop_back();
  }
  const json::Value* heteroscope = nullptr;
  for (const json::Member& m : group->attributes) {
    if (m.first == "heteroscope") heteroscope = &m.second;
  }
  if (heteroscope == nullptr) {
    return make_error(ErrorCode::parse, name + ": not a point store (no attributes.heteroscope)");
  }
  IonSource source;
  source.name_ = name;
  auto attributes = parse_point_store_attributes(*heteroscope, name + "/zarr.json");
  if (!attributes) return attributes.error();
  source.attributes_ = std::move(*attributes);
  auto nodes = read_point_store_nodes(store, path, source.attributes_, name);
  if (!nodes) return nodes.error();
  source.nodes_ = std::move(*nodes);
  const std::uint64_t n = source.attributes_.ion_count;
  auto position = open_row_array(store, path, kPositionArray, n, 3, name);
  if (!position) return position.error();
  auto mass = open_row_array(store, path, kMassArray, n, 1, name);
  if (!mass) return mass.error();
  source.position_ = std::move(*position);
  source.mass_ = std::move(*mass);
  // Regions follow the coarser of the two arrays' bricks, so each brick is decoded once.
  source.brick_rows_ = std::max(source.position_->brick_shape()[0], source.mass_->brick_shape()[0]);
  return source;
}

Status IonSource::use_ranges(RangeTable table) {
  if (Status s = validate_range_table(table, name_ + ": ranges"); !s) return s;
  attributes_.ranges = std::move(table);
  return {};
}

std::uint64_t IonSource::candidate_rows(const IonRoi* roi) const {
  std::uint64_t rows = 0;
  for (const OctreeNode& node : nodes_) {
    if (roi == nullptr || roi->may_intersect(node.min_nm, node.max_nm)) rows += node.row_count;
  }
  return rows;
}

Status IonSource::for_each_block(const IonRoi* roi, const BlockVisitor& visit,
                                 const AnalysisControl* control) const {
  // Row ranges of the candidate nodes, adjacent ones merged, then cut at brick boundaries.
  std::vector<RowRange> pieces;
  std::uint64_t total = 0;
  for (const OctreeNode& node : nodes_) {
    if (node.row_count == 0 || (roi != nullptr && !roi->may_intersect(node.min_nm, node.max_nm))) continue;
    total += node.row_count;
    std::uint64_t begin = node.row_start;
    const std::uint64_t end = node.row_start + node.row_count;
    if (!pieces.empty() && pieces.back().end == begin && (begin % brick_rows_) != 0) {
      const std::uint64_t brick_end = (begin / brick_rows_ + 1) * brick_rows_;
      pieces.back().end = std::min(end, brick_end);
      begin = pieces.back().end;
    }
    while (begin < end) {
      const std::uint64_t brick_end = (begin / brick_rows_ + 1) * brick_rows_;
      pieces.push_back({begin, std::min(end, brick_end)});
      begin = pieces.back().end;
    }
  }
  StepProgress progress(control, total);
  if (!progress.update(0)) return cancelled_error("apt: reading ions");
  DecodeContext context;
  std::vector<float> xyz, mass, out_xyz, out_mass;
  std::vector<std::uint64_t> rows;
  std::uint64_t done = 0;
  for (std::size_t first = 0; first < pieces.size();) {
    // The pieces of one brick: read from the first one's start to the last one's end.
    const std::uint64_t brick = pieces[first].begin / brick_rows_;
    std::size_t last = first + 1;
    while (last < pieces.size() && pieces[last].begin / brick_rows_ == brick) ++last;
    const std::uint64_t base = pieces[first].begin, count = pieces[last - 1].end - base;
    xyz.resize(static_cast<std::size_t>(3 * count));
    mass.resize(static_cast<std::size_t>(count));
    const std::array<std::uint64_t, 2> start2 = {base, 0}, shape2 = {count, 3};
    const std::array<std::uint64_t, 1> start1 = {base}, shape1 = {count};
    if (Status s = position_->read_region(
            start2, shape2, {reinterpret_cast<std::uint8_t*>(xyz.data()), xyz.size() * sizeof(float)},
            context);
        !s) {
      return s;
    }
    if (Status s = mass_->read_region(
            start1, shape1, {reinterpret_cast<std::uint8_t*>(mass.data()), mass.size() * sizeof(float)},
            context);
        !s) {
      return s;
    }
    rows.clear();
    out_xyz.clear();
    out_mass.clear();
    const std::span<const RowRange> group(pieces.data() + first, last - first);
    if (roi == nullptr) {
      keep_inside(
          group, base, xyz, mass, [](float, float, float) { return true; }, rows, out_xyz, out_mass);
    } else {
      std::visit(
          [&](const auto& shape) {
            keep_inside(
                group, base, xyz, mass, [&](float x, float y, float z) { return shape.contains(x, y, z); },
                rows, out_xyz, out_mass);
          },
          roi->shape);
    }
    if (Status s = visit(IonBlock{rows, out_xyz, out_mass}); !s) return s;
    for (std::size_t p = first; p < last; ++p) done += pieces[p].end - pieces[p].begin;
    if (!progress.update(done)) return cancelled_error("apt: reading ions");
    first = last;
  }
  return {};
}

}  // namespace hs
