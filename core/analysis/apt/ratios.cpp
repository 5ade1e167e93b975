// Li/(Li+TM), Ni/TM and O2+/O+ from per-species ion counts.
#include "analysis/apt/ratios.h"

#include <limits>

namespace hs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : kNaN;
}

}  // namespace

RatioSpecies::RatioSpecies(const ElementCounter& counter) {
  const auto li = counter.element_index("Li"), ni = counter.element_index("Ni"),
             co = counter.element_index("Co"), mn = counter.element_index("Mn");
  has_ni_ = ni && co && mn;
  has_li_ = li && has_ni_;
  li_ = li.value_or(0), ni_ = ni.value_or(0), co_ = co.value_or(0), mn_ = mn.value_or(0);
  for (std::size_t s = 0; s < counter.species_count(); ++s) {
    const IonSpecies& ion = counter.table().ions[s];
    if (ion.charge != 1 || ion.composition.size() != 1 || ion.composition[0].element != "O") continue;
    if (ion.composition[0].count == 1) o1_.push_back(s);
    if (ion.composition[0].count == 2) o2_.push_back(s);
  }
}

CathodeRatios RatioSpecies::ratios(std::span<const std::uint64_t> ions,
                                   std::span<const std::uint64_t> atoms) const {
  CathodeRatios r{kNaN, kNaN, kNaN};
  const auto atom = [&](std::size_t e) { return e < atoms.size() ? static_cast<double>(atoms[e]) : 0.0; };
  const auto sum = [&](const std::vector<std::size_t>& species) {
    double total = 0;
    for (std::size_t s : species) total += s < ions.size() ? static_cast<double>(ions[s]) : 0.0;
    return total;
  };
  if (has_ni_) {
    const double tm = atom(ni_) + atom(co_) + atom(mn_);
    r.ni_fraction = ratio(atom(ni_), tm);
    if (has_li_) r.li_fraction = ratio(atom(li_), atom(li_) + tm);
  }
  if (has_o2_to_o()) r.o2_to_o = ratio(sum(o2_), sum(o1_));
  return r;
}

}  // namespace hs
