// Isotope table and isotopologue enumeration.
//
// Abundances: IUPAC "Isotopic compositions of the elements 1997" (K. J. R. Rosman and P. D. P.
// Taylor, Pure Appl. Chem. 70 (1998) 217-235), representative isotopic composition.
// Masses: the 2016 Atomic Mass Evaluation (M. Wang et al., Chinese Phys. C 41 (2017) 030003), in
// Da (unified atomic mass units), rounded to 1e-8 Da.
// Peak positions use neutral atom masses: the missing electrons (0.00055 Da each) are far below
// the width of an atom probe peak, and ranging software places peaks the same way.
#include "samples/isotopes.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace hs {
namespace {

constexpr std::array<Isotope, 2> kLithium = {{{6, 6.01512289, 0.0759}, {7, 7.01600343, 0.9241}}};
constexpr std::array<Isotope, 3> kOxygen = {
    {{16, 15.99491462, 0.99757}, {17, 16.99913176, 0.00038}, {18, 17.99915961, 0.00205}}};
constexpr std::array<Isotope, 4> kChromium = {{{50, 49.94604183, 0.04345},
                                               {52, 51.94050623, 0.83789},
                                               {53, 52.94064815, 0.09501},
                                               {54, 53.93887916, 0.02365}}};
constexpr std::array<Isotope, 1> kManganese = {{{55, 54.93804391, 1.0}}};
constexpr std::array<Isotope, 1> kCobalt = {{{59, 58.93319429, 1.0}}};
constexpr std::array<Isotope, 5> kNickel = {{{58, 57.93534241, 0.680769},
                                             {60, 59.93078588, 0.262231},
                                             {61, 60.93105557, 0.011399},
                                             {62, 61.92834537, 0.036345},
                                             {64, 63.92796682, 0.009256}}};

// A partial isotopologue while elements are added one after the other.
struct Partial {
  double mass_da = 0;
  double abundance = 1;
  std::string label;
};

// Appends to `out` every multiset of `count` isotopes of `element` combined with `base`: isotopes
// chosen in non-decreasing order from `first`, with the multinomial weight count!/(n1! n2! ...).
void add_multisets(const Partial& base, std::span<const Isotope> isotopes, std::string_view element,
                   std::uint32_t count, std::size_t first, std::uint32_t placed, double weight,
                   std::vector<Partial>& out) {
  if (placed == count) {
    out.push_back({base.mass_da, base.abundance * weight, base.label});
    return;
  }
  for (std::size_t i = first; i < isotopes.size(); ++i) {
    // Take n >= 1 atoms of isotope i, then move on to heavier isotopes.
    Partial next = base;
    double w = weight;
    for (std::uint32_t n = 1; placed + n <= count; ++n) {
      next.mass_da += isotopes[i].mass_da;
      w *= isotopes[i].abundance * static_cast<double>(placed + n) / static_cast<double>(n);
      Partial labelled = next;
      labelled.label += std::to_string(isotopes[i].mass_number) + std::string(element) + (n > 1 ? std::to_string(n) : "");
      add_multisets(labelled, isotopes, element, count, i + 1, placed + n, w, out);
    }
  }
}

}  // namespace

std::span<const Isotope> natural_isotopes(std::string_view element) {
  if (element == "Li") return kLithium;
  if (element == "O") return kOxygen;
  if (element == "Cr") return kChromium;
  if (element == "Mn") return kManganese;
  if (element == "Co") return kCobalt;
  if (element == "Ni") return kNickel;
  return {};
}

std::vector<IsotopePeak> isotope_peaks(std::span<const ElementCount> composition, int charge) {
  std::vector<Partial> partials = {Partial{}};
  for (const ElementCount& part : composition) {
    const std::span<const Isotope> isotopes = natural_isotopes(part.element);
    if (isotopes.empty() || part.count == 0) return {};
    std::vector<Partial> next;
    for (const Partial& p : partials) add_multisets(p, isotopes, part.element, part.count, 0, 0, 1.0, next);
    partials = std::move(next);
  }
  std::vector<IsotopePeak> peaks;
  for (const Partial& p : partials) peaks.push_back({p.mass_da / charge, p.abundance, p.label});
  std::sort(peaks.begin(), peaks.end(), [](const IsotopePeak& a, const IsotopePeak& b) {
    return a.mass_to_charge_da != b.mass_to_charge_da ? a.mass_to_charge_da < b.mass_to_charge_da : a.label < b.label;
  });
  return peaks;
}

}  // namespace hs
