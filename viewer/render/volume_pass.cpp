// Image layers: choosing the level, streaming one channel and time point into a 3D texture,
// ray-marching it in the layer's display mode.
#include "render/volume_pass.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>
#include <Eigen/LU>

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

// Data values stored as texel 0 and 1: the channel's full omero range, so that half floats keep a
// fine step across it (a lattice parameter of 8.1 Å stored as is would have steps of 0.008 Å).
std::pair<double, double> encoding_range(const VolumeMetadata& metadata, const ResolvedImageDisplay& resolved) {
  const auto channel = static_cast<std::size_t>(resolved.channel);
  if (channel < metadata.channels.size()) {
    const OmeChannel& c = metadata.channels[channel];
    if (c.window_min < c.window_max) return {c.window_min, c.window_max};
  }
  return resolved.window;
}

GLuint make_texture(GLenum target) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(target, texture);
  glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  for (GLenum wrap : {GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R}) glTexParameteri(target, wrap, GL_CLAMP_TO_EDGE);
  return texture;
}

}  // namespace

VolumePass::~VolumePass() {
  for (auto& [id, volume] : volumes_) {
    glDeleteTextures(1, &volume.texture);
    glDeleteTextures(1, &volume.lut);
  }
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
  const double diagonal = std::sqrt(static_cast<double>(level.shape_zyx[0] * level.shape_zyx[0] +
                                                         level.shape_zyx[1] * level.shape_zyx[1] +
                                                         level.shape_zyx[2] * level.shape_zyx[2]));
  volume.steps = static_cast<float>(std::clamp(std::ceil(diagonal), 32.0, 512.0));  // about one sample per voxel
  volume.texture_bytes = 2 * level.shape_zyx[0] * level.shape_zyx[1] * level.shape_zyx[2] + 4 * kLutWidth;

  volume.texture = make_texture(GL_TEXTURE_3D);
  // Bricks not yet arrived read as NaN: nothing is drawn there.
  glTexImage3D(GL_TEXTURE_3D, 0, GL_R16F, static_cast<GLsizei>(level.shape_zyx[2]),
               static_cast<GLsizei>(level.shape_zyx[1]), static_cast<GLsizei>(level.shape_zyx[0]), 0, GL_RED,
               GL_FLOAT, nullptr);
  const std::vector<float> nan_slice(level.shape_zyx[1] * level.shape_zyx[2], std::nanf(""));
  for (std::uint64_t z = 0; z < level.shape_zyx[0]; ++z) {
    glTexSubImage3D(GL_TEXTURE_3D, 0, 0, 0, static_cast<GLint>(z), static_cast<GLsizei>(level.shape_zyx[2]),
                    static_cast<GLsizei>(level.shape_zyx[1]), 1, GL_RED, GL_FLOAT, nan_slice.data());
  }
  volume.lut = make_texture(GL_TEXTURE_2D);
  return volume;
}

// Follows a change of display: another channel or time point refills the texture brick by brick
// (the old voxels stay until replaced); other colours rebuild the colour table.
void VolumePass::follow_display(Volume& volume, const ImageLayout& layout, const ImageDisplay& display) {
  const ResolvedImageDisplay resolved =
      resolve_image_display(display, layout.metadata, layout.channel_count, layout.time_count);
  const std::array<int, 2> wanted{resolved.channel, resolved.time};
  if (wanted != volume.loaded) {
    volume.loaded = wanted;
    std::fill(volume.resident.begin(), volume.resident.end(), false);
    volume.resident_count = 0;
    std::tie(volume.encode_start, volume.encode_end) = encoding_range(layout.metadata, resolved);
    const auto channel = static_cast<std::size_t>(resolved.channel);
    const auto range = channel < layout.metadata.semantics.size() ? layout.metadata.semantics[channel].characteristic_range
                                                                  : std::nullopt;
    volume.summary.emplace(volume.encode_start, volume.encode_end, kHistogramBins, range);
  }
  const std::array<float, 3>& rgb = resolved.channel_rgb;
  const bool colours_changed = volume.display.colormap != display.colormap ||
                               volume.display.reversed != display.reversed || volume.channel_rgb != rgb;
  if (colours_changed || volume.resident_count == 0) {
    volume.channel_rgb = rgb;
    const std::vector<std::uint8_t> lut = display_colors_rgba8(display, rgb, kLutWidth);
    glBindTexture(GL_TEXTURE_2D, volume.lut);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kLutWidth, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, lut.data());
  }
  volume.display = display;
  volume.resolved = resolved;
}

// Wants the bricks of the loaded channel and time point, uploading those that arrived; once all
// are there, wants the next time point's bricks at a lower priority so that playing is smooth.
void VolumePass::stream(Volume& volume, const ImageLayout& layout, int dataset_id, BrickStreamer& streamer,
                        int& uploads) {
  const ImageLevel& level = layout.levels[volume.level];
  const auto grid = brick_grid(level);
  const auto channel = static_cast<std::uint64_t>(volume.loaded[0]);
  const auto time = static_cast<std::uint64_t>(volume.loaded[1]);
  const bool complete = volume.resident_count == volume.resident.size();
  std::size_t index = 0;
  for (std::uint64_t z = 0; z < grid[0]; ++z) {
    for (std::uint64_t y = 0; y < grid[1]; ++y) {
      for (std::uint64_t x = 0; x < grid[2]; ++x, ++index) {
        if (complete) {
          if (time + 1 < layout.time_count) {
            (void)streamer.want({dataset_id, level.path, layout.brick_coords(time + 1, channel, {z, y, x})}, 0.25);
          }
          continue;
        }
        if (volume.resident[index]) continue;
        // Every missing brick is wanted, so all stream in parallel however slow frames are.
        auto data = streamer.want({dataset_id, level.path, layout.brick_coords(time, channel, {z, y, x})}, 1.0);
        if (!data || uploads >= kMaxUploadsPerFrame) continue;
        upload(volume, layout, {z, y, x}, *data);
        volume.resident[index] = true;
        volume.any_uploaded = true;
        ++volume.resident_count;
        ++uploads;
      }
    }
  }
}

void VolumePass::upload(Volume& volume, const ImageLayout& layout, const std::array<std::uint64_t, 3>& brick,
                        const Bytes& data) {
  const ImageLevel& level = layout.levels[volume.level];
  FloatWindow window{0.0, 1.0, std::nullopt};  // data values as they are
  const auto channel = static_cast<std::size_t>(volume.loaded[0]);
  if (channel < layout.metadata.semantics.size()) window.no_data = layout.metadata.semantics[channel].no_data_value;
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
  // The statistics take the voxels inside the volume (an edge brick's padding is not data).
  for (GLsizei z = 0; z < extent[0]; ++z) {
    for (GLsizei y = 0; y < extent[1]; ++y) {
      const std::size_t row = (static_cast<std::size_t>(z) * level.brick_zyx[1] + static_cast<std::size_t>(y)) * level.brick_zyx[2];
      volume.summary->add(std::span<const float>(scratch_).subspan(row, static_cast<std::size_t>(extent[2])));
    }
  }
  const float start = static_cast<float>(volume.encode_start);
  const float scale = static_cast<float>(1.0 / (volume.encode_end - volume.encode_start));
  for (float& value : scratch_) value = (value - start) * scale;  // texels: 0 and 1 at the encoding range's ends
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
    volume.transform = dataset_transform(i, layers);
    follow_display(volume, layout, dataset_display(entry, i, layers));
    if (volume.visible) stream(volume, layout, entry.id, streamer, uploads);
    kept.emplace(entry.id, std::move(volume));
  }
  for (auto& [id, volume] : volumes_) {  // images that are gone
    glDeleteTextures(1, &volume.texture);
    glDeleteTextures(1, &volume.lut);
  }
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
  glUniform1i(program_.uniform("u_lut"), 1);
  glUniform3f(program_.uniform("u_highlight_rgb"), kHighlightRgb[0], kHighlightRgb[1], kHighlightRgb[2]);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBindVertexArray(vao_);
  for (const auto& item : volumes_) {
    const Volume& volume = item.second;  // not a structured binding: a lambda below captures it
    if (!volume.visible || !volume.any_uploaded) continue;
    // The box frame: layer nm from the box's lower corner; computed in double, handed over as floats.
    const Eigen::Matrix3d to_layer = layer_linear(volume.transform).inverse();
    const Eigen::Vector3d box_min(volume.box_min_nm[0], volume.box_min_nm[1], volume.box_min_nm[2]);
    const Eigen::Vector3d box_max(volume.box_max_nm[0], volume.box_max_nm[1], volume.box_max_nm[2]);
    const Eigen::Vector3f eye_box = (to_layer * (eye - volume.transform.translation_nm) - box_min).cast<float>();
    const Eigen::Vector3f size = (box_max - box_min).cast<float>();
    const Eigen::Matrix3f to_box = to_layer.cast<float>();
    glUniformMatrix3fv(program_.uniform("u_to_box"), 1, GL_FALSE, to_box.data());
    glUniform3f(program_.uniform("u_eye_box"), eye_box.x(), eye_box.y(), eye_box.z());
    glUniform3f(program_.uniform("u_box_size"), size.x(), size.y(), size.z());
    const auto in_box = [&](const std::array<double, 3>& fraction) {
      return Eigen::Vector3f(static_cast<float>(fraction[0]) * size.x(), static_cast<float>(fraction[1]) * size.y(),
                             static_cast<float>(fraction[2]) * size.z());
    };
    const ImageDisplay& d = volume.display;
    const Eigen::Vector3f clip_min = in_box(d.clip_min), clip_max = in_box(d.clip_max), slice = in_box(d.slice_position);
    glUniform3f(program_.uniform("u_clip_min"), clip_min.x(), clip_min.y(), clip_min.z());
    glUniform3f(program_.uniform("u_clip_max"), clip_max.x(), clip_max.y(), clip_max.z());
    glUniform3f(program_.uniform("u_slice"), slice.x(), slice.y(), slice.z());
    glUniform3i(program_.uniform("u_slice_on"), d.slice_axes[0], d.slice_axes[1], d.slice_axes[2]);
    glUniform1f(program_.uniform("u_steps"), static_cast<float>(std::min(2047.0, volume.steps * volume.display.quality)));
    glUniform1i(program_.uniform("u_mode"), static_cast<int>(volume.display.mode));
    // Shader values are texels: data = encode_start + texel * (encode_end - encode_start).
    const double span = volume.encode_end - volume.encode_start;
    const auto texel = [&](double value) { return static_cast<float>((value - volume.encode_start) / span); };
    const ResolvedImageDisplay& r = volume.resolved;
    glUniform2f(program_.uniform("u_window"), texel(r.window.first), texel(r.window.second));
    glUniform1f(program_.uniform("u_iso"), texel(r.iso_level));
    glUniform1f(program_.uniform("u_opacity"), static_cast<float>(volume.display.opacity));
    glUniform1i(program_.uniform("u_opaque"), volume.display.colormap.has_value() ? 1 : 0);
    glUniform1i(program_.uniform("u_highlight"), r.highlight_range ? 1 : 0);
    if (r.highlight_range) {
      glUniform2f(program_.uniform("u_range"), texel(r.highlight_range->first), texel(r.highlight_range->second));
    }
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, volume.lut);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_3D, volume.texture);
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }
  glBindVertexArray(0);
  glDisable(GL_BLEND);
}

const ValueSummary* VolumePass::summary(int dataset_id) const {
  const auto it = volumes_.find(dataset_id);
  return it == volumes_.end() || !it->second.summary ? nullptr : &*it->second.summary;
}

std::uint64_t VolumePass::gpu_bytes() const {
  std::uint64_t bytes = 0;
  for (const auto& [id, volume] : volumes_) bytes += volume.texture_bytes;
  return bytes;
}

std::optional<VolumePass::Progress> VolumePass::progress(int dataset_id) const {
  const auto it = volumes_.find(dataset_id);
  if (it == volumes_.end()) return std::nullopt;
  return Progress{it->second.resident_count, it->second.resident.size()};
}

}  // namespace hs::render
