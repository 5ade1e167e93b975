// Streams every ion of a point store (not a display subset) that lies inside an ROI, for the atom
// probe analyses: opens the store (attributes, node table, position and mass arrays), skips the
// octree nodes whose cell cannot meet the ROI, and hands the ions inside to a visitor in blocks,
// in row order. Identical natively and in wasm; deterministic.
//
// Because every ion of every node that may meet the ROI is read, counts are exact: no node
// weighting (see the note on unbiased counts in points/point_store.h) is needed or applied.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/roi.h"
#include "points/point_store.h"
#include "store/store.h"
#include "store/zarr_array.h"
#include "util/result.h"

namespace hs {

// Ions of one block, parallel arrays in row order: rows[i] is the store row of ion i, its position
// xyz_nm[3i..3i+2] (nm) and its mass-to-charge mass_da[i] (Da). Valid during the visit only.
struct IonBlock {
  std::span<const std::uint64_t> rows;
  std::span<const float> xyz_nm;
  std::span<const float> mass_da;
  std::size_t size() const { return mass_da.size(); }
};

class IonSource {
 public:
  // Reads and validates the point store at node `path` of `store` ("" = the root): its
  // attributes.heteroscope, node table, and position (N×3 float32) and mass (N float32) arrays.
  // `store` is not owned and must outlive the source. `name` (default: the store's description
  // of the group) starts every error message.
  static Result<IonSource> open(ReadableStore& store, std::string_view path = "", std::string name = "");

  const std::string& name() const { return name_; }
  const PointStoreAttributes& attributes() const { return attributes_; }
  const RangeTable& ranges() const { return attributes_.ranges; }
  // Replaces the range table that every analysis of this source reads through ranges() (e.g.
  // ranges edited in the viewer and not saved to the store). Errors (messages start with name())
  // when `table` fails validate_range_table; the ranges are then left as they were.
  Status use_ranges(RangeTable table);
  std::span<const OctreeNode> nodes() const { return nodes_; }

  // Rows of the nodes whose cell may meet `roi` (all rows when roi is null): what a visit reads.
  std::uint64_t candidate_rows(const IonRoi* roi) const;

  // Calls `visit` with the ions inside `roi` (every ion when roi is null), in row order, in
  // blocks of at most one brick of rows (65,536 by default); blocks may be empty. Stops at the
  // first error of a read or of `visit` and returns it. `control` (optional) gets the fraction of
  // candidate rows read and may cancel (cancelled_error("apt: reading ions")).
  using BlockVisitor = std::function<Status(const IonBlock& block)>;
  Status for_each_block(const IonRoi* roi, const BlockVisitor& visit,
                        const AnalysisControl* control = nullptr) const;

 private:
  IonSource() = default;

  std::string name_;
  PointStoreAttributes attributes_;
  std::vector<OctreeNode> nodes_;
  std::unique_ptr<ZarrArray> position_;
  std::unique_ptr<ZarrArray> mass_;
  std::uint64_t brick_rows_ = kPointBrickRows;
};

// The validated node table of the point store at node `path` (attributes already parsed);
// errors start with `name`.
Result<std::vector<OctreeNode>> read_point_store_nodes(ReadableStore& store, std::string_view path,
                                                       const PointStoreAttributes& attributes,
                                                       const std::string& name);

}  // namespace hs
