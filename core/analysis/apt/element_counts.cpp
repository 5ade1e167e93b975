// Mass -> species by binary search over range boundaries, and species -> atoms per element.
#include "analysis/apt/element_counts.h"

#include <algorithm>

namespace hs {

ElementCounter::ElementCounter(const RangeTable& table) : table_(table) {
  atom_offsets_.push_back(0);
  for (const IonSpecies& ion : table_.ions) {
    std::uint32_t total = 0;
    for (const ElementCount& e : ion.composition) {
      auto it = std::find(elements_.begin(), elements_.end(), e.element);
      if (it == elements_.end()) it = elements_.insert(elements_.end(), e.element);
      atoms_.push_back({static_cast<std::uint32_t>(it - elements_.begin()), e.count});
      total += e.count;
    }
    atom_offsets_.push_back(atoms_.size());
    atom_totals_.push_back(total);
  }
  for (const MassRange& r : table_.ranges) {
    boundaries_.push_back(r.low_da);
    boundaries_.push_back(r.high_da);
  }
  std::sort(boundaries_.begin(), boundaries_.end());
  boundaries_.erase(std::unique(boundaries_.begin(), boundaries_.end()), boundaries_.end());
  // No boundary lies inside [b_k, b_k+1), so every range holds all of it or none of it: its
  // species is that of its lower end.
  for (std::size_t k = 0; k + 1 < boundaries_.size(); ++k) {
    const auto ion = find_ion(table_, boundaries_[k]);
    interval_species_.push_back(ion ? static_cast<std::uint32_t>(*ion) : kUnranged);
  }
}

std::optional<std::size_t> ElementCounter::element_index(std::string_view symbol) const {
  const auto it = std::find(elements_.begin(), elements_.end(), symbol);
  if (it == elements_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - elements_.begin());
}

std::uint32_t ElementCounter::species_of(double mass_da) const {
  if (boundaries_.empty() || !(mass_da >= boundaries_.front()) || !(mass_da < boundaries_.back()))
    return kUnranged;
  // The last boundary <= mass_da.
  const auto k = static_cast<std::size_t>(std::upper_bound(boundaries_.begin(), boundaries_.end(), mass_da) -
                                          boundaries_.begin()) -
                 1;
  return interval_species_[k];
}

std::vector<std::uint64_t> ElementCounter::element_atoms(
    std::span<const std::uint64_t> ions_per_species) const {
  std::vector<std::uint64_t> atoms(elements_.size(), 0);
  for (std::size_t s = 0; s < ions_per_species.size() && s < species_count(); ++s) {
    for (const SpeciesAtoms& a : atoms_of(static_cast<std::uint32_t>(s)))
      atoms[a.element] += a.count * ions_per_species[s];
  }
  return atoms;
}

}  // namespace hs
