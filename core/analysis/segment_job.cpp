// A segmentation job: read, segment, measure, profile, describe.
#include "analysis/segment_job.h"

#include <cmath>

#include "analysis/particles.h"
#include "analysis/volume_input.h"
#include "store/ome_multiscales.h"

namespace hs {
namespace {

// A number, or null for NaN (JSON has no NaN).
json::Value number_or_null(double value) { return std::isnan(value) ? json::Value() : json::Value(value); }

json::Value particles_json(const ParticleTable& table) {
  json::Array list;
  for (const Particle& p : table.particles) {
    const ValueStats& s = p.channels.front();
    json::Object o;
    o.emplace_back("label", static_cast<double>(p.label));
    o.emplace_back("voxels", static_cast<double>(p.voxel_count));
    o.emplace_back("volume", p.volume);
    o.emplace_back("diameter", p.equivalent_diameter);
    o.emplace_back("centroid_xyz", json::Array{p.centroid_zyx[2], p.centroid_zyx[1], p.centroid_zyx[0]});
    o.emplace_back("sphericity", p.sphericity);
    o.emplace_back("touches_border", p.touches_border);
    o.emplace_back("mean", number_or_null(s.mean));
    o.emplace_back("std", number_or_null(s.std));
    o.emplace_back("median", number_or_null(s.median));
    o.emplace_back("out_of_range", s.fraction_out_of_range);
    list.emplace_back(std::move(o));
  }
  return list;
}

// Per label, the shells' mean, std and value count side by side (rows come label, then shell).
json::Value profile_json(const ProfileTable& table, std::uint32_t shells) {
  json::Array labels, means, stds, counts;
  for (std::size_t i = 0; i < table.rows.size(); i += shells) {
    json::Array mean, std, count;
    for (std::size_t k = i; k < i + shells && k < table.rows.size(); ++k) {
      mean.push_back(number_or_null(table.rows[k].stats.mean));
      std.push_back(number_or_null(table.rows[k].stats.std));
      count.emplace_back(static_cast<double>(table.rows[k].stats.count));
    }
    labels.emplace_back(static_cast<double>(table.rows[i].label));
    means.push_back(std::move(mean));
    stds.push_back(std::move(std));
    counts.push_back(std::move(count));
  }
  json::Object o;
  o.emplace_back("shells", static_cast<double>(shells));
  o.emplace_back("labels", std::move(labels));
  o.emplace_back("mean", std::move(means));
  o.emplace_back("std", std::move(stds));
  o.emplace_back("count", std::move(counts));
  return o;
}

}  // namespace

Result<json::Value> run_segment_job(ReadableStore& store, const std::string& name, const SegmentJob& job,
                                    const AnalysisControl* control) {
  auto image = open_analysis_image(store, name);
  if (!image) return image.error();
  const ImageLayout& layout = image->layout;
  const SegmentationRecipe& recipe = job.recipe;
  std::size_t level = 0;
  if (recipe.level) {
    level = static_cast<std::size_t>(*recipe.level);
  } else if (const auto fitting = choose_level(layout, 1, job.budget_bytes)) {
    level = *fitting;
  } else {
    return make_error(ErrorCode::limit, name + ": even the coarsest level does not fit the analysis memory budget");
  }
  const AnalysisControl read_control = sub_control(control, 0.0, 0.4);
  auto grid = read_volume(store, *image, VolumeSelection{level, recipe.channel, recipe.time}, &read_control);
  if (!grid) return grid.error();
  const AnalysisControl recipe_control = sub_control(control, 0.4, 0.8);
  auto labels = run_recipe(*grid, recipe, &recipe_control);
  if (!labels) return labels.error();

  ChannelSemantics semantics;
  if (recipe.channel < layout.metadata.semantics.size()) semantics = layout.metadata.semantics[recipe.channel];
  // World positions: voxel (z, y, x) has its centre at index * size + the first voxel's centre.
  const double unit_nm = ome_unit_nm(grid->voxel.unit).value_or(1.0);
  ParticleParams params;
  for (std::size_t a = 0; a < 3; ++a) params.origin_zyx[a] = layout.levels[level].first_center_nm_zyx[a] / unit_nm;
  const ParticleChannel channel{semantics.quantity, recipe.time, &*grid, semantics.characteristic_range};
  const AnalysisControl measure_control = sub_control(control, 0.8, 0.9);
  auto table = particle_table(labels->grid, std::span<const ParticleChannel>(&channel, 1), params, &measure_control);
  if (!table) return table.error();

  ProfileInput input;
  input.time = recipe.time;
  input.channel = recipe.channel;
  input.values = &*grid;
  input.characteristic_range = semantics.characteristic_range;
  ProfileOptions options;
  options.by = ProfileBy::normalized_depth;
  options.shell_count = job.profile_shells;
  const AnalysisControl profile_control = sub_control(control, 0.9, 1.0);
  auto profiles = compute_profiles(labels->grid, {input}, options, &profile_control);
  if (!profiles) return profiles.error();

  const VoxelSize& voxel = grid->voxel;
  json::Value range;
  if (semantics.characteristic_range) range = json::Array{semantics.characteristic_range->first, semantics.characteristic_range->second};
  json::Object reply;
  reply.emplace_back("level", static_cast<double>(level));
  reply.emplace_back("shape_zyx", json::Array{static_cast<double>(grid->shape.nz), static_cast<double>(grid->shape.ny),
                                              static_cast<double>(grid->shape.nx)});
  reply.emplace_back("voxel_size_zyx", json::Array{voxel.zyx[0], voxel.zyx[1], voxel.zyx[2]});
  reply.emplace_back("unit", voxel.unit);
  reply.emplace_back("value", semantics.quantity);
  reply.emplace_back("value_unit", semantics.unit);
  reply.emplace_back("range", std::move(range));
  reply.emplace_back("recipe", recipe_to_json(recipe));
  reply.emplace_back("count", static_cast<double>(labels->count));
  reply.emplace_back("particles", particles_json(*table));
  reply.emplace_back("profile", profile_json(*profiles, job.profile_shells));
  return json::Value(std::move(reply));
}

}  // namespace hs
