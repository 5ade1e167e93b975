// Range table: formulas, mass lookup, overlaps, validation and atomic composition.
#include "points/range_table.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <map>

#include "util/text_codec.h"

namespace hs {
namespace {

constexpr std::array<std::string_view, 118> kElementSymbols{
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl",
    "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se",
    "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb",
    "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er",
    "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At",
    "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No",
    "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Atoms per element, merged, keyed by symbol (for order-independent comparison).
std::map<std::string, std::uint64_t> atoms_by_element(std::span<const ElementCount> composition) {
  std::map<std::string, std::uint64_t> atoms;
  for (const ElementCount& e : composition) atoms[e.element] += e.count;
  return atoms;
}

// Up to 6 significant digits for messages; '.' whatever the C locale.
std::string mass_text(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value < 0 ? "-inf" : "inf");
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.6g", value);
  std::string text(buffer.data());
  for (char& c : text) {
    if (!is_digit(c) && c != '-' && c != 'e' && c != '+') c = '.';
  }
  return text;
}

std::string range_label(const RangeTable& table, std::size_t index) {
  const MassRange& r = table.ranges[index];
  return std::to_string(index + 1) + " (" + printable_excerpt(table.ions[r.ion_index].name) + ", " +
         mass_text(r.low_da) + "-" + mass_text(r.high_da) + " Da)";
}

// Calls visit(overlap) for every pair of non-empty ranges sharing masses, in (first, second) order.
template <typename Visit>
void for_each_overlap(const RangeTable& table, Visit visit) {
  const std::vector<MassRange>& ranges = table.ranges;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const MassRange& a = ranges[i];
    if (!(a.low_da < a.high_da)) continue;
    for (std::size_t j = i + 1; j < ranges.size(); ++j) {
      const MassRange& b = ranges[j];
      if (b.low_da < b.high_da && a.low_da < b.high_da && b.low_da < a.high_da) visit(RangeOverlap{i, j});
    }
  }
}

}  // namespace

bool is_element_symbol(std::string_view symbol) {
  return std::find(kElementSymbols.begin(), kElementSymbols.end(), symbol) != kElementSymbols.end();
}

std::optional<std::vector<ElementCount>> parse_formula(std::string_view text) {
  std::vector<ElementCount> composition;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_upper(text[i])) return std::nullopt;
    std::size_t end = i + 1;
    while (end < text.size() && is_lower(text[end]) && end - i < 2) ++end;
    const std::string_view symbol = text.substr(i, end - i);
    if (!is_element_symbol(symbol)) return std::nullopt;
    std::uint32_t count = 1;
    if (end < text.size() && is_digit(text[end])) {
      count = 0;
      for (; end < text.size() && is_digit(text[end]); ++end) {
        count = count * 10 + static_cast<std::uint32_t>(text[end] - '0');
        if (count > kMaxAtomsPerElement) return std::nullopt;
      }
      if (count == 0) return std::nullopt;
    }
    if (!add_atoms(composition, symbol, count)) return std::nullopt;
    i = end;
  }
  if (composition.empty()) return std::nullopt;
  return composition;
}

bool add_atoms(std::vector<ElementCount>& composition, std::string_view element, std::uint32_t count) {
  const auto same = std::find_if(composition.begin(), composition.end(),
                                 [element](const ElementCount& e) { return e.element == element; });
  const std::uint32_t before = same == composition.end() ? 0 : same->count;
  if (count > kMaxAtomsPerElement - before) return false;
  if (same == composition.end()) {
    composition.push_back({std::string(element), count});
  } else {
    same->count += count;
  }
  return true;
}

std::string formula_name(std::span<const ElementCount> composition) {
  std::string name;
  for (const ElementCount& e : composition) {
    name += e.element;
    if (e.count != 1) name += std::to_string(e.count);
  }
  return name;
}

bool same_composition(std::span<const ElementCount> a, std::span<const ElementCount> b) {
  return atoms_by_element(a) == atoms_by_element(b);
}

IonSpecies ion_from_name(std::string name) {
  IonSpecies ion;
  const std::size_t plus = name.find_last_not_of('+');
  const std::string_view formula = std::string_view(name).substr(0, plus == std::string::npos ? 0 : plus + 1);
  ion.charge = static_cast<int>(name.size() - formula.size());
  if (auto composition = parse_formula(formula)) ion.composition = std::move(*composition);
  ion.name = std::move(name);
  return ion;
}

std::size_t find_or_add_ion(RangeTable& table, std::span<const ElementCount> composition) {
  for (std::size_t i = 0; i < table.ions.size(); ++i) {
    if (!table.ions[i].composition.empty() && same_composition(table.ions[i].composition, composition))
      return i;
  }
  IonSpecies ion;
  ion.name = formula_name(composition);
  ion.composition.assign(composition.begin(), composition.end());
  table.ions.push_back(std::move(ion));
  return table.ions.size() - 1;
}

std::optional<std::size_t> find_ion(const RangeTable& table, double mass_da) {
  for (const MassRange& r : table.ranges) {
    if (r.low_da <= mass_da && mass_da < r.high_da) return r.ion_index;
  }
  return std::nullopt;
}

std::vector<RangeOverlap> find_overlaps(const RangeTable& table) {
  std::vector<RangeOverlap> overlaps;
  for_each_overlap(table, [&](const RangeOverlap& o) { overlaps.push_back(o); });
  return overlaps;
}

std::vector<std::string> overlap_warnings(const RangeTable& table) {
  std::vector<std::string> warnings;
  std::size_t unreported = 0;
  for_each_overlap(table, [&](const RangeOverlap& o) {
    if (warnings.size() == kMaxOverlapWarnings) {
      ++unreported;
      return;
    }
    warnings.push_back("ranges " + range_label(table, o.first) + " and " + range_label(table, o.second) +
                       " overlap; masses in both count as " +
                       printable_excerpt(table.ions[table.ranges[o.first].ion_index].name));
  });
  if (unreported > 0) warnings.push_back(std::to_string(unreported) + " more pairs of ranges overlap");
  return warnings;
}

Status validate_range_table(const RangeTable& table, std::string_view source) {
  const std::string prefix = std::string(source) + ": ";
  if (table.ions.size() > kMaxRangeIons || table.ranges.size() > kMaxRanges) {
    return make_error(ErrorCode::limit, prefix + std::to_string(table.ions.size()) + " ions and " +
                                            std::to_string(table.ranges.size()) +
                                            " ranges exceed the limits (" + std::to_string(kMaxRangeIons) +
                                            " ions, " + std::to_string(kMaxRanges) + " ranges)");
  }
  for (std::size_t i = 0; i < table.ranges.size(); ++i) {
    const MassRange& r = table.ranges[i];
    const std::string which = prefix + "range " + std::to_string(i + 1);
    if (r.ion_index >= table.ions.size()) {
      return make_error(ErrorCode::invalid_argument, which + " points at ion " +
                                                         std::to_string(r.ion_index + 1) + " of " +
                                                         std::to_string(table.ions.size()));
    }
    if (!std::isfinite(r.low_da) || !std::isfinite(r.high_da) || r.low_da < 0 || !(r.low_da < r.high_da) ||
        r.high_da > kMaxMassDa) {
      return make_error(ErrorCode::invalid_argument, which + ": " + mass_text(r.low_da) + "-" +
                                                         mass_text(r.high_da) +
                                                         " Da is not a range with 0 <= low < high <= " +
                                                         mass_text(kMaxMassDa));
    }
    if (!std::isfinite(r.volume_nm3) || r.volume_nm3 < 0 || r.volume_nm3 > kMaxIonVolumeNm3) {
      return make_error(ErrorCode::invalid_argument, which + ": volume " + mass_text(r.volume_nm3) +
                                                         " nm^3 is not an atomic volume (0 to " +
                                                         mass_text(kMaxIonVolumeNm3) + ")");
    }
  }
  return {};
}

IonCounts count_ions(const RangeTable& table, std::span<const float> mass_da) {
  IonCounts counts;
  counts.per_ion.assign(table.ions.size(), 0);
  for (const float mass : mass_da) {
    if (const std::optional<std::size_t> ion = find_ion(table, mass)) {
      ++counts.per_ion[*ion];
    } else {
      ++counts.unranged;
    }
  }
  return counts;
}

std::vector<ElementShare> atomic_composition(const RangeTable& table,
                                             std::span<const std::uint64_t> ions_per_species) {
  assert(ions_per_species.size() == table.ions.size());
  std::vector<ElementShare> shares;
  std::uint64_t total_atoms = 0;
  for (std::size_t i = 0; i < table.ions.size(); ++i) {
    for (const ElementCount& e : table.ions[i].composition) {
      auto share = std::find_if(shares.begin(), shares.end(),
                                [&](const ElementShare& s) { return s.element == e.element; });
      if (share == shares.end()) share = shares.insert(shares.end(), ElementShare{e.element, 0, 0});
      const std::uint64_t atoms = ions_per_species[i] * e.count;
      share->atoms += atoms;
      total_atoms += atoms;
    }
  }
  if (total_atoms > 0) {
    for (ElementShare& s : shares)
      s.atomic_percent = 100.0 * static_cast<double>(s.atoms) / static_cast<double>(total_atoms);
  }
  return shares;
}

}  // namespace hs
