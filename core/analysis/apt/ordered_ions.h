// The ranged ions of an ROI in spatial order along its profile coordinate (cylinder axis, or the
// box's profile axis), with their species: the input of fixed-count profile bins and of the
// frequency distribution's blocks. Stored rows are in octree order (shuffled within each node),
// not in evaporation order, so the analysis direction stands in for the detection sequence.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/roi.h"
#include "util/result.h"

namespace hs {

// One ranged ion with atoms: its profile coordinate (nm, float: ordering finer than 1e-5 of the
// ROI's length is meaningless for positions) and species (index into the range table).
struct OrderedIon {
  float coordinate_nm = 0;
  std::uint32_t species = 0;
};

// The ions inside `roi` whose species has atoms (unranged ions and species without a composition
// are left out), sorted by coordinate; equal coordinates keep row order (stable sort), so the
// order is fully determined. Memory: 8 bytes per ion kept (16 while sorting).
Result<std::vector<OrderedIon>> ordered_ions(const IonSource& source, const IonRoi& roi,
                                             const ElementCounter& counter,
                                             const AnalysisControl* control = nullptr);

}  // namespace hs
