// How an atom probe (point cloud) layer is drawn: colouring (species, mass, depth or one colour),
// unranged ions, point size, LOD budget, depth cue, a slab and a clipping box that cut the
// specimen, range edits and hidden species. Part of a layer's view state ("points"); unset
// optional values follow the store (its mass range, its range table).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "json/json.h"
#include "points/range_table.h"
#include "scene/colormap.h"
#include "scene/state_fields.h"

namespace hs {

enum class PointColorBy {
  species,  // the colour of each ion's species in the shown range table
  mass,     // mass-to-charge through the colormap over mass_window
  depth,    // depth through the colormap
  single,   // single_color for every ion
};

enum class UnrangedIons { shown, dimmed, hidden };  // ions no range claims

enum class PointSizeUnit {
  px,  // screen pixels
  nm,  // world size in the layer's frame
};

inline constexpr double kMinPointSizePx = 0.5, kMaxPointSizePx = 64.0;
inline constexpr double kMinPointSizeNm = 0.01, kMaxPointSizeNm = 50.0;
inline constexpr std::uint64_t kMinPointBudget = 10'000, kMaxPointBudget = 50'000'000;
inline constexpr double kMaxDepthCueStrength = 5.0;
inline constexpr double kMaxSlabThicknessNm = 1e6;
inline constexpr double kMaxSlabCenterAbsNm = 1e12;
inline constexpr std::size_t kMaxHiddenIons = 256;
inline constexpr std::size_t kMaxIonNameLength = 64;  // bytes, for hidden_ions

// A slab through the specimen: only ions within thickness_nm / 2 of the plane through center_nm
// normal to `normal` are shown (see in_slab). Coordinates in the layer's frame, nm.
struct PointSlab {
  Eigen::Vector3d center_nm = Eigen::Vector3d::Zero();
  Eigen::Vector3d normal = Eigen::Vector3d::UnitZ();  // unit length (reading normalises it)
  double thickness_nm = 10.0;                         // > 0, at most kMaxSlabThicknessNm
  friend bool operator==(const PointSlab&, const PointSlab&) = default;
};

// Whether the point p_nm lies in the slab: |dot(p - center, normal)| <= thickness / 2.
bool in_slab(const PointSlab& slab, const Eigen::Vector3d& p_nm);

// Light grey, exact in "RRGGBB" (C8C8C8), so reading back the written default gives it bit for bit.
inline constexpr RgbColor kDefaultSingleColor{200.0f / 255.0f, 200.0f / 255.0f, 200.0f / 255.0f};

struct PointDisplay {
  PointColorBy color_by = PointColorBy::species;
  RgbColor single_color = kDefaultSingleColor;  // for color_by single
  ColormapId colormap = ColormapId::viridis;     // for color_by mass and depth
  bool reversed = false;
  std::optional<std::pair<double, double>> mass_window;  // Da, start < end; the store's mass range when unset
  UnrangedIons unranged = UnrangedIons::dimmed;
  double point_size = 2.0;  // in point_size_unit, within that unit's limits above
  PointSizeUnit point_size_unit = PointSizeUnit::px;
  std::uint64_t point_budget = 2'000'000;  // most ions drawn per frame, kMinPointBudget..kMaxPointBudget
  bool depth_cue = true;                   // eye-dome lighting
  double depth_cue_strength = 1.0;         // 0..kMaxDepthCueStrength
  std::optional<PointSlab> slab;
  // Fractions of the store's bounds box along x, y, z (0 = lower face, 1 = upper face).
  std::array<double, 3> clip_min{0.0, 0.0, 0.0};
  std::array<double, 3> clip_max{1.0, 1.0, 1.0};
  std::optional<RangeTable> ranges;     // ranges edited in the viewer; the store's own when unset
  std::vector<std::string> hidden_ions; // names of species not drawn; unique, at most kMaxHiddenIons

  friend bool operator==(const PointDisplay&, const PointDisplay&) = default;
};

// The range table the layer is drawn with: the edited one if any, else the store's.
const RangeTable& shown_ranges(const PointDisplay& display, const RangeTable& store_ranges);

// Whether the species named `name` is hidden.
bool ion_hidden(const PointDisplay& display, std::string_view name);

// Reads the "points" object of a layer at `path`, field by field (see state_fields.h). The point
// size is checked against the limits of the unit read with it (or px when none is given).
void read_point_display(const json::Value& value, const std::string& path, PointDisplay& display,
                        StateReport& report);
// The fields that differ from their defaults (empty when all are at their defaults).
json::Object point_display_to_json(const PointDisplay& display);

}  // namespace hs
