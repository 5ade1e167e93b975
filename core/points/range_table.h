// Atom probe ranging: ion species (name, elemental composition, charge, colour), mass-to-charge
// ranges that point at them, mass -> species lookup, overlap checks, and composition in atomic
// percent with molecular ions decomposed into their atoms.
//
// Sections: [Model] the table · [Formulas] element symbols and ion names · [Lookup] mass -> ion,
// overlaps, validation · [Composition] counting ions and atoms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace hs {

// [Model] ----------------------------------------------------------------------------------------

struct RgbColor {
  float r = 0.5f, g = 0.5f, b = 0.5f;  // each 0..1
  friend bool operator==(const RgbColor&, const RgbColor&) = default;
};

// `count` atoms of `element` (a symbol such as "Ni").
struct ElementCount {
  std::string element;
  std::uint32_t count = 0;
  friend bool operator==(const ElementCount&, const ElementCount&) = default;
};

// One ion species, e.g. "NiO" = {Ni:1, O:1}. An empty composition means unknown (a name such as
// "Unknown" that is no formula); such ions are ranged but add no atoms to a composition.
struct IonSpecies {
  std::string name;
  std::vector<ElementCount> composition;  // each element once, in formula order
  int charge = 0;                         // 0 = unknown
  RgbColor color;
  friend bool operator==(const IonSpecies&, const IonSpecies&) = default;
};

// Masses in [low_da, high_da) belong to ions[ion_index].
struct MassRange {
  double low_da = 0;
  double high_da = 0;
  std::size_t ion_index = 0;
  double volume_nm3 = 0;  // atomic volume used by reconstruction; 0 = not given
  friend bool operator==(const MassRange&, const MassRange&) = default;
};

struct RangeTable {
  std::vector<IonSpecies> ions;
  std::vector<MassRange> ranges;  // order matters: the first range containing a mass wins
  friend bool operator==(const RangeTable&, const RangeTable&) = default;
};

// What a range-file parser returns: the table and what the user should know about it (overlaps,
// inconsistent colours, ignored fields).
struct RangeFile {
  RangeTable table;
  std::vector<std::string> warnings;
};

// Real range files hold tens to hundreds of ranges; the limits keep quadratic checks bounded.
inline constexpr std::size_t kMaxRangeIons = 4096;
inline constexpr std::size_t kMaxRanges = 4096;
inline constexpr std::size_t kMaxOverlapWarnings = 32;
inline constexpr std::uint32_t kMaxAtomsPerElement = 1000;
// Physical bounds that keep every value printable and comparable: mass-to-charge ratios in atom
// probe spectra stay below a few hundred Da, atomic volumes below 1 nm^3.
inline constexpr double kMaxMassDa = 1e5;
inline constexpr double kMaxIonVolumeNm3 = 1e3;

// [Formulas] -------------------------------------------------------------------------------------

// True for the 118 element symbols, "H" to "Og" (case-sensitive).
bool is_element_symbol(std::string_view symbol);

// Parses a formula such as "NiO", "O2" or "LiMn2O4" (symbol, optional count, repeated; a repeated
// element adds up). nullopt for anything else ("Unknown", "(CH3)2", "", counts above the limit).
std::optional<std::vector<ElementCount>> parse_formula(std::string_view text);

// Adds `count` atoms of `element` to `composition` (a new entry at the end, or added to the
// element's entry). False, leaving the entry unchanged, when the element would exceed
// kMaxAtomsPerElement.
bool add_atoms(std::vector<ElementCount>& composition, std::string_view element, std::uint32_t count);

// "NiO", "O2": symbols in the given order, counts above 1 written after them.
std::string formula_name(std::span<const ElementCount> composition);

// Same atoms regardless of order (and of an element split over two entries).
bool same_composition(std::span<const ElementCount> a, std::span<const ElementCount> b);

// An ion named `name`: a trailing run of '+' gives the charge ("Ni++" -> 2) and the rest, if a
// formula, the composition; colour grey.
IonSpecies ion_from_name(std::string name);

// Index of the first ion with this composition; if none, appends an ion named formula_name().
std::size_t find_or_add_ion(RangeTable& table, std::span<const ElementCount> composition);

// [Lookup] ---------------------------------------------------------------------------------------

// Index of the ion of the first range with low_da <= mass_da < high_da; nullopt if unranged.
std::optional<std::size_t> find_ion(const RangeTable& table, double mass_da);

// Two ranges sharing some masses; first < second (indices into ranges).
struct RangeOverlap {
  std::size_t first = 0;
  std::size_t second = 0;
  friend bool operator==(const RangeOverlap&, const RangeOverlap&) = default;
};

// All overlapping pairs, sorted by (first, second). Touching ranges ([a, b) and [b, c)) do not overlap.
std::vector<RangeOverlap> find_overlaps(const RangeTable& table);

// One warning per overlap, e.g. "ranges 2 (NiO, 57.8-58.2 Da) and 5 (Fe, 58-58.5 Da) overlap;
// masses in both count as NiO" (ranges numbered from 1); after kMaxOverlapWarnings of them, one
// last line "N more pairs of ranges overlap".
std::vector<std::string> overlap_warnings(const RangeTable& table);

// Checks what a parser or an editor may get wrong: sizes within limits, ion indices valid, every
// range finite with 0 <= low < high. Errors start with `source`.
Status validate_range_table(const RangeTable& table, std::string_view source);

// [Composition] ----------------------------------------------------------------------------------

struct IonCounts {
  std::vector<std::uint64_t> per_ion;  // indexed like table.ions
  std::uint64_t unranged = 0;
};

// Ranges every mass with find_ion and counts the ions of each species.
IonCounts count_ions(const RangeTable& table, std::span<const float> mass_da);

struct ElementShare {
  std::string element;
  std::uint64_t atoms = 0;
  double atomic_percent = 0;
};

// Atoms per element from ion counts (indexed like table.ions), molecular ions decomposed (one NiO
// adds one Ni and one O), elements in order of first appearance in table.ions. Ions with an empty
// composition are left out; all percentages are 0 when there are no atoms.
std::vector<ElementShare> atomic_composition(const RangeTable& table,
                                             std::span<const std::uint64_t> ions_per_species);

}  // namespace hs
