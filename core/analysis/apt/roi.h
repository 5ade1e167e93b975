// Regions of interest of the atom probe analyses: a cylinder (centre, unit axis, radius, length)
// or an axis-aligned box, with point tests, the coordinate along which profiles are binned, and a
// conservative test against an octree cell (to skip nodes whose ions cannot lie inside).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "util/result.h"

namespace hs {

// Default radius of an analysis cylinder: the published NMC811 profiles used 25 nm diameters.
inline constexpr double kDefaultCylinderRadiusNm = 12.5;

// A cylinder around the segment centre ± axis × length/2. Its axial coordinate runs from 0 at
// the start cap (centre − axis × length/2) to length_nm at the end cap.
struct CylinderRoi {
  std::array<double, 3> centre_nm{0, 0, 0};
  std::array<double, 3> axis{0, 0, 1};  // unit length (make_cylinder normalises it)
  double radius_nm = kDefaultCylinderRadiusNm;
  double length_nm = 0;

  // Distance along the axis from the start cap (not clamped).
  double axial_nm(double x_nm, double y_nm, double z_nm) const {
    const double dx = x_nm - centre_nm[0], dy = y_nm - centre_nm[1], dz = z_nm - centre_nm[2];
    return dx * axis[0] + dy * axis[1] + dz * axis[2] + 0.5 * length_nm;
  }
  // Inside or on the surface.
  bool contains(double x_nm, double y_nm, double z_nm) const {
    const double dx = x_nm - centre_nm[0], dy = y_nm - centre_nm[1], dz = z_nm - centre_nm[2];
    const double along = dx * axis[0] + dy * axis[1] + dz * axis[2];
    if (!(along >= -0.5 * length_nm && along <= 0.5 * length_nm)) return false;
    const double r2 = dx * dx + dy * dy + dz * dz - along * along;
    return r2 <= radius_nm * radius_nm;
  }
  friend bool operator==(const CylinderRoi&, const CylinderRoi&) = default;
};

// Points with min <= p <= max on every axis.
struct BoxRoi {
  std::array<double, 3> min_nm{0, 0, 0};
  std::array<double, 3> max_nm{0, 0, 0};

  bool contains(double x_nm, double y_nm, double z_nm) const {
    return x_nm >= min_nm[0] && x_nm <= max_nm[0] && y_nm >= min_nm[1] && y_nm <= max_nm[1] &&
           z_nm >= min_nm[2] && z_nm <= max_nm[2];
  }
  friend bool operator==(const BoxRoi&, const BoxRoi&) = default;
};

// One ROI of either shape. For a box, `box_axis` (0 = x, 1 = y, 2 = z) is the direction of its
// profiles and block ordering; its coordinate runs from 0 at min_nm[box_axis].
struct IonRoi {
  std::variant<CylinderRoi, BoxRoi> shape;
  int box_axis = 2;

  bool contains(double x_nm, double y_nm, double z_nm) const;
  // The profile coordinate of a point (cylinder: axial_nm; box: p[box_axis] − min_nm[box_axis]).
  double coordinate_nm(double x_nm, double y_nm, double z_nm) const;
  // Length of the profile coordinate's range [0, extent].
  double extent_nm() const;
  // False only when no point of the cell [min, max] can be inside (conservative: may say true for
  // a cell that only touches the ROI's bounding box).
  bool may_intersect(const std::array<double, 3>& cell_min_nm,
                     const std::array<double, 3>& cell_max_nm) const;
  // "cylinder centre (x, y, z) nm, axis (…), radius R nm, length L nm" or "box (…) to (…) nm".
  std::string describe() const;
  friend bool operator==(const IonRoi&, const IonRoi&) = default;
};

// A cylinder with a normalised axis; errors (ErrorCode::invalid_argument) for a zero or
// non-finite axis, a radius or length that is not finite and > 0, or a non-finite centre.
Result<CylinderRoi> make_cylinder(std::array<double, 3> centre_nm, std::array<double, 3> axis,
                                  double radius_nm, double length_nm);

// The default cylinder of `heteroscope apt profile`: through the centre of the data bounds along
// axis `axis` (0 = x, 1 = y, 2 = z), over the bounds' whole extent along it (padded by 1e-6 nm at
// each end so that ions on the bounds are inside despite rounding), radius `radius_nm`.
// `length_nm`, when given, replaces the extent; `centre_nm`, when given, the centre.
Result<CylinderRoi> default_cylinder(const std::array<std::array<double, 3>, 2>& bounds_nm, int axis,
                                     double radius_nm = kDefaultCylinderRadiusNm,
                                     std::optional<double> length_nm = std::nullopt,
                                     std::optional<std::array<double, 3>> centre_nm = std::nullopt);

// A box with min <= max on each axis, all finite; invalid_argument otherwise.
Result<IonRoi> make_box_roi(const std::array<double, 3>& min_nm, const std::array<double, 3>& max_nm,
                            int box_axis);

}  // namespace hs
