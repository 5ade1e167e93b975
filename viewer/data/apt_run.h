// The Atom probe panel's run: its status and progress, and the data worker's reply to an atom probe
// job (core/analysis/apt/apt_job.h, run_apt_job) read into plain structs per analysis for the
// plots, tables and 3D overlays. Numbers the reply gives as null (no value) read as NaN.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/apt/apt_job.h"
#include "analysis/apt/roi.h"
#include "json/json.h"
#include "util/result.h"

namespace hs {

// One element's values per bin (profile, proxigram): atoms, at.% and its σ (at.%).
struct AptElementSeries {
  std::string element;
  std::vector<double> count, at_percent, sigma;
};

// One element over a whole ROI.
struct AptElementTotal {
  std::string element;
  double count = 0, at_percent = 0, sigma = 0;
};

// A cathode ratio per bin, e.g. "Ni/(Ni+Co+Mn)".
struct AptRatioSeries {
  std::string name;
  std::vector<double> values;
};

struct AptRatioTotal {
  std::string name;
  double value = 0;
};

// Bins along a profile coordinate (nm).
struct AptBins {
  std::vector<double> start_nm, end_nm, centre_nm;
  std::vector<double> ions, atoms;  // per bin (profile: ranged ions)
};

struct AptProfileResult {
  std::string axis_label;  // what the distance is, with its unit
  AptBins bins;
  std::vector<double> unranged_ions;  // per bin
  std::vector<AptElementSeries> elements;
  std::vector<AptRatioSeries> ratios;
  double total_ions = 0, total_unranged_ions = 0, total_atoms = 0;
  std::vector<AptElementTotal> total_elements;
  std::vector<AptRatioTotal> total_ratios;
};

// Blocks holding k = 0..n atoms of the element, observed and binomially expected.
struct AptDistribution {
  std::string element;
  double block_atoms = 0, blocks = 0, at_percent = 0;
  std::vector<double> observed, expected;  // n + 1 entries each
  double chi2 = 0, dof = 0, p_value = 0, mu = 0;
};

struct AptFrequencyResult {
  std::string axis_label;
  std::vector<AptDistribution> distributions;
};

// A connected piece of the isosurface.
struct AptMeshComponent {
  std::array<double, 3> centre_nm{};
  double volume_nm3 = 0, area_nm2 = 0;
  bool closed = false;
  double triangles = 0;
};

struct AptProxigramResult {
  std::string element;  // of the isosurface
  double level_at_percent = 0, ions = 0, ions_beyond = 0;
  AptBins bins;  // centre_nm: signed distance, positive inside (high concentration)
  std::vector<AptElementSeries> elements;
  std::vector<AptMeshComponent> components;
  std::vector<float> mesh_vertices_nm;         // x, y, z per vertex
  std::vector<std::uint32_t> mesh_triangles;   // three vertex indices per triangle, all valid
  std::uint64_t mesh_triangle_count = 0;       // of the whole mesh (more than sent when reduced)
};

struct AptClusterRow {
  std::uint32_t id = 0;
  double solute_ions = 0, ions = 0;
  std::vector<double> atoms, at_percent;  // per element of AptClustersResult::elements
  std::array<double, 3> centroid_nm{};
  double radius_of_gyration_nm = 0;
};

struct AptClustersResult {
  std::vector<std::string> species;   // the solutes
  std::vector<std::string> elements;  // columns of atoms and at_percent
  double ions = 0, solute_ions = 0;   // in the ROI
  std::vector<AptClusterRow> clusters;
  std::vector<float> member_xyz_nm;           // x, y, z per member ion sent
  std::vector<std::uint32_t> member_cluster;  // its cluster id, one per member ion sent
  std::uint64_t member_count = 0;             // of all member ions (more than sent when capped)
};

struct AptResult {
  std::variant<AptProfileResult, AptFrequencyResult, AptProxigramResult, AptClustersResult> data;
  std::optional<IonRoi> roi;       // none: all the data
  std::vector<std::string> notes;  // what the reply leaves out
  std::string csv;                 // the CLI's CSV of the result

  // Follows the order of AptAnalysis.
  AptAnalysis kind() const { return static_cast<AptAnalysis>(data.index()); }
};

// Reads the worker's reply to run_apt_job. Strict: a member missing or of the wrong type, arrays
// of mismatched lengths and mesh or member indices out of range are errors naming the member
// ("apt reply: bins.end_nm must be an array of 12 numbers"), never a crash.
Result<AptResult> parse_apt_result(const json::Value& reply);

struct AptRun {
  enum class Status { idle, running, done, failed };
  Status status = Status::idle;
  double progress = 0.0;
  int dataset_id = 0;  // the point store the run is on
  std::string error;
  std::optional<AptResult> result;
  bool roi_moved = false;  // the panel's ROI changed since this run started

  // {"status": "idle" | "running" | "done" | "failed", "progress", "error", "kind" (of the
  // result, or null), "notes", "csv" (of the result, or null)} for the page's API.
  json::Value to_json() const;
};

}  // namespace hs
