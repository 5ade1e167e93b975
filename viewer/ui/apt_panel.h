// The Atom probe panel: choose an analysis (composition profile, frequency distribution, isosurface
// + proxigram, clusters), its ROI and parameters, run it in a data worker with progress and cancel,
// and read its result (plots and tables, notes, CSV export, what the 3D view overlays).
#pragma once

#include <Eigen/Core>

#include <string>

#include "analysis/apt/apt_job.h"
#include "data/apt_run.h"
#include "data/datasets.h"
#include "points/range_table.h"
#include "ui/apt_results.h"
#include "ui/apt_roi_controls.h"

namespace hs::ui {

// What the Atom probe panel keeps between frames: the job being edited (what the viewer passes as
// draw_apt_panel's `job`) and the result views' choices. The integrator reads the "Show in 3D"
// toggles.
struct AptPanelUi {
  AptJob job;
  bool show_roi = true;       // outline of the ROI being edited (apt_job_roi)
  bool show_mesh = true;      // the proxigram result's isosurface mesh
  bool show_clusters = true;  // the cluster result's member ions
  AptResultsUi results;
};

// What the Atom probe panel asked for this frame (0 / false / empty: nothing).
struct AptPanelActions {
  int run_dataset_id = 0;       // run the job on this point store
  bool cancel = false;
  std::string export_csv_name;  // download run.result->csv under this file name
};

// "apt-nmc811-profile.csv" for the store "https://host/apt-nmc811.zarr/" and a profile: the
// source's last path segment without its extension (characters outside [A-Za-z0-9._-] as "_";
// "apt" when none is left), then the analysis.
std::string apt_csv_file_name(const std::string& source, AptAnalysis kind);

// Edits `job` for the point store `points` (null when no atom probe layer is open), offering the
// elements of `ranges` (the ranges shown for it, edited or the store's). `view_dir_layer`: the
// camera's viewing direction in the layer's frame. Shows the status and result of `run`.
AptPanelActions draw_apt_panel(AptJob& job, const DatasetEntry* points, const RangeTable& ranges,
                               const Eigen::Vector3d& view_dir_layer, AptRun& run, AptPanelUi& ui, float ui_scale);

}  // namespace hs::ui
