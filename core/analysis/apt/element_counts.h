// From mass-to-charge to atoms for the atom probe analyses: a fast exact version of find_ion
// (mass -> ion species of the range table, first range wins) and each species' atoms per element,
// molecular ions decomposed (one NiO+ is one Ni and one O atom). Unranged masses and species with
// no known composition add no atoms.
//
// Element order (the columns of every result): order of first appearance in the range table's
// ions, each ion's composition in formula order (as atomic_composition in points/range_table.h).
// It depends only on the table, so every analysis of one store lists elements alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "points/range_table.h"

namespace hs {

// `count` atoms of elements()[element].
struct SpeciesAtoms {
  std::uint32_t element = 0;
  std::uint32_t count = 0;
};

class ElementCounter {
 public:
  // Species index of an unranged mass.
  static constexpr std::uint32_t kUnranged = 0xFFFFFFFFu;

  // `table` must be valid (validate_range_table); it is copied.
  explicit ElementCounter(const RangeTable& table);

  const RangeTable& table() const { return table_; }
  std::size_t species_count() const { return table_.ions.size(); }
  const std::vector<std::string>& elements() const { return elements_; }
  std::size_t element_count() const { return elements_.size(); }
  // Index of `symbol` in elements(), or nullopt.
  std::optional<std::size_t> element_index(std::string_view symbol) const;

  // The species of a mass, exactly find_ion(table, mass_da) (kUnranged for none or NaN), by a
  // binary search over the ranges' boundaries: O(log ranges).
  std::uint32_t species_of(double mass_da) const;

  // Atoms of one species (empty for kUnranged and for species without a composition).
  std::span<const SpeciesAtoms> atoms_of(std::uint32_t species) const {
    if (species >= species_count()) return {};
    return {atoms_.data() + atom_offsets_[species], atoms_.data() + atom_offsets_[species + 1]};
  }
  // Total atoms of one species (0 for kUnranged).
  std::uint32_t atom_total(std::uint32_t species) const {
    return species < species_count() ? atom_totals_[species] : 0;
  }

  // Atoms per element (indexed like elements()) of ion counts per species (indexed like the
  // table's ions; shorter spans count as zeros).
  std::vector<std::uint64_t> element_atoms(std::span<const std::uint64_t> ions_per_species) const;

 private:
  RangeTable table_;
  std::vector<std::string> elements_;
  std::vector<SpeciesAtoms> atoms_;        // per species, consecutive
  std::vector<std::size_t> atom_offsets_;  // species s: atoms_[offsets[s], offsets[s + 1])
  std::vector<std::uint32_t> atom_totals_;
  std::vector<double> boundaries_;               // sorted distinct range ends
  std::vector<std::uint32_t> interval_species_;  // species of [boundaries[k], boundaries[k + 1])
};

}  // namespace hs
