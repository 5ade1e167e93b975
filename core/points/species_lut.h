// The mass -> colour lookup table the viewer samples on the GPU: one RGBA8 texel per mass bin,
// the colour of the ion whose range holds the bin's centre (the first range, as ranging does),
// or the unranged colour. Alpha scales the drawn size of the bin's ions: 0 hides them, less than
// 255 dims them.
#pragma once

#include <cstdint>
#include <vector>

#include "points/range_table.h"

namespace hs {

struct SpeciesLutOptions {
  double bins_per_da = 100.0;  // bin i covers [i, i + 1) / bins_per_da Da
  std::size_t bins = 0;
  RgbColor unranged{0.35f, 0.35f, 0.35f};
  std::uint8_t unranged_alpha = 255;  // 0 hides unranged ions
  std::vector<bool> hidden_ions;      // by ion index: true gives the ion's bins alpha 0
};

// bins × 4 bytes.
std::vector<std::uint8_t> species_lut_rgba8(const RangeTable& table, const SpeciesLutOptions& options);

}  // namespace hs
