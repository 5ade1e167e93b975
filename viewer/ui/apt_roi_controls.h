// The ROI of an atom probe job as the Atom probe panel edits it: a cylinder (centre, axis along x,
// y, z or the view, radius, length, or placed through the centre of the data), a box (corners and
// profile axis), or all the data; and the ROI a job will actually use, for the 3D outline.
#pragma once

#include <Eigen/Core>

#include <optional>

#include "analysis/apt/apt_job.h"
#include "analysis/apt/roi.h"
#include "points/point_store.h"

namespace hs::ui {

// The ROI `job` uses on a store with `points`' bounds: its own; when unset, the default cylinder
// along z (radius 12.5 nm through the centre of the data, its whole length) for profiles and
// frequency distributions, none (all the data) for proxigrams and clusters or a store with no ions.
std::optional<IonRoi> apt_job_roi(const AptJob& job, const PointStoreAttributes& points);

// Edits job.roi. Only valid ROIs are written: an entry that would make one invalid (a radius of 0,
// a min above a max) is not taken. `view_dir_layer`: the camera's viewing direction in the layer's
// frame (the "along view" axis).
void draw_apt_roi_controls(AptJob& job, const PointStoreAttributes& points, const Eigen::Vector3d& view_dir_layer);

}  // namespace hs::ui
