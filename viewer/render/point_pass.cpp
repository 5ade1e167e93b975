// Atom probe layers: node selection per view, brick streaming and eviction, and the draw.
#include "render/point_pass.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "points/node_selection.h"
#include "points/point_pick.h"
#include "points/point_store.h"
#include "points/species_lut.h"
#include "scene/colormap.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

constexpr int kLutWidth = 4096;
constexpr std::size_t kMaxLutBins = std::size_t{kLutWidth} * 256;  // 10,485 Da at 0.01 Da
constexpr int kColormapWidth = 256;
constexpr RgbColor kUnrangedColor{0.35f, 0.35f, 0.35f};
constexpr std::uint8_t kDimmedAlpha = 128;  // dimmed unranged ions are drawn at half size
constexpr std::uint64_t kBytesPerIon = 16;  // x, y, z, mass as float32

// Streamer priority of a node's bricks: below the tables (2) and volume bricks (1), bigger nodes
// on screen first.
double brick_priority(double node_priority_px) { return 0.9 * node_priority_px / (node_priority_px + 100.0); }

GLuint new_texture() {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return texture;
}

// Layer nm -> world nm as a 4×4 matrix.
Eigen::Matrix4d layer_matrix(const LayerTransform& transform) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  m.block<3, 3>(0, 0) = layer_linear(transform);
  m.block<3, 1>(0, 3) = layer_to_world(transform, Eigen::Vector3d::Zero());
  return m;
}

// The clipping box (fractions of the bounds in the display) in the layer's nm.
std::pair<Eigen::Vector3d, Eigen::Vector3d> clip_box_nm(const Eigen::Vector3d& bounds_min, const Eigen::Vector3d& bounds_max,
                                                        const PointDisplay& display) {
  const Eigen::Vector3d extent = bounds_max - bounds_min;
  const Eigen::Vector3d lo(display.clip_min[0], display.clip_min[1], display.clip_min[2]);
  const Eigen::Vector3d hi(display.clip_max[0], display.clip_max[1], display.clip_max[2]);
  return {bounds_min + lo.cwiseProduct(extent), bounds_min + hi.cwiseProduct(extent)};
}

bool same_lut_inputs(const PointDisplay& a, const PointDisplay& b) {
  return a.ranges == b.ranges && a.hidden_ions == b.hidden_ions && a.unranged == b.unranged;
}

}  // namespace

PointPass::~PointPass() {
  for (auto& [id, cloud] : clouds_) release(cloud);
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
  if (attributes.bounds_nm) {
    const auto& [lo, hi] = *attributes.bounds_nm;
    cloud.bounds_min_nm = {lo[0], lo[1], lo[2]};
    cloud.bounds_max_nm = {hi[0], hi[1], hi[2]};
    cloud.origin_nm = 0.5 * (cloud.bounds_min_nm + cloud.bounds_max_nm);
  }
  if (attributes.mass_range_da) cloud.mass_range_da = *attributes.mass_range_da;
  cloud.store_ranges = attributes.ranges;
  cloud.lut = new_texture();
  cloud.colormap = new_texture();
  glBindTexture(GL_TEXTURE_2D, cloud.colormap);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  return cloud;
}

void PointPass::release(Cloud& cloud) {
  for (auto& [b, brick] : cloud.bricks) {
    glDeleteBuffers(1, &brick.buffer);
    gpu_bytes_ -= static_cast<std::uint64_t>(brick.rows) * kBytesPerIon;
  }
  cloud.bricks.clear();
  glDeleteTextures(1, &cloud.lut);
  glDeleteTextures(1, &cloud.colormap);
}

// Rebuilds the species LUT when the ranges, hidden species or unranged mode changed, and the
// colormap texture when its colormap changed. Neither touches the ions' buffers.
void PointPass::refresh_textures(Cloud& cloud) {
  const PointDisplay& display = cloud.display;
  if (!cloud.lut_display || !same_lut_inputs(*cloud.lut_display, display)) {
    const RangeTable& ranges = shown_ranges(display, cloud.store_ranges);
    const double max_mass = std::max(cloud.mass_range_da[1], 0.0);
    const auto bins = static_cast<std::size_t>(
        std::clamp(std::ceil(max_mass * kSpectrumBinsPerDa) + 1.0, 1.0, static_cast<double>(kMaxLutBins)));
    SpeciesLutOptions options{kSpectrumBinsPerDa, bins, kUnrangedColor, 255, {}};
    options.unranged_alpha = display.unranged == UnrangedIons::hidden   ? 0
                             : display.unranged == UnrangedIons::dimmed ? kDimmedAlpha
                                                                        : 255;
    for (const IonSpecies& ion : ranges.ions) options.hidden_ions.push_back(ion_hidden(display, ion.name));
    std::vector<std::uint8_t> lut = species_lut_rgba8(ranges, options);
    const std::size_t height = (bins + kLutWidth - 1) / kLutWidth;
    lut.resize(height * kLutWidth * 4, 0);
    glBindTexture(GL_TEXTURE_2D, cloud.lut);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kLutWidth, static_cast<GLsizei>(height), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 lut.data());
    cloud.lut_bins = static_cast<int>(bins);
    cloud.lut_display = display;
  }
  const std::pair<ColormapId, bool> colormap{display.colormap, display.reversed};
  if (cloud.colormap_built != colormap) {
    const std::vector<std::uint8_t> texels = colormap_texture_rgba8(colormap.first, colormap.second, kColormapWidth);
    glBindTexture(GL_TEXTURE_2D, cloud.colormap);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColormapWidth, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels.data());
    cloud.colormap_built = colormap;
  }
}

void PointPass::update(const Datasets& datasets, const std::vector<LayerState>& layers, const PointTables& tables,
                       BrickStreamer& streamer, const CameraState& camera, double width_px, double height_px) {
  ++frame_;
  std::map<int, Cloud> kept;
  int uploads = 0;
  const auto& entries = datasets.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DatasetEntry& entry = entries[i];
    if (!entry.points) continue;
    auto found = clouds_.find(entry.id);
    Cloud cloud = found != clouds_.end() ? std::move(found->second) : create(*entry.points);
    if (found != clouds_.end()) clouds_.erase(found);
    cloud.visible = dataset_visible(entry, i, layers);
    cloud.transform = dataset_transform(i, layers);
    cloud.display = dataset_point_display(entry, i, layers);
    refresh_textures(cloud);
    const PointTablesEntry* table = tables.find(entry.id);
    cloud.segments.clear();
    cloud.stats = {};
    if (cloud.visible && table != nullptr && table->nodes) {
      stream(cloud, entry, *table->nodes, streamer, camera, width_px, height_px, uploads);
    }
    kept.emplace(entry.id, std::move(cloud));
  }
  for (auto& [id, cloud] : clouds_) release(cloud);  // point stores that are gone
  clouds_ = std::move(kept);
  evict();
}

// Selects the nodes for the view, wants the bricks holding their rows (uploading those that
// arrived) and lists the rows of the nodes whose bricks are all resident.
void PointPass::stream(Cloud& cloud, const DatasetEntry& entry, const std::vector<OctreeNode>& nodes,
                       BrickStreamer& streamer, const CameraState& camera, double width_px, double height_px,
                       int& uploads) {
  const PointDisplay& display = cloud.display;
  const double aspect = width_px / height_px;
  const Eigen::Matrix4d layer_to_world = layer_matrix(cloud.transform);
  NodeSelectionView view;
  view.layer_to_clip = camera_projection_matrix(camera, aspect) * camera_view_matrix(camera) * layer_to_world;
  view.eye_in_layer_nm = (layer_to_world.inverse() * camera_eye_nm(camera).homogeneous()).head<3>();
  view.orthographic = camera.projection == Projection::orthographic;
  view.viewport_height_px = height_px;
  if (display.slab) {
    view.slab = NodeSelectionSlab{display.slab->center_nm, display.slab->normal, display.slab->thickness_nm};
  }
  const auto [clip_lo, clip_hi] = clip_box_nm(cloud.bounds_min_nm, cloud.bounds_max_nm, display);
  view.box_nm = Eigen::AlignedBox3d(clip_lo, clip_hi);
  const NodeSelection selection = select_nodes(nodes, view, display.point_budget);

  const std::uint64_t ion_count = entry.points->ion_count;
  PointCloudStats& stats = cloud.stats;
  std::vector<std::uint64_t> wanted_bricks;
  for (const SelectedNode& selected : selection.nodes) {
    const OctreeNode& node = nodes[selected.node];
    if (node.row_count == 0) continue;
    ++stats.nodes_wanted;
    stats.points_wanted += node.row_count;
    const std::uint64_t first_brick = node.row_start / kPointBrickRows;
    const std::uint64_t last_brick = (node.row_start + node.row_count - 1) / kPointBrickRows;
    bool all_resident = true;
    for (std::uint64_t b = first_brick; b <= last_brick; ++b) {
      wanted_bricks.push_back(b);
      auto it = cloud.bricks.find(b);
      if (it != cloud.bricks.end()) {
        it->second.last_used = frame_;
        continue;
      }
      all_resident = false;
      // Every missing brick is wanted each frame, so all of them stream in parallel (by
      // priority) however slow frames are; only the uploads are capped per frame.
      const double priority = brick_priority(selected.priority);
      auto positions = streamer.want({entry.id, std::string(kPositionArray), {b, 0}}, priority);
      auto masses = streamer.want({entry.id, std::string(kMassArray), {b}}, priority);
      if (!positions || !masses || uploads >= kMaxPointUploadsPerFrame) continue;
      upload(cloud, b, std::min(kPointBrickRows, ion_count - b * kPointBrickRows), *positions, *masses);
      ++uploads;
    }
    if (!all_resident) continue;  // drawn from the next frame on
    ++stats.nodes_drawn;
    stats.points_drawn += node.row_count;
    for (std::uint64_t b = first_brick; b <= last_brick; ++b) {
      const std::uint64_t lo = std::max(node.row_start, b * kPointBrickRows);
      const std::uint64_t hi = std::min(node.row_start + node.row_count, (b + 1) * kPointBrickRows);
      cloud.segments.push_back({b, static_cast<GLint>(lo - b * kPointBrickRows), static_cast<GLsizei>(hi - lo)});
    }
  }
  std::sort(wanted_bricks.begin(), wanted_bricks.end());
  wanted_bricks.erase(std::unique(wanted_bricks.begin(), wanted_bricks.end()), wanted_bricks.end());
  stats.bricks_wanted = wanted_bricks.size();
  for (std::uint64_t b : wanted_bricks) stats.bricks_resident += cloud.bricks.count(b);
  // Siblings are consecutive rows: merge touching segments of a brick into one draw call.
  std::sort(cloud.segments.begin(), cloud.segments.end(),
            [](const Segment& a, const Segment& b) { return std::tie(a.brick, a.first) < std::tie(b.brick, b.first); });
  std::vector<Segment> merged;
  for (const Segment& s : cloud.segments) {
    if (!merged.empty() && merged.back().brick == s.brick && merged.back().first + merged.back().count == s.first) {
      merged.back().count += s.count;
    } else {
      merged.push_back(s);
    }
  }
  cloud.segments = std::move(merged);
}

void PointPass::upload(Cloud& cloud, std::uint64_t brick, std::uint64_t rows, const Bytes& positions,
                       const Bytes& masses) {
  if (positions.size() < rows * 12 || masses.size() < rows * 4) return;  // cannot happen for valid bricks
  interleaved_.resize(rows * 4);
  for (std::uint64_t r = 0; r < rows; ++r) {
    float p[3], m;
    std::memcpy(p, positions.data() + r * 12, 12);
    std::memcpy(&m, masses.data() + r * 4, 4);
    for (int a = 0; a < 3; ++a) interleaved_[r * 4 + a] = static_cast<float>(p[a] - cloud.origin_nm[a]);
    interleaved_[r * 4 + 3] = m;
  }
  GpuBrick gpu{0, static_cast<GLsizei>(rows), frame_};
  glGenBuffers(1, &gpu.buffer);
  glBindBuffer(GL_ARRAY_BUFFER, gpu.buffer);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(interleaved_.size() * sizeof(float)), interleaved_.data(),
               GL_STATIC_DRAW);
  cloud.bricks.emplace(brick, gpu);
  gpu_bytes_ += rows * kBytesPerIon;
}

// Over the GPU budget: frees the least recently used bricks that this frame did not use.
void PointPass::evict() {
  while (gpu_bytes_ > kPointGpuBudgetBytes) {
    Cloud* oldest_cloud = nullptr;
    std::map<std::uint64_t, GpuBrick>::iterator oldest;
    for (auto& [id, cloud] : clouds_) {
      for (auto it = cloud.bricks.begin(); it != cloud.bricks.end(); ++it) {
        if (it->second.last_used == frame_) continue;
        if (oldest_cloud == nullptr || it->second.last_used < oldest->second.last_used) {
          oldest_cloud = &cloud;
          oldest = it;
        }
      }
    }
    if (oldest_cloud == nullptr) return;  // everything is in use: the budgets keep this rare
    glDeleteBuffers(1, &oldest->second.buffer);
    gpu_bytes_ -= static_cast<std::uint64_t>(oldest->second.rows) * kBytesPerIon;
    oldest_cloud->bricks.erase(oldest);
  }
}

std::optional<PointPass::DepthCue> PointPass::depth_cue() const {
  std::optional<DepthCue> cue;
  for (const auto& [id, cloud] : clouds_) {
    if (!cloud.visible || !cloud.display.depth_cue || cloud.segments.empty()) continue;
    const double extent_nm = (layer_linear(cloud.transform) * (cloud.bounds_max_nm - cloud.bounds_min_nm)).norm();
    if (!cue) cue = DepthCue{};
    cue->strength = std::max(cue->strength, cloud.display.depth_cue_strength);
    cue->extent_nm = std::max(cue->extent_nm, extent_nm);
  }
  // A cloud of one point (or none) has no extent: any positive scale then shades nothing.
  if (cue && !(cue->extent_nm > 0)) cue->extent_nm = 1.0;
  return cue;
}

void PointPass::draw(const CameraState& camera, double aspect, double height_px, double ui_scale) {
  if (clouds_.empty()) return;
  Eigen::Matrix4d rotation = camera_view_matrix(camera);
  rotation.block<3, 1>(0, 3).setZero();  // camera-relative: the eye sits at the origin
  const Eigen::Matrix4d projection = camera_projection_matrix(camera, aspect);
  const Eigen::Matrix4f view_proj = (projection * rotation).cast<float>();
  const Eigen::Vector3d eye = camera_eye_nm(camera);

  glUseProgram(program_.id());
  glUniformMatrix4fv(program_.uniform("u_view_proj_rotation"), 1, GL_FALSE, view_proj.data());
  glUniform1f(program_.uniform("u_nm_to_px"), static_cast<float>(projection(1, 1) * height_px / 2.0));
  glUniform1i(program_.uniform("u_lut"), 0);
  glUniform1i(program_.uniform("u_colormap"), 1);
  glUniform1i(program_.uniform("u_lut_width"), kLutWidth);
  glUniform1f(program_.uniform("u_bins_per_da"), static_cast<float>(kSpectrumBinsPerDa));
  glUniform4f(program_.uniform("u_outside_color"), kUnrangedColor.r, kUnrangedColor.g, kUnrangedColor.b, 1.0f);
  glEnable(GL_DEPTH_TEST);
  glBindVertexArray(vao_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  for (const auto& [id, cloud] : clouds_) {
    if (!cloud.visible || cloud.segments.empty()) continue;
    const PointDisplay& display = cloud.display;
    const Eigen::Vector3f origin_from_eye = (layer_to_world(cloud.transform, cloud.origin_nm) - eye).cast<float>();
    const Eigen::Matrix3f linear = layer_linear(cloud.transform).cast<float>();
    glUniform3f(program_.uniform("u_origin_from_eye_nm"), origin_from_eye.x(), origin_from_eye.y(), origin_from_eye.z());
    glUniformMatrix3fv(program_.uniform("u_layer_linear"), 1, GL_FALSE, linear.data());
    const bool in_nm = display.point_size_unit == PointSizeUnit::nm;
    glUniform1f(program_.uniform("u_point_size_px"), in_nm ? 0.0f : static_cast<float>(display.point_size * ui_scale));
    glUniform1f(program_.uniform("u_point_size_nm"), in_nm ? static_cast<float>(display.point_size) : 0.0f);
    glUniform1i(program_.uniform("u_color_by"), static_cast<int>(display.color_by));
    glUniform1i(program_.uniform("u_lut_bins"), cloud.lut_bins);
    const std::array<double, 2> mass_window =
        display.mass_window ? std::array<double, 2>{display.mass_window->first, display.mass_window->second}
                            : cloud.mass_range_da;
    const std::array<double, 2> range =
        display.color_by == PointColorBy::depth
            ? std::array<double, 2>{cloud.bounds_min_nm.z() - cloud.origin_nm.z(), cloud.bounds_max_nm.z() - cloud.origin_nm.z()}
            : mass_window;
    glUniform2f(program_.uniform("u_colormap_range"), static_cast<float>(range[0]), static_cast<float>(range[1]));
    glUniform3f(program_.uniform("u_single_color"), display.single_color.r, display.single_color.g,
                display.single_color.b);
    // A hair of slack so that ions on the clip box's faces (the bounds) survive float rounding.
    const auto [clip_lo, clip_hi] = clip_box_nm(cloud.bounds_min_nm, cloud.bounds_max_nm, display);
    const Eigen::Vector3d slack = Eigen::Vector3d::Constant(1e-6 * (cloud.bounds_max_nm - cloud.bounds_min_nm).norm() + 1e-6);
    const Eigen::Vector3f clip_min = (clip_lo - cloud.origin_nm - slack).cast<float>();
    const Eigen::Vector3f clip_max = (clip_hi - cloud.origin_nm + slack).cast<float>();
    glUniform3f(program_.uniform("u_clip_min"), clip_min.x(), clip_min.y(), clip_min.z());
    glUniform3f(program_.uniform("u_clip_max"), clip_max.x(), clip_max.y(), clip_max.z());
    if (display.slab) {
      const Eigen::Vector3d& n = display.slab->normal;
      const double offset = n.dot(display.slab->center_nm - cloud.origin_nm);
      glUniform4f(program_.uniform("u_slab"), static_cast<float>(n.x()), static_cast<float>(n.y()),
                  static_cast<float>(n.z()), static_cast<float>(offset));
      glUniform1f(program_.uniform("u_slab_half_nm"), static_cast<float>(display.slab->thickness_nm / 2.0));
    } else {
      glUniform1f(program_.uniform("u_slab_half_nm"), -1.0f);
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, cloud.lut);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, cloud.colormap);
    for (const Segment& segment : cloud.segments) {
      glBindBuffer(GL_ARRAY_BUFFER, cloud.bricks.at(segment.brick).buffer);
      glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 16, nullptr);
      glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 16, reinterpret_cast<const void*>(12));
      glDrawArrays(GL_POINTS, segment.first, segment.count);
    }
  }
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(0);
  glDisable(GL_DEPTH_TEST);
}

std::optional<PickedIon> PointPass::pick(BrickStreamer& streamer, const CameraState& camera, double width_px,
                                         double height_px, const Eigen::Vector2d& cursor_px, double radius_px) const {
  std::optional<PickedPoint> best;
  std::optional<PickedIon> picked;
  const Eigen::Matrix4d world_to_clip = camera_projection_matrix(camera, width_px / height_px) * camera_view_matrix(camera);
  for (const auto& [id, cloud] : clouds_) {
    if (!cloud.visible) continue;
    const PointDisplay& display = cloud.display;
    PickQuery query;
    query.layer_to_clip = world_to_clip * layer_matrix(cloud.transform);
    query.cursor_px = cursor_px;
    query.viewport_px = {width_px, height_px};
    query.radius_px = radius_px;
    const std::pair<Eigen::Vector3d, Eigen::Vector3d> clip = clip_box_nm(cloud.bounds_min_nm, cloud.bounds_max_nm, display);
    const RangeTable& ranges = shown_ranges(display, cloud.store_ranges);
    for (const Segment& segment : cloud.segments) {
      auto positions = streamer.want({id, std::string(kPositionArray), {segment.brick, 0}}, 0.0);
      auto masses = streamer.want({id, std::string(kMassArray), {segment.brick}}, 0.0);
      if (!positions || !masses) continue;
      const std::size_t first = static_cast<std::size_t>(segment.first);
      const auto xyz = std::span<const float>(reinterpret_cast<const float*>(positions->data()), positions->size() / 4)
                           .subspan(3 * first, 3 * static_cast<std::size_t>(segment.count));
      const auto mass = std::span<const float>(reinterpret_cast<const float*>(masses->data()), masses->size() / 4)
                            .subspan(first, static_cast<std::size_t>(segment.count));
      const auto visible = [&](std::size_t i) {
        const Eigen::Vector3d p(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        if ((p.array() < clip.first.array()).any() || (p.array() > clip.second.array()).any()) return false;
        if (display.slab && !in_slab(*display.slab, p)) return false;
        if (display.color_by != PointColorBy::species) return true;
        const auto ion = find_ion(ranges, mass[i]);
        return ion ? !ion_hidden(display, ranges.ions[*ion].name) : display.unranged != UnrangedIons::hidden;
      };
      const std::uint64_t first_row = segment.brick * kPointBrickRows + first;
      const auto found = pick_point(xyz, first_row, query, visible);
      if (!found || (best && found->depth >= best->depth)) continue;
      best = found;
      const std::size_t i = found->row - first_row;
      picked = PickedIon{id, found->row, Eigen::Vector3d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]), mass[i]};
    }
  }
  return picked;
}

std::optional<PointCloudStats> PointPass::stats(int dataset_id) const {
  const auto it = clouds_.find(dataset_id);
  if (it == clouds_.end()) return std::nullopt;
  return it->second.stats;
}

}  // namespace hs::render
