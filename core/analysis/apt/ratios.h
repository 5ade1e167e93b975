// Composition ratios of layered-oxide cathodes from ion counts: Li/(Li+Ni+Co+Mn) (lithium
// content), Ni/(Ni+Co+Mn) (nickel share of the transition metals) and the O2+/O+ charge-state ratio
// (ions of molecular O2 with charge 1 per ion of atomic O with charge 1), per profile bin or over
// an ROI.
#pragma once

#include <cstdint>
#include <span>

#include "analysis/apt/element_counts.h"

namespace hs {

// Each ratio is NaN when its denominator is 0 or a species or element it needs is not in the
// range table (a store without Li has no Li ratio, not a ratio of 0).
struct CathodeRatios {
  double li_fraction = 0;  // Li / (Li + Ni + Co + Mn), atoms
  double ni_fraction = 0;  // Ni / (Ni + Co + Mn), atoms
  double o2_to_o = 0;      // ions of O2+ / ions of O+
};

// Which species of a range table the charge-state ratio uses: every ion whose composition is
// exactly O2 (resp. O) with charge +1. Decided once per table.
class RatioSpecies {
 public:
  explicit RatioSpecies(const ElementCounter& counter);

  // From ion counts per species (indexed like the table's ions) and the element atoms they make.
  CathodeRatios ratios(std::span<const std::uint64_t> ions_per_species,
                       std::span<const std::uint64_t> element_atoms) const;

  bool has_li_fraction() const { return has_li_; }
  bool has_ni_fraction() const { return has_ni_; }
  bool has_o2_to_o() const { return !o2_.empty() && !o1_.empty(); }

 private:
  std::size_t li_ = 0, ni_ = 0, co_ = 0, mn_ = 0;
  bool has_li_ = false, has_ni_ = false;
  std::vector<std::size_t> o1_, o2_;
};

}  // namespace hs
