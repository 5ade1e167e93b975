// The ranges editor of an atom probe layer: its ions (visibility, colour, name, charge, counts,
// share of ions), the selected ion's ranges with editable ends, overlap warnings, and the
// composition in atomic percent. Edits go straight into the caller's RangeTable.
#pragma once

#include <string>
#include <vector>

#include "points/range_table.h"
#include "ui/spectrum_plot.h"

namespace hs::ui {

struct RangesTableActions {
  bool changed = false;             // ions or ranges were edited (colours, names, range ends, deletions)
  bool visibility_changed = false;  // hidden_ions was edited
  bool save_rrng = false;           // "Save RRNG" was pressed: offer write_rrng(ranges) for download
  bool reset = false;               // "Reset to file ranges" was pressed: restore the store's table
};

// Draws the editor into the current window. `counts` are the ions per species under `ranges`
// (e.g. count_ions_in_spectrum), per_ion indexed like ranges.ions (missing entries count 0);
// `hidden_ions` holds the names of the ions not shown; view.selected_ion is the highlighted row
// whose ranges are listed (clicking a row selects it, clicking it again clears the selection).
// Typed range ends are snapped to the 0.01 Da spectrum bins and kept short of the neighbouring
// ranges, as dragging them in the spectrum plot does.
RangesTableActions draw_ranges_table(RangeTable& ranges, std::vector<std::string>& hidden_ions,
                                     const IonCounts& counts, SpectrumView& view);

}  // namespace hs::ui
