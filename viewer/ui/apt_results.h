// The Atom probe panel's result views: composition profile (at.% along the ROI with ±σ bands per
// element, the cathode ratios, the totals), frequency distributions (observed blocks against the
// binomial, χ² table), proxigram (at.% against signed distance, the isosurface's components) and
// clusters (sortable table).
#pragma once

#include <string>
#include <vector>

#include "data/apt_run.h"

namespace hs::ui {

// What the result views keep between frames.
struct AptResultsUi {
  std::vector<std::string> hidden_elements;  // switched off in the plots' legends
  std::size_t ratio = 0;                     // the profile ratio plotted (index into its ratios)
  std::string distribution;                  // element of the frequency distribution plotted
};

void draw_apt_result(const AptResult& result, AptResultsUi& ui, float ui_scale);

// The clusters' sortable table and count (apt_cluster_table.cpp).
void draw_apt_clusters(const AptClustersResult& clusters, float ui_scale);

}  // namespace hs::ui
