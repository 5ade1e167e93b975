// Draws the atom probe layers: the first rows of each point store (octree order, so a prefix of
// whole levels is an overview of the whole specimen) up to a point budget, streamed brick by brick
// (65,536 ions per brick: positions and masses), as round sprites coloured by species through a
// mass -> colour lookup texture built from the stored ranges. Unranged ions are drawn dim grey.
// (Node selection by view and distance replaces the prefix later.)
#pragma once

#include <GLES3/gl3.h>

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "data/datasets.h"
#include "render/gl_program.h"
#include "scene/camera.h"
#include "volume/brick_streamer.h"

namespace hs::render {

inline constexpr std::uint64_t kDefaultPointBudget = 2'000'000;
inline constexpr int kMaxPointUploadsPerFrame = 8;

class PointPass {
 public:
  PointPass() = default;
  PointPass(const PointPass&) = delete;
  PointPass& operator=(const PointPass&) = delete;
  ~PointPass();

  Status init();
  void update(const Datasets& datasets, const std::vector<LayerState>& layers, BrickStreamer& streamer);
  void draw(const CameraState& camera, double aspect, double point_size_px);

  // Bricks uploaded and wanted for a dataset, when it is a point store being drawn.
  std::optional<std::array<std::uint64_t, 2>> progress(int dataset_id) const;

 private:
  struct Cloud {
    std::vector<GLuint> buffers;  // per brick of rows; 0 until uploaded
    std::vector<GLsizei> counts;  // ions per brick
    std::uint64_t resident = 0;
    GLuint lut = 0;
    int lut_bins = 0;
    std::array<double, 3> origin_nm{};  // centre of the bounds, in the layer's frame
    LayerTransform transform;           // layer -> world
    bool visible = true;
  };
  Cloud create(const PointStoreAttributes& attributes) const;

  std::map<int, Cloud> clouds_;  // by dataset id
  std::vector<float> interleaved_;
  GlProgram program_;
  GLuint vao_ = 0;
};

}  // namespace hs::render
