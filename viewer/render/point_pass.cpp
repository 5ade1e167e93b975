// Atom probe layers: the first bricks of rows up to the point budget, uploaded as they arrive.
#include "render/point_pass.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <Eigen/Core>

#include "points/point_store.h"
#include "points/species_lut.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

constexpr int kLutWidth = 4096;
constexpr std::size_t kMaxLutBins = std::size_t{kLutWidth} * 256;  // 10,485 Da at 0.01 Da

}  // namespace

PointPass::~PointPass() {
  for (auto& [id, cloud] : clouds_) {
    glDeleteBuffers(static_cast<GLsizei>(cloud.buffers.size()), cloud.buffers.data());
    glDeleteTextures(1, &cloud.lut);
  }
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status PointPass::init() {
  auto program = GlProgram::build("points", shaders::points_vert, shaders::points_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  return {};
}

PointPass::Cloud PointPass::create(const PointStoreAttributes& attributes) const {
  Cloud cloud;
  const std::uint64_t rows = std::min(attributes.ion_count, kDefaultPointBudget);
  const std::uint64_t bricks = (rows + kPointBrickRows - 1) / kPointBrickRows;
  cloud.buffers.assign(bricks, 0);
  cloud.counts.assign(bricks, 0);
  if (attributes.bounds_nm) {
    for (std::size_t a = 0; a < 3; ++a) {
      cloud.origin_nm[a] = 0.5 * ((*attributes.bounds_nm)[0][a] + (*attributes.bounds_nm)[1][a]);
    }
  }
  const double max_mass = attributes.mass_range_da ? (*attributes.mass_range_da)[1] : 0.0;
  const auto bins = static_cast<std::size_t>(
      std::clamp(std::ceil(std::max(max_mass, 0.0) * kSpectrumBinsPerDa) + 1.0, 1.0, static_cast<double>(kMaxLutBins)));
  cloud.lut_bins = static_cast<int>(bins);
  std::vector<std::uint8_t> lut = species_lut_rgba8(attributes.ranges, {kSpectrumBinsPerDa, bins, {0.35f, 0.35f, 0.35f}, true});
  const std::size_t height = (bins + kLutWidth - 1) / kLutWidth;
  lut.resize(height * kLutWidth * 4, 0);
  glGenTextures(1, &cloud.lut);
  glBindTexture(GL_TEXTURE_2D, cloud.lut);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kLutWidth, static_cast<GLsizei>(height), 0, GL_RGBA, GL_UNSIGNED_BYTE,
               lut.data());
  return cloud;
}

void PointPass::update(const Datasets& datasets, const std::vector<LayerState>& layers, BrickStreamer& streamer) {
  std::map<int, Cloud> kept;
  int uploads = 0;
  const auto& entries = datasets.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DatasetEntry& entry = entries[i];
    if (!entry.points) continue;
    const PointStoreAttributes& attributes = *entry.points;
    auto found = clouds_.find(entry.id);
    Cloud cloud = found != clouds_.end() ? std::move(found->second) : create(attributes);
    if (found != clouds_.end()) clouds_.erase(found);
    cloud.visible = dataset_visible(entry, i, layers);
    cloud.transform = dataset_transform(i, layers);
    for (std::uint64_t b = 0; cloud.visible && b < cloud.buffers.size(); ++b) {
      if (cloud.buffers[b] != 0 || uploads >= kMaxPointUploadsPerFrame) continue;
      // Earlier rows first: they are the coarse levels of the octree.
      const double priority = 1.0 - static_cast<double>(b) / static_cast<double>(cloud.buffers.size());
      auto positions = streamer.want({entry.id, std::string(kPositionArray), {b, 0}}, priority);
      auto masses = streamer.want({entry.id, std::string(kMassArray), {b}}, priority);
      if (!positions || !masses) continue;
      const std::uint64_t rows = std::min(kPointBrickRows, attributes.ion_count - b * kPointBrickRows);
      if (positions->size() < rows * 12 || masses->size() < rows * 4) continue;  // cannot happen for valid bricks
      interleaved_.resize(rows * 4);
      for (std::uint64_t r = 0; r < rows; ++r) {
        float p[3], m;
        std::memcpy(p, positions->data() + r * 12, 12);
        std::memcpy(&m, masses->data() + r * 4, 4);
        for (std::size_t a = 0; a < 3; ++a) interleaved_[r * 4 + a] = static_cast<float>(p[a] - cloud.origin_nm[a]);
        interleaved_[r * 4 + 3] = m;
      }
      glGenBuffers(1, &cloud.buffers[b]);
      glBindBuffer(GL_ARRAY_BUFFER, cloud.buffers[b]);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(interleaved_.size() * sizeof(float)), interleaved_.data(),
                   GL_STATIC_DRAW);
      cloud.counts[b] = static_cast<GLsizei>(rows);
      ++cloud.resident;
      ++uploads;
    }
    kept.emplace(entry.id, std::move(cloud));
  }
  for (auto& [id, cloud] : clouds_) {  // point stores that are gone
    glDeleteBuffers(static_cast<GLsizei>(cloud.buffers.size()), cloud.buffers.data());
    glDeleteTextures(1, &cloud.lut);
  }
  clouds_ = std::move(kept);
}

void PointPass::draw(const CameraState& camera, double aspect, double point_size_px) {
  if (clouds_.empty()) return;
  Eigen::Matrix4d rotation = camera_view_matrix(camera);
  rotation.block<3, 1>(0, 3).setZero();  // camera-relative: the eye sits at the origin
  const Eigen::Matrix4f view_proj = (camera_projection_matrix(camera, aspect) * rotation).cast<float>();
  const Eigen::Vector3d eye = camera_eye_nm(camera);

  glUseProgram(program_.id());
  glUniformMatrix4fv(program_.uniform("u_view_proj_rotation"), 1, GL_FALSE, view_proj.data());
  glUniform1f(program_.uniform("u_point_size_px"), static_cast<float>(point_size_px));
  glUniform1i(program_.uniform("u_lut"), 0);
  glUniform1i(program_.uniform("u_lut_width"), kLutWidth);
  glUniform1f(program_.uniform("u_bins_per_da"), static_cast<float>(kSpectrumBinsPerDa));
  glUniform4f(program_.uniform("u_outside_color"), 0.35f, 0.35f, 0.35f, 1.0f);
  glEnable(GL_DEPTH_TEST);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vao_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  for (const auto& [id, cloud] : clouds_) {
    if (!cloud.visible) continue;
    const Eigen::Vector3d origin(cloud.origin_nm[0], cloud.origin_nm[1], cloud.origin_nm[2]);
    const Eigen::Vector3f origin_from_eye = (layer_to_world(cloud.transform, origin) - eye).cast<float>();
    const Eigen::Matrix3f linear = layer_linear(cloud.transform).cast<float>();
    glUniform3f(program_.uniform("u_origin_from_eye_nm"), origin_from_eye.x(), origin_from_eye.y(), origin_from_eye.z());
    glUniformMatrix3fv(program_.uniform("u_layer_linear"), 1, GL_FALSE, linear.data());
    glUniform1i(program_.uniform("u_lut_bins"), cloud.lut_bins);
    glBindTexture(GL_TEXTURE_2D, cloud.lut);
    for (std::size_t b = 0; b < cloud.buffers.size(); ++b) {
      if (cloud.buffers[b] == 0) continue;
      glBindBuffer(GL_ARRAY_BUFFER, cloud.buffers[b]);
      glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 16, nullptr);
      glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(12));
      glDrawArrays(GL_POINTS, 0, cloud.counts[b]);
    }
  }
  glBindVertexArray(0);
  glDisable(GL_DEPTH_TEST);
}

std::optional<std::array<std::uint64_t, 2>> PointPass::progress(int dataset_id) const {
  const auto it = clouds_.find(dataset_id);
  if (it == clouds_.end()) return std::nullopt;
  return std::array<std::uint64_t, 2>{it->second.resident, it->second.buffers.size()};
}

}  // namespace hs::render
