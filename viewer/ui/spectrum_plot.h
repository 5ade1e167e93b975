// The atom probe mass spectrum as an interactive plot (ImDrawList): log counts against m/z with
// zoom and pan, every range shaded in its ion's colour with draggable ends, and shift-drag to add
// a range. The range edits go straight into the caller's RangeTable.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "points/range_table.h"

namespace hs::ui {

struct SpectrumPlotInput {
  std::span<const std::uint64_t> counts;     // the stored spectrum: bin i holds [i, i + 1) / bins_per_da Da
  double bins_per_da = 100.0;                // range ends snap to multiples of 1 / bins_per_da
  std::span<const std::string> hidden_ions;  // names of the ions whose ranges are drawn faint
};

// What a drag in the plot is doing.
enum class SpectrumDrag { none, range_low, range_high, pan, new_range };

// The plot's state between frames; the caller keeps one per plot.
struct SpectrumView {
  double lo_da = 0, hi_da = 0;              // shown m/z; hi_da <= lo_da shows the whole spectrum
  double bin_width_da = 0.01;               // finest display bin; wider when bins would be under a pixel
  std::optional<std::size_t> selected_ion;  // index into RangeTable::ions; new ranges go to it
  SpectrumDrag drag = SpectrumDrag::none;
  std::size_t drag_range = 0;  // the range whose end is dragged (range_low, range_high)
  double drag_start_da = 0;    // where a new range's sweep began (new_range)
};

// Draws the spectrum `size` pixels large (x <= 0: the available width). Mouse: wheel zooms around
// the pointer, right or middle drag pans, double-click shows the whole spectrum, left drag moves a
// range end (snapped to a bin edge, kept one bin from the other end and short of the neighbouring
// ranges), left click on a range selects its ion, shift + left drag over free masses adds a range
// for view.selected_ion (or for an ion named "?", added if missing, which becomes selected).
// Returns true when `ranges` changed.
bool draw_spectrum_plot(const char* id, const SpectrumPlotInput& input, SpectrumView& view,
                        RangeTable& ranges, ImVec2 size);

}  // namespace hs::ui
