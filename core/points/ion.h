// One ion of an atom probe point cloud as the octree builder reads and writes it: position (nm)
// and mass-to-charge (Da), 16 bytes.
#pragma once

namespace hs {

struct Ion {
  float x_nm = 0;
  float y_nm = 0;
  float z_nm = 0;
  float mass_da = 0;
  friend bool operator==(const Ion&, const Ion&) = default;
};

}  // namespace hs
