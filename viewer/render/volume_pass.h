// Draws the image layers: one 3D texture per image holding one channel and time point of the
// finest level that fits kMaxTextureEdge voxels on every axis, filled brick by brick as the brick
// streamer delivers them (the view shows what has arrived at once; switching time point or
// channel keeps the old voxels until the new ones arrive), ray-marched in the layer's mode (MIP,
// minIP, composite, isosurface) through its colormap and window, no-data voxels transparent and
// values outside the characteristic range in the highlight colour. The next time point's bricks
// are prefetched into the brick cache. (The brick atlas with per-level page tables replaces the
// single texture later.)
#pragma once

#include <GLES3/gl3.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "analysis/value_summary.h"
#include "data/datasets.h"
#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/image_display.h"
#include "volume/brick_streamer.h"

namespace hs::render {

inline constexpr std::uint64_t kMaxTextureEdge = 256;
inline constexpr int kMaxUploadsPerFrame = 16;  // keeps a frame's uploads well under 100 ms
inline constexpr int kLutWidth = 256;
inline constexpr std::size_t kHistogramBins = 256;  // across the channel's full range

class VolumePass {
 public:
  VolumePass() = default;
  VolumePass(const VolumePass&) = delete;
  VolumePass& operator=(const VolumePass&) = delete;
  ~VolumePass();

  Status init();
  // Wants the missing bricks of every visible image and uploads the ones that arrived; frees the
  // textures of images that are gone.
  void update(const Datasets& datasets, const std::vector<LayerState>& layers, BrickStreamer& streamer);
  void draw(const CameraState& camera, double aspect);

  // Bricks uploaded and wanted for a dataset, when it is an image being drawn.
  struct Progress {
    std::uint64_t resident = 0;
    std::uint64_t total = 0;
  };
  std::optional<Progress> progress(int dataset_id) const;
  // Histogram and statistics of the voxels drawn so far (the level in the texture, the shown
  // channel and time point), refined as bricks arrive; null when the dataset is no image drawn.
  const ValueSummary* summary(int dataset_id) const;
  // Bytes of GPU memory held by the volume textures.
  std::uint64_t gpu_bytes() const;

 private:
  struct Volume {
    std::size_t level = 0;
    GLuint texture = 0, lut = 0;
    std::vector<bool> resident;  // per brick of the level, C order (z, y, x), of `loaded`
    std::uint64_t resident_count = 0;
    bool any_uploaded = false;  // whether there is anything to draw (maybe of an earlier time point)
    std::array<int, 2> loaded{-1, -1};  // channel and time point the texture is being filled with
    bool visible = true;
    std::array<double, 3> box_min_nm{}, box_max_nm{};  // x, y, z, in the layer's frame
    LayerTransform transform;                          // layer -> world
    std::array<float, 3> channel_rgb{1.0f, 1.0f, 1.0f};
    double encode_start = 0.0, encode_end = 1.0;  // texel 0 and 1 in data units
    ImageDisplay display;                         // as drawn; `lut` holds its colours
    ResolvedImageDisplay resolved;
    float steps = 64.0f;               // samples along the diagonal at quality 1
    std::uint64_t texture_bytes = 0;   // GPU memory of its textures
    std::optional<ValueSummary> summary;  // of the uploaded voxels of the loaded channel and time
  };
  Volume create(const ImageLayout& layout) const;
  void follow_display(Volume& volume, const ImageLayout& layout, const ImageDisplay& display);
  void stream(Volume& volume, const ImageLayout& layout, int dataset_id, BrickStreamer& streamer, int& uploads);
  void upload(Volume& volume, const ImageLayout& layout, const std::array<std::uint64_t, 3>& brick,
              const Bytes& data);

  std::map<int, Volume> volumes_;  // by dataset id
  std::vector<float> scratch_;     // one brick as floats
  GlProgram program_;
  GLuint vao_ = 0;
};

}  // namespace hs::render
