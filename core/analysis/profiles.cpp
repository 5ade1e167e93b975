// Depth and radial profiles: per particle box, a distance per voxel, shells by counting sort, then
// the statistics of every input shell by shell.
#include "analysis/profiles.h"

#include <algorithm>
#include <cmath>

#include "analysis/distance_transform.h"
#include "json/json.h"

namespace hs {
namespace {

// Voxel box [lo, hi) along z, y, x.
struct Box {
  std::array<std::int64_t, 3> lo{}, hi{};
};

// The labels present in a grid and each one's bounding box. Labels index a direct table when
// they are at most the voxel count (always so for labels 1..N), else a sorted list.
struct LabelBoxes {
  std::vector<std::uint32_t> labels;  // ascending
  std::vector<Box> boxes;             // per entry of `labels`

  std::optional<std::size_t> find(std::uint32_t label) const {
    const auto it = std::lower_bound(labels.begin(), labels.end(), label);
    if (it == labels.end() || *it != label) return std::nullopt;
    return static_cast<std::size_t>(it - labels.begin());
  }
};

LabelBoxes label_boxes(const LabelGrid& grid) {
  const std::vector<std::uint32_t>& v = grid.values;
  const std::uint32_t max_label = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  LabelBoxes out;
  std::vector<std::uint32_t> slot;  // label -> index + 1 (0 = absent), direct case only
  if (max_label <= v.size()) {
    std::vector<std::uint8_t> present(static_cast<std::size_t>(max_label) + 1, 0);
    for (std::uint32_t label : v) present[label] = 1;
    slot.assign(present.size(), 0);
    for (std::uint32_t label = 1; label <= max_label; ++label) {
      if (!present[label]) continue;
      out.labels.push_back(label);
      slot[label] = static_cast<std::uint32_t>(out.labels.size());
    }
  } else {
    out.labels = v;
    std::sort(out.labels.begin(), out.labels.end());
    out.labels.erase(std::unique(out.labels.begin(), out.labels.end()), out.labels.end());
    if (!out.labels.empty() && out.labels.front() == 0) out.labels.erase(out.labels.begin());
  }
  Box empty;
  empty.lo = {grid.shape.nz, grid.shape.ny, grid.shape.nx};
  out.boxes.assign(out.labels.size(), empty);
  std::size_t i = 0;
  for (std::int64_t z = 0; z < grid.shape.nz; ++z) {
    for (std::int64_t y = 0; y < grid.shape.ny; ++y) {
      for (std::int64_t x = 0; x < grid.shape.nx; ++x, ++i) {
        const std::uint32_t label = v[i];
        if (label == 0) continue;
        const std::size_t k = slot.empty() ? *out.find(label) : slot[label] - 1;
        Box& b = out.boxes[k];
        const std::array<std::int64_t, 3> p{z, y, x};
        for (std::size_t a = 0; a < 3; ++a) {
          b.lo[a] = std::min(b.lo[a], p[a]);
          b.hi[a] = std::max(b.hi[a], p[a] + 1);
        }
      }
    }
  }
  return out;
}

// Scratch buffers reused from particle to particle.
struct Scratch {
  MaskGrid mask;
  std::vector<double> distance;        // per box voxel (particle voxels only)
  std::vector<std::int64_t> shell_of;  // per box voxel; -1 outside the particle
  std::vector<std::size_t> order;      // global voxel indexes, grouped by shell
  std::vector<std::size_t> first;      // per shell: start in `order`; one extra at the end
  std::vector<float> values;
};

Status profile_particle(const LabelGrid& labels, std::uint32_t label, const Box& particle_box,
                        const std::vector<ProfileInput>& inputs, const ProfileOptions& options, Scratch& s,
                        std::vector<ProfileRow>& rows) {
  const GridShape& full = labels.shape;
  Box box;  // the particle's box plus one voxel, inside the grid
  const std::array<std::int64_t, 3> extent{full.nz, full.ny, full.nx};
  for (std::size_t a = 0; a < 3; ++a) {
    box.lo[a] = std::max<std::int64_t>(particle_box.lo[a] - 1, 0);
    box.hi[a] = std::min(particle_box.hi[a] + 1, extent[a]);
  }
  const GridShape shape{box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]};
  const std::size_t n = shape.voxel_count();
  const auto global = [&](std::int64_t z, std::int64_t y, std::int64_t x) {
    return full.index(z + box.lo[0], y + box.lo[1], x + box.lo[2]);
  };
  const auto& size = labels.voxel.zyx;

  s.mask.shape = shape;
  s.mask.voxel = labels.voxel;
  s.mask.values.assign(n, 0);
  std::size_t i = 0;
  for (std::int64_t z = 0; z < shape.nz; ++z) {
    for (std::int64_t y = 0; y < shape.ny; ++y) {
      for (std::int64_t x = 0; x < shape.nx; ++x, ++i) s.mask.values[i] = labels.values[global(z, y, x)] == label;
    }
  }

  s.distance.assign(n, 0.0);
  if (options.by == ProfileBy::radius) {
    std::array<double, 3> sum{};
    std::uint64_t count = 0;
    i = 0;
    for (std::int64_t z = 0; z < shape.nz; ++z) {
      for (std::int64_t y = 0; y < shape.ny; ++y) {
        for (std::int64_t x = 0; x < shape.nx; ++x, ++i) {
          if (!s.mask.values[i]) continue;
          sum[0] += static_cast<double>(z) * size[0];
          sum[1] += static_cast<double>(y) * size[1];
          sum[2] += static_cast<double>(x) * size[2];
          ++count;
        }
      }
    }
    const std::array<double, 3> centre{sum[0] / static_cast<double>(count), sum[1] / static_cast<double>(count),
                                       sum[2] / static_cast<double>(count)};
    i = 0;
    for (std::int64_t z = 0; z < shape.nz; ++z) {
      for (std::int64_t y = 0; y < shape.ny; ++y) {
        for (std::int64_t x = 0; x < shape.nx; ++x, ++i) {
          const double dz = static_cast<double>(z) * size[0] - centre[0];
          const double dy = static_cast<double>(y) * size[1] - centre[1];
          const double dx = static_cast<double>(x) * size[2] - centre[2];
          s.distance[i] = std::sqrt(dz * dz + dy * dy + dx * dx);
        }
      }
    }
  } else {
    auto edt = distance_transform(s.mask, DistanceTo::background);
    if (!edt) return edt.error();
    for (i = 0; i < n; ++i) s.distance[i] = static_cast<double>(edt->values[i]);
    if (std::isinf(s.distance[0])) {
      return make_error(ErrorCode::invalid_argument, "profiles: label " + std::to_string(label) +
                                                         " fills the whole volume: it has no surface to measure depth from");
    }
  }

  // Shell of each particle voxel.
  double max_distance = 0;
  for (i = 0; i < n; ++i) {
    if (s.mask.values[i]) max_distance = std::max(max_distance, s.distance[i]);
  }
  const bool normalized = options.by == ProfileBy::normalized_depth;
  const auto shell_count = static_cast<double>(options.shell_count);
  s.shell_of.assign(n, -1);
  std::int64_t last_shell = normalized ? static_cast<std::int64_t>(options.shell_count) - 1 : 0;
  for (i = 0; i < n; ++i) {
    if (!s.mask.values[i]) continue;
    std::int64_t k = 0;
    if (normalized) {
      const double shell = std::floor(s.distance[i] / max_distance * shell_count);
      k = std::min(static_cast<std::int64_t>(shell), last_shell);
    } else {
      k = static_cast<std::int64_t>(std::floor(s.distance[i] / options.shell_width));
      last_shell = std::max(last_shell, k);
    }
    s.shell_of[i] = k;
  }

  // Counting sort of the particle's voxels by shell (stable: raster order within a shell).
  const auto shells = static_cast<std::size_t>(last_shell + 1);
  s.first.assign(shells + 1, 0);
  for (i = 0; i < n; ++i) {
    if (s.shell_of[i] >= 0) ++s.first[static_cast<std::size_t>(s.shell_of[i]) + 1];
  }
  for (std::size_t k = 0; k < shells; ++k) s.first[k + 1] += s.first[k];
  s.order.resize(s.first[shells]);
  std::vector<std::size_t> next(s.first.begin(), s.first.end() - 1);
  i = 0;
  for (std::int64_t z = 0; z < shape.nz; ++z) {
    for (std::int64_t y = 0; y < shape.ny; ++y) {
      for (std::int64_t x = 0; x < shape.nx; ++x, ++i) {
        if (s.shell_of[i] >= 0) s.order[next[static_cast<std::size_t>(s.shell_of[i])]++] = global(z, y, x);
      }
    }
  }

  for (std::size_t input = 0; input < inputs.size(); ++input) {
    const ProfileInput& in = inputs[input];
    s.values.resize(s.order.size());
    for (std::size_t j = 0; j < s.order.size(); ++j) s.values[j] = in.values->values[s.order[j]];
    for (std::size_t k = 0; k < shells; ++k) {
      ProfileRow row;
      row.label = label;
      row.input = input;
      row.shell = static_cast<std::uint32_t>(k);
      const double width = normalized ? 1.0 / shell_count : options.shell_width;
      row.shell_start = static_cast<double>(k) * width;
      row.shell_end = static_cast<double>(k + 1) * width;
      if (normalized && k + 1 == shells) row.shell_end = 1.0;
      row.voxels = s.first[k + 1] - s.first[k];
      const std::span<const float> shell_values(s.values.data() + s.first[k], row.voxels);
      row.stats = value_stats(shell_values, in.characteristic_range);
      rows.push_back(row);
    }
  }
  return {};
}

// A length unit's short name for CSV headers.
std::string unit_suffix(const std::string& unit) {
  if (unit.empty()) return "voxel";
  if (unit == "micrometer") return "um";
  if (unit == "nanometer") return "nm";
  if (unit == "millimeter") return "mm";
  if (unit == "meter") return "m";
  return unit;
}

// One CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The shortest text that reads back to `value`; empty for NaN.
std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return json::write(json::Value(value));
}

}  // namespace

const char* profile_by_name(ProfileBy by) {
  switch (by) {
    case ProfileBy::depth: return "depth";
    case ProfileBy::normalized_depth: return "normalized-depth";
    case ProfileBy::radius: return "radius";
  }
  return "depth";
}

std::optional<ProfileBy> parse_profile_by(std::string_view name) {
  for (ProfileBy by : {ProfileBy::depth, ProfileBy::normalized_depth, ProfileBy::radius}) {
    if (name == profile_by_name(by)) return by;
  }
  return std::nullopt;
}

Result<ProfileTable> compute_profiles(const LabelGrid& labels, const std::vector<ProfileInput>& inputs,
                                      const ProfileOptions& options, const AnalysisControl* control) {
  const auto bad = [](const std::string& message) { return make_error(ErrorCode::invalid_argument, message); };
  if (options.by == ProfileBy::normalized_depth) {
    if (options.shell_count == 0) return bad("profiles: the number of shells must be at least 1");
  } else if (!(options.shell_width > 0) || !std::isfinite(options.shell_width)) {
    return bad("profiles: the shell width must be a positive number (got " + csv_number(options.shell_width) + ")");
  }
  if (labels.values.size() != labels.shape.voxel_count()) return bad("profiles: the labels grid is inconsistent");
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const FloatGrid* grid = inputs[k].values;
    if (grid == nullptr || !(grid->shape == labels.shape) || grid->values.size() != labels.values.size()) {
      return bad("profiles: input " + std::to_string(k) + " (time " + std::to_string(inputs[k].time) + ", channel " +
                 std::to_string(inputs[k].channel) + ") is missing or not on the labels' grid");
    }
  }
  const LabelBoxes boxes = label_boxes(labels);
  std::vector<std::uint32_t> selected = options.labels;
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  if (selected.empty()) selected = boxes.labels;
  for (std::uint32_t label : selected) {
    if (!boxes.find(label)) return bad("profiles: label " + std::to_string(label) + " is not in the labels image");
  }

  ProfileTable table;
  table.options = options;
  table.length_unit = labels.voxel.unit;
  table.inputs = inputs;
  Scratch scratch;
  StepProgress progress(control, selected.size());
  for (std::size_t p = 0; p < selected.size(); ++p) {
    if (!progress.update(p)) return cancelled_error("profiles");
    const Status status = profile_particle(labels, selected[p], boxes.boxes[*boxes.find(selected[p])], inputs,
                                           options, scratch, table.rows);
    if (!status) return status.error();
  }
  progress.update(selected.size());
  return table;
}

std::string profiles_csv(const ProfileTable& table) {
  const std::string length =
      table.options.by == ProfileBy::normalized_depth ? "relative" : unit_suffix(table.length_unit);
  std::string out = "label,time,time_label,channel,channel_label,profile,shell,shell_start_" + length + ",shell_end_" +
                    length + ",voxels,count,mean,std,median,fraction_out_of_range,value_unit\n";
  const std::string by = profile_by_name(table.options.by);
  for (const ProfileRow& row : table.rows) {
    const ProfileInput& in = table.inputs[row.input];
    out += std::to_string(row.label) + ',' + std::to_string(in.time) + ',' + csv_field(in.time_label) + ',' +
           std::to_string(in.channel) + ',' + csv_field(in.channel_label) + ',' + by + ',' +
           std::to_string(row.shell) + ',' + csv_number(row.shell_start) + ',' + csv_number(row.shell_end) + ',' +
           std::to_string(row.voxels) + ',' + std::to_string(row.stats.count) + ',' + csv_number(row.stats.mean) +
           ',' + csv_number(row.stats.std) + ',' + csv_number(row.stats.median) + ',' +
           (in.characteristic_range ? csv_number(row.stats.fraction_out_of_range) : "") + ',' + csv_field(in.unit) +
           '\n';
  }
  return out;
}

}  // namespace hs
