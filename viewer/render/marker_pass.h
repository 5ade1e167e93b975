// Draws the member ions of the clusters found by the cluster search as round markers of a fixed
// pixel size, each cluster in its own colour (analysis/apt/cluster_palette), depth-tested and
// depth-writing so that they sit among the ions of the point layer.
#pragma once

#include <GLES3/gl3.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/layer_transform.h"
#include "util/result.h"

namespace hs::render {

class MarkerPass {
 public:
  MarkerPass() = default;
  MarkerPass(const MarkerPass&) = delete;
  MarkerPass& operator=(const MarkerPass&) = delete;
  ~MarkerPass();

  Status init();
  // Replaces the markers: x, y, z per ion in the layer's nm and its cluster id (0: in no cluster,
  // drawn grey); the shorter of the two sets the count. Colours are looked up here; the positions
  // go to the GPU on the first draw, and again only when draw's origin changes (a host copy is
  // kept for that).
  void set_points(std::span<const float> xyz_nm, std::span<const std::uint32_t> cluster_ids);
  // Forgets the markers: draw draws nothing until the next set_points.
  void clear();
  bool empty() const { return markers_.empty(); }

  // Draws the markers placed by the layer `transform`, `point_size_px` across (clamped to 1..64).
  // `origin_nm`, a point in the layer's frame near the ions (e.g. the layer's bounds centre), is
  // subtracted from the positions in double before they go to the GPU, keeping float precision.
  // Leaves depth test off.
  void draw(const CameraState& camera, double aspect, const LayerTransform& transform,
            const Eigen::Vector3d& origin_nm, double point_size_px);

 private:
  // One marker as uploaded: position (nm: in the layer on the host, from the origin on the GPU) and
  // sRGB colour as bytes (alpha 255).
  struct Marker {
    std::array<float, 3> position_nm;
    std::array<std::uint8_t, 4> rgba;
  };

  GlProgram program_;
  GLuint vao_ = 0, buffer_ = 0;
  std::vector<Marker> markers_;                        // host copy, positions in the layer's nm
  std::optional<Eigen::Vector3d> uploaded_origin_nm_;  // of the buffer; none: not uploaded
};

}  // namespace hs::render
