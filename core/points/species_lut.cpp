// Species lookup table: ranges painted over an unranged background, in bin order.
#include "points/species_lut.h"

#include <algorithm>
#include <cmath>

namespace hs {
namespace {

std::uint8_t channel(float value) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

std::vector<std::uint8_t> species_lut_rgba8(const RangeTable& table, const SpeciesLutOptions& options) {
  std::vector<std::uint8_t> lut(options.bins * 4);
  std::vector<bool> ranged(options.bins, false);
  for (std::size_t i = 0; i < options.bins; ++i) {
    lut[4 * i + 0] = channel(options.unranged.r);
    lut[4 * i + 1] = channel(options.unranged.g);
    lut[4 * i + 2] = channel(options.unranged.b);
    lut[4 * i + 3] = options.unranged_alpha;
  }
  // Ranges in table order; a bin already painted keeps its first range, as ranging an ion does.
  for (const MassRange& range : table.ranges) {
    if (range.ion_index >= table.ions.size()) continue;
    const RgbColor& color = table.ions[range.ion_index].color;
    const bool hidden = range.ion_index < options.hidden_ions.size() && options.hidden_ions[range.ion_index];
    // Bins whose centre (i + 0.5) / bins_per_da lies in [low, high].
    const double first = std::ceil(range.low_da * options.bins_per_da - 0.5);
    const double last = std::floor(range.high_da * options.bins_per_da - 0.5);
    const auto begin = static_cast<std::size_t>(std::clamp(first, 0.0, static_cast<double>(options.bins)));
    const auto end = static_cast<std::size_t>(std::clamp(last + 1.0, 0.0, static_cast<double>(options.bins)));
    for (std::size_t i = begin; i < end; ++i) {
      if (ranged[i]) continue;
      ranged[i] = true;
      lut[4 * i + 0] = channel(color.r);
      lut[4 * i + 1] = channel(color.g);
      lut[4 * i + 2] = channel(color.b);
      lut[4 * i + 3] = hidden ? 0 : 255;
    }
  }
  return lut;
}

}  // namespace hs
