// The specimen behind the apt-nmc811 sample: an atom probe needle of Cr-coated
// LiNi0.8Co0.1Mn0.1O2 with Mn-rich LiMn2O4-like inclusions. Holds the ion species with their
// isotopologue peaks and the range table, and generates ion i (position, m/z, EPOS fields) from
// (seed, i) alone, so any ion can be produced again in any order, in bounded memory.
//
// Frame: z is the depth below the apex along the needle axis (nm, increasing in the order ions
// were field-evaporated); x, y are lateral, the axis at x = y = 0. Every number is documented
// where it is defined, in apt_nmc811_model.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "io/point_reader.h"
#include "json/json.h"
#include "points/range_table.h"
#include "samples/isotopes.h"
#include "samples/sample_options.h"

namespace hs {

// Cations of the model, in this order in every per-cation table.
enum AptCation : std::size_t { kLi, kNi, kCo, kMn, kCr, kCationCount };

// Atoms of one region per cation atom: cation fractions (summing to 1) and O atoms per cation.
struct AptComposition {
  std::array<double, kCationCount> cation_fraction{};
  double oxygen_per_cation = 0;
};

struct AptInclusion {
  std::array<double, 3> centre_nm{};  // x, y, z
  double radius_nm = 0;
};

class AptNeedleModel {
 public:
  // Draws the layout (coating thickness, inclusions) of `seed` for `size`.
  AptNeedleModel(SampleSize size, std::uint64_t seed);

  std::uint64_t ion_count() const { return ion_count_; }
  // Species (ranges().ions) and their mass ranges, as exported to RRNG.
  const RangeTable& ranges() const { return ranges_; }

  // Writes ion `index` (< ion_count()) into out[at] (out sized for every EPOS field). Returns its
  // species (an index into ranges().ions), or -1 for a background ion.
  int generate(std::uint64_t index, IonBatch& out, std::size_t at) const;

  // The ground truth for attributes.heteroscope.truth; `species_counts` (per species) and
  // `background_count` are the generated ions of each kind, counted over all indices.
  json::Value truth(std::span<const std::uint64_t> species_counts, std::uint64_t background_count) const;

 private:
  // One species: which cation (or oxygen) and which form; its peaks and their cumulative abundance.
  struct Species {
    IonSpecies ion;
    int cation = -1;  // AptCation, or -1 for O+ and O2+
    int form = 0;     // see apt_nmc811_model.cpp
    std::vector<IsotopePeak> peaks;
    std::vector<double> cumulative;
  };

  double radius_at(double depth_nm) const;
  double depth_at_volume_fraction(double fraction) const;
  const AptComposition& composition_at(double x_nm, double y_nm, double z_nm) const;
  int draw_species(const AptComposition& composition, double depth_nm, double u) const;

  SampleSize size_;
  std::uint64_t seed_;
  std::uint64_t ion_count_;
  double length_nm_;
  double coating_thickness_nm_;
  std::vector<AptInclusion> inclusions_;
  std::vector<Species> species_;
  RangeTable ranges_;
  double log_no_detection_;  // ln(1 - detection probability per pulse)
};

}  // namespace hs
