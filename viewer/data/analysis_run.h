// The Analysis panel's segmentation run: its status and progress, and its result as the data
// worker described it (core/analysis/segment_job.h), read into plain rows for the table and plots.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "util/result.h"

namespace hs {

struct ParticleRow {
  std::uint32_t label = 0;
  double voxels = 0, volume = 0, diameter = 0, sphericity = 0;
  std::array<double, 3> centroid_xyz{};
  bool touches_border = false;
  double mean = 0, std = 0, median = 0, out_of_range = 0;  // NaN where the particle has no value
};

struct ParticleProfile {
  std::vector<double> mean, std, count;  // per shell of normalised depth, surface to core
};

struct AnalysisResult {
  std::size_t level = 0;
  std::array<double, 3> voxel_size_zyx{};
  std::string unit, value, value_unit;
  std::optional<std::pair<double, double>> range;
  std::vector<ParticleRow> particles;      // ascending label
  std::vector<ParticleProfile> profiles;  // same order as particles
  std::uint32_t shells = 0;
};

// Reads the worker's result object; errors say which member is missing or malformed.
Result<AnalysisResult> parse_analysis_result(const json::Value& result);

struct AnalysisRun {
  enum class Status { idle, running, done, failed };
  Status status = Status::idle;
  int dataset_id = 0;
  double progress = 0.0;
  std::string error;
  std::optional<AnalysisResult> result;
  std::uint32_t selected_label = 0;  // 0: none

  // {"status": "idle" | "running" | "done" | "failed", "progress", "error", "count", "labels"}
  // for the page's window.heteroscope.analysis().
  json::Value to_json() const;
};

}  // namespace hs
