// Collecting the ranged ions of an ROI and sorting them along the ROI's profile coordinate.
#include "analysis/apt/ordered_ions.h"

#include <algorithm>

namespace hs {

Result<std::vector<OrderedIon>> ordered_ions(const IonSource& source, const IonRoi& roi,
                                             const ElementCounter& counter, const AnalysisControl* control) {
  std::vector<OrderedIon> ions;
  const Status read = source.for_each_block(
      &roi,
      [&](const IonBlock& block) {
        for (std::size_t i = 0; i < block.size(); ++i) {
          const std::uint32_t species = counter.species_of(block.mass_da[i]);
          if (counter.atom_total(species) == 0) continue;
          const double t =
              roi.coordinate_nm(block.xyz_nm[3 * i], block.xyz_nm[3 * i + 1], block.xyz_nm[3 * i + 2]);
          ions.push_back({static_cast<float>(t), species});
        }
        return Status{};
      },
      control);
  if (!read) return read.error();
  std::stable_sort(ions.begin(), ions.end(), [](const OrderedIon& a, const OrderedIon& b) {
    return a.coordinate_nm < b.coordinate_nm;
  });
  return ions;
}

}  // namespace hs
