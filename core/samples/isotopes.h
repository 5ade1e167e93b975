// Natural isotopes of the elements in the samples (Li, O, Cr, Mn, Co, Ni), written by hand from
// the IUPAC tables, and the isotopologue peaks (m/z, abundance) of an ion of given composition.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "points/range_table.h"

namespace hs {

struct Isotope {
  int mass_number = 0;
  double mass_da = 0;    // atomic mass of the neutral atom
  double abundance = 0;  // amount fraction in natural material; an element's sum to 1
};

// The natural isotopes of `element`, lightest first; empty for elements not in the table.
std::span<const Isotope> natural_isotopes(std::string_view element);

// One peak of an ion's mass spectrum: a combination of isotopes (an isotopologue).
struct IsotopePeak {
  double mass_to_charge_da = 0;  // sum of the neutral isotope masses / charge (see isotopes.cpp)
  double abundance = 0;          // probability of this isotopologue; an ion's peaks sum to 1
  std::string label;             // isotopes in formula order, e.g. "58Ni16O", "16O2", "16O18O"
};

// Every isotopologue of an ion with `composition` (elements from natural_isotopes) and charge
// >= 1, with multinomial abundances, sorted by mass (ties by label). Empty when an element is not
// in the table.
std::vector<IsotopePeak> isotope_peaks(std::span<const ElementCount> composition, int charge);

}  // namespace hs
