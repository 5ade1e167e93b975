// The point-cloud store format (DESIGN.md "Data model"), shared by its writer and its readers:
// array names and layout, the group attributes, and strict validation of what a store declares.
//
// Sections: [Layout] arrays · [Attributes] attributes.heteroscope · [Node table] the `nodes` array.
//
// A point store is a Zarr v3 group (writer profile codecs) with attributes.heteroscope.kind ==
// "points" and these arrays, rows in octree order (see points/octree_build.h):
//   position   N×3 float32, nm, dimension_names ["row", "xyz"]
//   mass       N float32, Da, ["row"]
//   tof_ns, vdc_v, vpulse_v, det_x_mm, det_y_mm (float32), delta_pulse, multiplicity (int32):
//              N, ["row"], only those the input file had (attributes "fields" lists them); row i
//              belongs to the same ion as position row i
//   nodes      M×16 float64, ["node", "column"]: the octree node table, columns kNodeColumns
//   spectrum   B uint64, ["bin"]: ions per mass bin; bin i counts the masses m with
//              i <= m / bin_width_da < i + 1 (bin_width_da = 0.01, origin 0, from the array's
//              attributes), B = 100 × (floor(largest binned mass) + 1); masses below 0 or from
//              kMaxSpectrumMassDa up are not binned (attributes "outside_count")
// Row arrays: inner chunks (bricks) of 65,536 rows, shards of 2^20 rows (by default).
// An input with no ions gives a valid store with N = M = B = 0 and bounds_nm / mass_range_da null.
//
// IMPORTANT for every reader of the rows. Only the root node (rows [0, nodes[0].row_count)), and
// any prefix of it, is an unbiased (uniform random) sample of the whole specimen. A prefix of whole
// levels is a density-capped overview: it shows every region, but each node holds at most
// `capacity` ions, so dense regions (clusters, precipitates) are under-represented in it. Counts,
// compositions and densities from a set of loaded nodes (containing the root and, for each loaded
// node, all or none of its children) are unbiased only when each ion of a loaded node whose
// children are not loaded is weighted by subtree_row_count / row_count of its node (others by 1).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/point_reader.h"
#include "json/json.h"
#include "points/octree_node.h"
#include "points/range_table.h"
#include "util/data_type.h"
#include "util/result.h"

namespace hs {

// [Layout] ---------------------------------------------------------------------------------------

inline constexpr std::string_view kPositionArray = "position";
inline constexpr std::string_view kMassArray = "mass";
inline constexpr std::string_view kNodesArray = "nodes";
inline constexpr std::string_view kSpectrumArray = "spectrum";

inline constexpr std::uint64_t kPointBrickRows = 65536;           // rows per inner chunk
inline constexpr std::uint64_t kPointShardRows = std::uint64_t{1} << 20;  // rows per shard
inline constexpr std::uint64_t kNodeBrickRows = 4096;             // node-table rows per inner chunk
inline constexpr std::uint64_t kNodeShardRows = 65536;

inline constexpr double kSpectrumBinWidthDa = 0.01;
inline constexpr double kSpectrumBinsPerDa = 100;  // 1 / kSpectrumBinWidthDa, exact
inline constexpr double kMaxSpectrumMassDa = 10000;

// An optional per-ion EPOS field: its array name (= the IonFieldSet member), its type, its flag.
struct PointField {
  std::string_view name;
  DataType type;
  bool IonFieldSet::*present;
};
inline constexpr std::array<PointField, 7> kPointFields = {{
    {"tof_ns", DataType::float32, &IonFieldSet::tof_ns},
    {"vdc_v", DataType::float32, &IonFieldSet::vdc_v},
    {"vpulse_v", DataType::float32, &IonFieldSet::vpulse_v},
    {"det_x_mm", DataType::float32, &IonFieldSet::det_x_mm},
    {"det_y_mm", DataType::float32, &IonFieldSet::det_y_mm},
    {"delta_pulse", DataType::int32, &IonFieldSet::delta_pulse},
    {"multiplicity", DataType::int32, &IonFieldSet::multiplicity},
}};

// [Attributes] -----------------------------------------------------------------------------------

// attributes.heteroscope of a point store:
//   {"kind": "points", "ion_count": N, "bounds_nm": [[xmin,ymin,zmin],[xmax,ymax,zmax]] | null,
//    "mass_range_da": [min, max] | null, "fields": ["tof_ns", ...],
//    "ranges": {"ions": [{"name", "composition": {"Ni": 1, "O": 1}, "charge", "color": "RRGGBB"}],
//               "ranges": [{"low_da", "high_da", "ion": index into ions, "volume_nm3"?}]},
//    "species_counts": [count per ion, indexed like ranges.ions], "unranged_count": n,
//    "octree": {"capacity", "max_depth", "seed", "cube": {"min_nm": [x,y,z], "edge_nm"}},
//    "source": input file name, "notes": [...]}
// Integers are JSON numbers, so all of them (the seed included) must stay below 2^53.
struct PointStoreAttributes {
  std::uint64_t ion_count = 0;
  std::optional<std::array<std::array<double, 3>, 2>> bounds_nm;  // min, max; none when empty
  std::optional<std::array<double, 2>> mass_range_da;
  std::vector<std::string> fields;  // names from kPointFields, in that order
  RangeTable ranges;
  std::vector<std::uint64_t> species_counts;  // indexed like ranges.ions
  std::uint64_t unranged_count = 0;
  std::uint64_t node_capacity = 0;
  int max_depth = 0;
  std::uint64_t seed = 0;
  OctreeCube cube;
  std::string source;
  std::vector<std::string> notes;
};

// Largest integer the attributes can hold exactly (2^53).
inline constexpr std::uint64_t kMaxJsonInteger = std::uint64_t{1} << 53;

json::Value point_store_attributes_to_json(const PointStoreAttributes& attributes);

// Reads attributes.heteroscope strictly: every member above present with the right type, integers
// exact and in range, the range table valid (validate_range_table), species counts one per ion and
// summing with unranged_count to ion_count, field names known. Errors start with `source`.
Result<PointStoreAttributes> parse_point_store_attributes(const json::Value& heteroscope, std::string_view source);

// "RRGGBB" of a colour (each channel rounded to 0..255) and back (nullopt unless 6 hex digits).
std::string color_hex(const RgbColor& color);
std::optional<RgbColor> parse_color_hex(std::string_view text);

// [Node table] -----------------------------------------------------------------------------------

// Columns of the `nodes` array, all float64 (integers are exact below 2^53). parent and
// first_child are -1 for "none"; cell_* are the node's integer cell coordinates at its level;
// min/max the cell's bounds in nm, equal to octree_coordinate() of the stored cube to the last bit.
enum NodeColumn : std::size_t {
  kNodeLevel, kNodeParent, kNodeFirstChild, kNodeChildMask, kNodeRowStart, kNodeRowCount,
  kNodeSubtreeRowCount, kNodeCellX, kNodeCellY, kNodeCellZ, kNodeMinX, kNodeMinY, kNodeMinZ,
  kNodeMaxX, kNodeMaxY, kNodeMaxZ, kNodeColumnCount
};
// Column names in that order, written to the nodes array's attributes ("columns").
inline constexpr std::array<std::string_view, kNodeColumnCount> kNodeColumns = {
    "level", "parent", "first_child", "child_mask", "row_start", "row_count", "subtree_row_count", "cell_x",
    "cell_y", "cell_z", "min_x_nm", "min_y_nm", "min_z_nm", "max_x_nm", "max_y_nm", "max_z_nm"};

// Most nodes a reader loads from a store (512 MiB of table); each node holds at least one row,
// so M <= ion_count too. Real stores have about ion_count / capacity × 1.5 nodes.
inline constexpr std::uint64_t kMaxNodeCount = std::uint64_t{1} << 22;

// Row-major M×16 values of `nodes` (a table from build_octree).
std::vector<double> encode_node_table(std::span<const OctreeNode> nodes);

// Decodes and validates a stored node table (untrusted): `values` holds node_count × 16 values.
// Checks every column is an integer in range, the root first, parents before children one level
// up with matching cells and child masks, first_child, breadth-first (level, path) order, row
// ranges tiling [0, ion_count) in table order, subtree counts, and bounds against `cube`.
// Errors start with `source`.
Result<std::vector<OctreeNode>> decode_node_table(std::span<const double> values, std::uint64_t ion_count,
                                                  const OctreeCube& cube, std::string_view source);

}  // namespace hs
