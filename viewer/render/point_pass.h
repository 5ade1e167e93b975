// Draws the atom probe layers. Each frame the octree nodes the view needs are chosen under the
// layer's point budget (biggest on screen first, outside the view skipped: points/node_selection)
// and their rows streamed brick by brick (65,536 ions per brick: positions and masses) into GPU
// buffers; a node is drawn once all its rows are resident, so the coarse nodes show the whole
// specimen within the first frames and refinement follows. Bricks no view needs are evicted,
// least recently used first, beyond a GPU byte budget. Colours come from a mass -> colour lookup
// texture built from the (editable) ranges, or a colormap over mass or depth.
#pragma once

#include <GLES3/gl3.h>

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "data/datasets.h"
#include "data/point_tables.h"
#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/point_display.h"
#include "volume/brick_streamer.h"

namespace hs::render {

inline constexpr int kMaxPointUploadsPerFrame = 32;  // 1 MiB each
// GPU memory for resident ion bricks (16 bytes per ion): room for the default budget of 2·10^6
// drawn ions several times over, so turning the view re-uses what is there.
inline constexpr std::uint64_t kPointGpuBudgetBytes = std::uint64_t{256} << 20;

// Figures of one drawn point store, for the status bar, the Layers panel and the page's API.
struct PointCloudStats {
  std::uint64_t nodes_wanted = 0, nodes_drawn = 0;
  std::uint64_t points_wanted = 0, points_drawn = 0;
  std::uint64_t bricks_wanted = 0, bricks_resident = 0;  // of the wanted nodes
};

// The ion under the cursor.
struct PickedIon {
  int dataset_id = 0;
  std::uint64_t row = 0;
  Eigen::Vector3d position_nm = Eigen::Vector3d::Zero();  // in the layer's frame
  double mass_da = 0;
};

class PointPass {
 public:
  PointPass() = default;
  PointPass(const PointPass&) = delete;
  PointPass& operator=(const PointPass&) = delete;
  ~PointPass();

  Status init();
  // Chooses the nodes to draw for this camera and streams their rows.
  void update(const Datasets& datasets, const std::vector<LayerState>& layers, const PointTables& tables,
              BrickStreamer& streamer, const CameraState& camera, double width_px, double height_px);
  void draw(const CameraState& camera, double aspect, double height_px, double ui_scale);
  // The depth cue of the visible clouds that ask for one: the strongest strength, and the largest
  // diagonal of their bounds in the world (nm), the scale of their depth differences; none when no
  // visible cloud wants one.
  struct DepthCue {
    double strength = 0;
    double extent_nm = 0;
  };
  std::optional<DepthCue> depth_cue() const;

  // The nearest drawn ion within radius_px of the cursor (pixels from the top-left corner), from
  // the decoded bricks the streamer holds.
  std::optional<PickedIon> pick(BrickStreamer& streamer, const CameraState& camera, double width_px, double height_px,
                                const Eigen::Vector2d& cursor_px, double radius_px) const;

  std::optional<PointCloudStats> stats(int dataset_id) const;
  std::uint64_t gpu_bytes() const { return gpu_bytes_; }

 private:
  struct GpuBrick {
    GLuint buffer = 0;
    GLsizei rows = 0;
    std::uint64_t last_used = 0;  // frame
  };
  struct Segment {  // rows [first, first + count) of one brick
    std::uint64_t brick = 0;
    GLint first = 0;
    GLsizei count = 0;
  };
  struct Cloud {
    std::map<std::uint64_t, GpuBrick> bricks;
    std::vector<Segment> segments;  // what draw() draws
    PointCloudStats stats;
    GLuint lut = 0;
    int lut_bins = 0;
    std::optional<PointDisplay> lut_display;  // what the LUT was built from
    GLuint colormap = 0;
    std::optional<std::pair<ColormapId, bool>> colormap_built;
    Eigen::Vector3d origin_nm = Eigen::Vector3d::Zero();  // centre of the bounds, in the layer's frame
    Eigen::Vector3d bounds_min_nm = Eigen::Vector3d::Zero(), bounds_max_nm = Eigen::Vector3d::Zero();
    std::array<double, 2> mass_range_da{0, 1};
    RangeTable store_ranges;
    LayerTransform transform;  // layer -> world
    PointDisplay display;
    bool visible = true;
  };
  Cloud create(const PointStoreAttributes& attributes) const;
  void release(Cloud& cloud);
  void refresh_textures(Cloud& cloud);
  void stream(Cloud& cloud, const DatasetEntry& entry, const std::vector<OctreeNode>& nodes,
              BrickStreamer& streamer, const CameraState& camera, double width_px, double height_px, int& uploads);
  void upload(Cloud& cloud, std::uint64_t brick, std::uint64_t rows, const Bytes& positions, const Bytes& masses);
  void evict();

  std::map<int, Cloud> clouds_;  // by dataset id
  std::vector<float> interleaved_;
  GlProgram program_;
  GLuint vao_ = 0;
  std::uint64_t frame_ = 0;
  std::uint64_t gpu_bytes_ = 0;
};

}  // namespace hs::render
