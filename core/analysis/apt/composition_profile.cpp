// Composition profiles along an ROI: fixed-width bins streamed, fixed-count bins from sorted ions.
#include "analysis/apt/composition_profile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "analysis/apt/ordered_ions.h"

namespace hs {
namespace {

// Fills element_atoms and atoms of a bin from its species counts.
void finish_bin(ProfileBin& bin, const ElementCounter& counter) {
  bin.element_atoms = counter.element_atoms(bin.species_ions);
  bin.atoms = 0;
  for (std::uint64_t a : bin.element_atoms) bin.atoms += a;
}

Result<std::vector<ProfileBin>> fixed_width_bins(const IonSource& source, const IonRoi& roi,
                                                 const ElementCounter& counter, double bin_nm,
                                                 const AnalysisControl* control) {
  if (!(bin_nm > 0) || !std::isfinite(bin_nm)) {
    return make_error(ErrorCode::invalid_argument, "profile: the bin width must be finite and > 0 nm");
  }
  const double extent = std::max(0.0, roi.extent_nm());
  const double count = std::max(1.0, std::ceil(extent / bin_nm));
  if (!(count <= static_cast<double>(kMaxProfileBins))) {
    return make_error(ErrorCode::limit, "profile: " + roi.describe() + " with bins of " +
                                            std::to_string(bin_nm) + " nm would need more than " +
                                            std::to_string(kMaxProfileBins) + " bins");
  }
  const auto bins = static_cast<std::size_t>(count);
  const std::size_t columns = counter.species_count() + 1;  // species, then unranged
  std::vector<std::uint64_t> counts(bins * columns, 0);
  const Status read = source.for_each_block(
      &roi,
      [&](const IonBlock& block) {
        for (std::size_t i = 0; i < block.size(); ++i) {
          const double t =
              roi.coordinate_nm(block.xyz_nm[3 * i], block.xyz_nm[3 * i + 1], block.xyz_nm[3 * i + 2]);
          const double k = std::clamp(std::floor(t / bin_nm), 0.0, static_cast<double>(bins - 1));
          const std::uint32_t s = counter.species_of(block.mass_da[i]);
          const std::size_t column = s == ElementCounter::kUnranged ? columns - 1 : s;
          ++counts[static_cast<std::size_t>(k) * columns + column];
        }
        return Status{};
      },
      control);
  if (!read) return read.error();
  std::vector<ProfileBin> out(bins);
  for (std::size_t b = 0; b < bins; ++b) {
    ProfileBin& bin = out[b];
    bin.start_nm = static_cast<double>(b) * bin_nm;
    bin.end_nm = b + 1 == bins ? std::max(extent, bin.start_nm) : static_cast<double>(b + 1) * bin_nm;
    const std::uint64_t* row = counts.data() + b * columns;
    bin.species_ions.assign(row, row + columns - 1);
    bin.unranged_ions = row[columns - 1];
    finish_bin(bin, counter);
  }
  return out;
}

Result<std::vector<ProfileBin>> fixed_count_bins(const IonSource& source, const IonRoi& roi,
                                                 const ElementCounter& counter, std::uint64_t bin_ions,
                                                 const AnalysisControl* control) {
  auto ions = ordered_ions(source, roi, counter, control);
  if (!ions) return ions.error();
  const std::size_t n = ions->size();
  if (n / bin_ions >= kMaxProfileBins) {
    return make_error(ErrorCode::limit, "profile: bins of " + std::to_string(bin_ions) +
                                            " ions would make more than " + std::to_string(kMaxProfileBins) +
                                            " bins");
  }
  const double extent = std::max(0.0, roi.extent_nm());
  std::vector<ProfileBin> out;
  // No ions: one empty bin over the whole extent.
  for (std::size_t first = 0; first < std::max<std::size_t>(n, 1);
       first += static_cast<std::size_t>(bin_ions)) {
    const std::size_t last = std::min<std::size_t>(n, first + static_cast<std::size_t>(bin_ions));
    ProfileBin bin;
    bin.species_ions.assign(counter.species_count(), 0);
    for (std::size_t i = first; i < last; ++i) ++bin.species_ions[(*ions)[i].species];
    const auto at = [&](std::size_t i) { return static_cast<double>((*ions)[i].coordinate_nm); };
    bin.start_nm = first == 0 ? 0.0 : 0.5 * (at(first - 1) + at(first));
    bin.end_nm = last >= n ? extent : 0.5 * (at(last - 1) + at(last));
    finish_bin(bin, counter);
    out.push_back(std::move(bin));
  }
  return out;
}

void append_number(std::string& csv, double value) {
  char cell[40];
  if (std::isnan(value)) {
    csv += ",";
    return;
  }
  std::snprintf(cell, sizeof cell, ",%.10g", value);
  csv += cell;
}

}  // namespace

double CompositionProfile::fraction(const ProfileBin& bin, std::size_t e) {
  if (bin.atoms == 0 || e >= bin.element_atoms.size()) return 0;
  return static_cast<double>(bin.element_atoms[e]) / static_cast<double>(bin.atoms);
}

double CompositionProfile::sigma(const ProfileBin& bin, std::size_t e) {
  if (bin.atoms == 0) return 0;
  const double c = fraction(bin, e);
  return std::sqrt(c * (1 - c) / static_cast<double>(bin.atoms));
}

Result<CompositionProfile> composition_profile(const IonSource& source, const IonRoi& roi,
                                               const ElementCounter& counter, const ProfileParams& params,
                                               const AnalysisControl* control) {
  auto bins = params.bin_ions > 0 ? fixed_count_bins(source, roi, counter, params.bin_ions, control)
                                  : fixed_width_bins(source, roi, counter, params.bin_nm, control);
  if (!bins) return bins.error();
  CompositionProfile p;
  p.elements = counter.elements();
  for (const IonSpecies& ion : counter.table().ions) p.species.push_back(ion.name);
  p.bins = std::move(*bins);
  p.roi = roi.describe();
  p.total.end_nm = std::max(0.0, roi.extent_nm());
  p.total.species_ions.assign(counter.species_count(), 0);
  for (const ProfileBin& bin : p.bins) {
    for (std::size_t s = 0; s < bin.species_ions.size(); ++s) p.total.species_ions[s] += bin.species_ions[s];
    p.total.unranged_ions += bin.unranged_ions;
  }
  finish_bin(p.total, counter);
  return p;
}

std::string profile_csv(const CompositionProfile& profile, const ElementCounter& counter) {
  const RatioSpecies ratio_species(counter);
  std::string csv = "bin_start_nm,bin_end_nm,ions,unranged_ions,atoms";
  for (const std::string& e : profile.elements) csv += "," + e + "_count," + e + "_at%," + e + "_sigma_at%";
  if (ratio_species.has_li_fraction()) csv += ",Li/(Li+Ni+Co+Mn)";
  if (ratio_species.has_ni_fraction()) csv += ",Ni/(Ni+Co+Mn)";
  if (ratio_species.has_o2_to_o()) csv += ",O2+/O+";
  csv += "\n";
  for (const ProfileBin& bin : profile.bins) {
    std::uint64_t ions = 0;
    for (std::uint64_t n : bin.species_ions) ions += n;
    char head[160];
    std::snprintf(head, sizeof head, "%.10g,%.10g,%llu,%llu,%llu", bin.start_nm, bin.end_nm,
                  static_cast<unsigned long long>(ions), static_cast<unsigned long long>(bin.unranged_ions),
                  static_cast<unsigned long long>(bin.atoms));
    csv += head;
    for (std::size_t e = 0; e < profile.elements.size(); ++e) {
      csv += "," + std::to_string(bin.element_atoms[e]);
      append_number(csv, 100 * CompositionProfile::fraction(bin, e));
      append_number(csv, 100 * CompositionProfile::sigma(bin, e));
    }
    const CathodeRatios r = ratio_species.ratios(bin.species_ions, bin.element_atoms);
    if (ratio_species.has_li_fraction()) append_number(csv, r.li_fraction);
    if (ratio_species.has_ni_fraction()) append_number(csv, r.ni_fraction);
    if (ratio_species.has_o2_to_o()) append_number(csv, r.o2_to_o);
    csv += "\n";
  }
  return csv;
}

}  // namespace hs
