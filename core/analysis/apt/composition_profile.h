// Composition profile of an atom probe ROI: bins along the cylinder's axis (or a box's profile
// axis), fixed-width or holding a fixed number of ions; per bin the ions of each species, the atoms
// of each element with molecular ions decomposed, atomic fractions with their binomial σ =
// sqrt(c (1 − c) / N) (N the bin's atoms), and the cathode ratios (ratios.h). CSV export.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/ratios.h"
#include "analysis/apt/roi.h"
#include "util/result.h"

namespace hs {

// Most bins a profile may have (bounds memory: bins × species × 8 bytes).
inline constexpr std::uint64_t kMaxProfileBins = 1000000;

struct ProfileParams {
  double bin_nm = 0.5;         // fixed-width bins (from 0 at the ROI's start), when bin_ions == 0
  std::uint64_t bin_ions = 0;  // > 0: fixed-count bins, each of this many ranged ions (the last
                               // one holds the rest)
};

struct ProfileBin {
  double start_nm = 0, end_nm = 0;           // along the profile coordinate
  std::vector<std::uint64_t> species_ions;   // ranged ions per species (table order)
  std::vector<std::uint64_t> element_atoms;  // per element (ElementCounter order)
  std::uint64_t unranged_ions = 0;           // ions without atoms (unranged or unknown species)
  std::uint64_t atoms = 0;                   // sum of element_atoms
};

struct CompositionProfile {
  std::vector<std::string> elements;  // column order
  std::vector<std::string> species;   // ion names, table order
  std::vector<ProfileBin> bins;
  ProfileBin total;  // the whole ROI (start 0, end = ROI extent)
  std::string roi;   // IonRoi::describe()

  // Atomic fraction of element e in `bin` (0 when the bin has no atoms) and its σ.
  static double fraction(const ProfileBin& bin, std::size_t e);
  static double sigma(const ProfileBin& bin, std::size_t e);
};

// Bins of fixed width: bin k = [k w, (k + 1) w), the last one ending at the ROI's extent; an ion
// goes to floor(coordinate / w), clamped to the first and last bins. Fixed count: the ranged ions
// in coordinate order (ordered_ions.h), cut every bin_ions; a bin spans from the midpoint to the
// previous bin's last ion (0 for the first) to the midpoint to the next bin's first ion (the
// extent for the last). Errors: bad parameters, too many bins, the source's read errors.
Result<CompositionProfile> composition_profile(const IonSource& source, const IonRoi& roi,
                                               const ElementCounter& counter, const ProfileParams& params,
                                               const AnalysisControl* control = nullptr);

// CSV with a header line: bin_start_nm, bin_end_nm, ions, unranged_ions, atoms, then per element
// <E>_count, <E>_at%, <E>_sigma_at%, then the ratios the table supports: Li/(Li+Ni+Co+Mn),
// Ni/(Ni+Co+Mn), O2+/O+ (empty cells where undefined). One row per bin.
std::string profile_csv(const CompositionProfile& profile, const ElementCounter& counter);

}  // namespace hs
