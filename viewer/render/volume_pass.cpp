// Image layers: choosing the level, streaming its bricks into a 3D texture, ray-marching it.
#include "render/volume_pass.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>
#include <Eigen/LU>

#include "points/point_store.h"
#include "shaders/embedded.h"
#include "util/element_convert.h"

namespace hs::render {
namespace {

// The finest level whose every axis fits kMaxTextureEdge (the coarsest if none does).
std::size_t chosen_level(const ImageLayout& layout) {
  for (std::size_t l = 0; l < layout.levels.size(); ++l) {
    const auto& s = layout.levels[l].shape_zyx;
    if (std::max({s[0], s[1], s[2]}) <= kMaxTextureEdge) return l;
  }
  return layout.levels.size() - 1;
}

std::array<std::uint64_t, 3> brick_grid(const ImageLevel& level) {
  std::array<std::uint64_t, 3> grid{};
  for (std::size_t a = 0; a < 3; ++a) grid[a] = (level.shape_zyx[a] + level.brick_zyx[a] - 1) / level.brick_zyx[a];
  return grid;
}

}  // namespace

VolumePass::~VolumePass() {
  for (auto& [id, volume] : volumes_) glDeleteTextures(1, &volume.texture);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status VolumePass::init() {
  auto program = GlProgram::build("volume", shaders::volume_vert, shaders::volume_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  return {};
}

VolumePass::Volume VolumePass::create(const ImageLayout& layout) const {
  Volume volume;
  volume.level = chosen_level(layout);
  const ImageLevel& level = layout.levels[volume.level];
  const auto grid = brick_grid(level);
  volume.resident.assign(grid[0] * grid[1] * grid[2], false);
  volume.box_min_nm = layout.box_min_nm_xyz(volume.level);
  volume.box_max_nm = layout.box_max_nm_xyz(volume.level);
  if (!layout.metadata.channels.empty()) {
    if (const auto rgb = parse_color_hex(layout.metadata.channels[0].color)) volume.color = {rgb->r, rgb->g, rgb->b};
  }
  const double diagonal = std::sqrt(static_cast<double>(level.shape_zyx[0] * level.shape_zyx[0] +
                                                         level.shape_zyx[1] * level.shape_zyx[1] +
                                                         level.shape_zyx[2] * level.shape_zyx[2]));
  volume.steps = static_cast<float>(std::clamp(std::ceil(diagonal), 32.0, 512.0));  // about one sample per voxel

  glGenTextures(1, &volume.texture);
  glBindTexture(GL_TEXTURE_3D, volume.texture);
  glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  for (GLenum wrap : {GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R}) {
    glTexParameteri(GL_TEXTURE_3D, wrap, GL_CLAMP_TO_EDGE);
  }
  // Bricks not yet arrived read as NaN: nothing is drawn there.
  glTexImage3D(GL_TEXTURE_3D, 0, GL_R16F, static_cast<GLsizei>(level.shape_zyx[2]),
               static_cast<GLsizei>(level.shape_zyx[1]), static_cast<GLsizei>(level.shape_zyx[0]), 0, GL_RED,
               GL_FLOAT, nullptr);
  const std::vector<float> nan_slice(level.shape_zyx[1] * level.shape_zyx[2], std::nanf(""));
  for (std::uint64_t z = 0; z < level.shape_zyx[0]; ++z) {
    glTexSubImage3D(GL_TEXTURE_3D, 0, 0, 0, static_cast<GLint>(z), static_cast<GLsizei>(level.shape_zyx[2]),
                    static_cast<GLsizei>(level.shape_zyx[1]), 1, GL_RED, GL_FLOAT, nan_slice.data());
  }
  return volume;
}

void VolumePass::upload(Volume& volume, const ImageLayout& layout, const std::array<std::uint64_t, 3>& brick,
                        const Bytes& data) {
  const ImageLevel& level = layout.levels[volume.level];
  FloatWindow window;
  if (!layout.metadata.channels.empty()) {
    window.start = layout.metadata.channels[0].window_start;
    window.end = layout.metadata.channels[0].window_end;
  }
  if (!layout.metadata.semantics.empty()) window.no_data = layout.metadata.semantics[0].no_data_value;
  const std::uint64_t count = level.brick_zyx[0] * level.brick_zyx[1] * level.brick_zyx[2];
  if (data.size() < count * data_type_size(level.array.data_type)) return;  // cannot happen for a valid brick
  scratch_.resize(count);
  elements_to_float(level.array.data_type, data, window, scratch_);
  std::array<GLint, 3> origin{};
  std::array<GLsizei, 3> extent{};
  for (std::size_t a = 0; a < 3; ++a) {
    origin[a] = static_cast<GLint>(brick[a] * level.brick_zyx[a]);
    extent[a] = static_cast<GLsizei>(std::min(level.brick_zyx[a], level.shape_zyx[a] - brick[a] * level.brick_zyx[a]));
  }
  glBindTexture(GL_TEXTURE_3D, volume.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(level.brick_zyx[2]));
  glPixelStorei(GL_UNPACK_IMAGE_HEIGHT, static_cast<GLint>(level.brick_zyx[1]));
  glTexSubImage3D(GL_TEXTURE_3D, 0, origin[2], origin[1], origin[0], extent[2], extent[1], extent[0], GL_RED, GL_FLOAT,
                  scratch_.data());
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_IMAGE_HEIGHT, 0);
}

void VolumePass::update(const Datasets& datasets, const std::vector<LayerState>& layers, BrickStreamer& streamer) {
  std::map<int, Volume> kept;
  int uploads = 0;
  const auto& entries = datasets.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DatasetEntry& entry = entries[i];
    if (!entry.image) continue;
    const ImageLayout& layout = *entry.image;
    auto found = volumes_.find(entry.id);
    Volume volume = found != volumes_.end() ? std::move(found->second) : create(layout);
    if (found != volumes_.end()) volumes_.erase(found);
    volume.visible = dataset_visible(entry, i, layers);
    if (volume.visible && volume.resident_count < volume.resident.size()) {
      const ImageLevel& level = layout.levels[volume.level];
      const auto grid = brick_grid(level);
      std::size_t index = 0;
      for (std::uint64_t z = 0; z < grid[0]; ++z) {
        for (std::uint64_t y = 0; y < grid[1]; ++y) {
          for (std::uint64_t x = 0; x < grid[2]; ++x, ++index) {
            if (volume.resident[index] || uploads >= kMaxUploadsPerFrame) continue;
            const BrickRequest request{entry.id, level.path, layout.brick_coords(0, 0, {z, y, x})};
            auto data = streamer.want(request, 1.0);
            if (!data) continue;
            upload(volume, layout, {z, y, x}, *data);
            volume.resident[index] = true;
            ++volume.resident_count;
            ++uploads;
          }
        }
      }
    }
    kept.emplace(entry.id, std::move(volume));
  }
  for (auto& [id, volume] : volumes_) glDeleteTextures(1, &volume.texture);  // images that are gone
  volumes_ = std::move(kept);
}

void VolumePass::draw(const CameraState& camera, double aspect) {
  if (volumes_.empty()) return;
  Eigen::Matrix4d rotation = camera_view_matrix(camera);
  rotation.block<3, 1>(0, 3).setZero();  // camera-relative: the eye sits at the origin
  const Eigen::Matrix4f inverse = (camera_projection_matrix(camera, aspect) * rotation).inverse().cast<float>();
  const Eigen::Vector3d eye = camera_eye_nm(camera);

  glUseProgram(program_.id());
  glUniformMatrix4fv(program_.uniform("u_inverse_view_proj"), 1, GL_FALSE, inverse.data());
  glUniform1i(program_.uniform("u_volume"), 0);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBindVertexArray(vao_);
  glActiveTexture(GL_TEXTURE0);
  for (const auto& [id, volume] : volumes_) {
    if (!volume.visible || volume.resident_count == 0) continue;
    glUniform3f(program_.uniform("u_box_min"), static_cast<float>(volume.box_min_nm[0] - eye.x()),
                static_cast<float>(volume.box_min_nm[1] - eye.y()), static_cast<float>(volume.box_min_nm[2] - eye.z()));
    glUniform3f(program_.uniform("u_box_max"), static_cast<float>(volume.box_max_nm[0] - eye.x()),
                static_cast<float>(volume.box_max_nm[1] - eye.y()), static_cast<float>(volume.box_max_nm[2] - eye.z()));
    glUniform3f(program_.uniform("u_color"), volume.color[0], volume.color[1], volume.color[2]);
    glUniform1f(program_.uniform("u_steps"), volume.steps);
    glBindTexture(GL_TEXTURE_3D, volume.texture);
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }
  glBindVertexArray(0);
  glDisable(GL_BLEND);
}

std::optional<VolumePass::Progress> VolumePass::progress(int dataset_id) const {
  const auto it = volumes_.find(dataset_id);
  if (it == volumes_.end()) return std::nullopt;
  return Progress{it->second.resident_count, it->second.resident.size()};
}

}  // namespace hs::render
