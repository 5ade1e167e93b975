// Counting from a binned spectrum: ion counts against ranging the ions themselves (range ends on
// bin edges) and against ranging each bin's centre (ends off the edges), rebinning against
// counting the masses directly, and empty spectra, ranges past the spectrum, zero-width ranges.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "points/spectrum_counts.h"
#include "points/splitmix64.h"

namespace {

constexpr double kBinsPerDa = 100.0;

// Uniform in [0, 1) from the i-th output of a SplitMix64 stream.
double uniform(std::uint64_t i) {
  return static_cast<double>(hs::splitmix64(i) >> 11) * 0x1.0p-53;
}

// Peaks at a few masses over a flat background in [0, 80) Da, deterministic.
std::vector<float> synthetic_masses() {
  const double peaks_da[] = {26.98, 28.97, 31.99, 57.93, 58.93, 73.93};
  std::vector<float> masses;
  for (std::uint64_t i = 0; i < 60000; ++i) {
    const double u = uniform(3 * i), v = uniform(3 * i + 1), w = uniform(3 * i + 2);
    const double mass = i % 4 == 0 ? 80.0 * u : peaks_da[i % 6] + 0.3 * (u + v + w - 1.5);
    masses.push_back(static_cast<float>(mass));
  }
  return masses;
}

// Bin i counts the masses m with i <= m × 100 < i + 1 (exact: a float times 100 fits a double).
std::vector<std::uint64_t> spectrum_of(const std::vector<float>& masses) {
  std::vector<std::uint64_t> spectrum(8000, 0);
  for (const float m : masses)
    ++spectrum.at(static_cast<std::size_t>(std::floor(static_cast<double>(m) * kBinsPerDa)));
  return spectrum;
}

hs::RangeTable synthetic_table() {
  hs::RangeTable table;
  for (const char* name : {"Al+", "O2+", "Ni+", "Fe+", "NiO+", "X"})
    table.ions.push_back(hs::ion_from_name(name));
  table.ranges = {{26.80, 27.30, 0}, {31.90, 32.10, 1}, {57.80, 58.40, 2}};
  table.ranges.push_back({58.20, 59.10, 3});    // overlaps Ni: its masses below 58.4 count as Ni
  table.ranges.push_back({150.00, 160.00, 4});  // beyond the spectrum (80 Da)
  table.ranges.push_back({40.00, 40.00, 5});    // zero width on a bin edge
  table.ranges.push_back({40.005, 40.005, 5});  // zero width on a bin centre
  return table;
}

}  // namespace

TEST_CASE("spectrum counts: equal ranging each ion when range ends sit on bin edges", "[spectrum_counts]") {
  const std::vector<float> masses = synthetic_masses();
  const hs::RangeTable table = synthetic_table();
  const hs::IonCounts expected = hs::count_ions(table, masses);
  const hs::IonCounts counts = hs::count_ions_in_spectrum(table, spectrum_of(masses), kBinsPerDa);
  CHECK(counts.per_ion == expected.per_ion);
  CHECK(counts.unranged == expected.unranged);
  CHECK(expected.per_ion[2] > 1000);  // the ranges do hold ions
  CHECK(expected.per_ion[3] > 1000);
  CHECK(counts.per_ion[4] == 0);  // beyond the spectrum
  CHECK(counts.per_ion[5] == 0);  // zero width
}

TEST_CASE("spectrum counts: off-edge range ends rank each bin by its centre", "[spectrum_counts]") {
  std::vector<std::uint64_t> spectrum(3000);
  for (std::size_t i = 0; i < spectrum.size(); ++i) spectrum[i] = hs::splitmix64(i) % 50;
  hs::RangeTable table;
  for (const char* name : {"Al+", "Ni++"}) table.ions.push_back(hs::ion_from_name(name));
  table.ranges = {{26.803, 27.297, 0}, {28.964, 29.046, 1}, {29.021, 29.5, 0}};
  hs::IonCounts expected;
  expected.per_ion.assign(2, 0);
  for (std::size_t i = 0; i < spectrum.size(); ++i) {
    const float centre = static_cast<float>((static_cast<double>(i) + 0.5) / kBinsPerDa);
    const hs::IonCounts one = hs::count_ions(table, std::span<const float>(&centre, 1));
    for (std::size_t ion = 0; ion < 2; ++ion) expected.per_ion[ion] += one.per_ion[ion] * spectrum[i];
    expected.unranged += one.unranged * spectrum[i];
  }
  const hs::IonCounts counts = hs::count_ions_in_spectrum(table, spectrum, kBinsPerDa);
  CHECK(counts.per_ion == expected.per_ion);
  CHECK(counts.unranged == expected.unranged);
  // By hand: Al+ holds bins 2680..2729 (centres 26.805..27.295) and 2903..2949 (29.035..29.495),
  // Ni++ holds 2896..2904 (28.965..29.045) and wins bins 2903 and 2904 from Al+.
  std::uint64_t al = 0, ni = 0;
  for (std::size_t i = 2680; i <= 2729; ++i) al += spectrum[i];
  for (std::size_t i = 2905; i <= 2949; ++i) al += spectrum[i];
  for (std::size_t i = 2896; i <= 2904; ++i) ni += spectrum[i];
  CHECK(counts.per_ion[0] == al);
  CHECK(counts.per_ion[1] == ni);
}

TEST_CASE("spectrum counts: an empty spectrum counts nothing", "[spectrum_counts]") {
  const hs::IonCounts counts = hs::count_ions_in_spectrum(synthetic_table(), {}, kBinsPerDa);
  CHECK(counts.per_ion == std::vector<std::uint64_t>(6, 0));
  CHECK(counts.unranged == 0);
  CHECK(hs::rebin_spectrum({}, kBinsPerDa, 0.0, 1.0, 0.1) == std::vector<std::uint64_t>(10, 0));
}

TEST_CASE("spectrum counts: range ends snap to the nearest bin edge", "[spectrum_counts]") {
  CHECK(hs::snap_to_bin_edge(26.804, 100) == 26.80);
  CHECK(hs::snap_to_bin_edge(26.806, 100) == 26.81);
  CHECK(hs::snap_to_bin_edge(58.37, 100) == 58.37);
  CHECK(hs::snap_to_bin_edge(-0.004, 100) == 0.0);
  CHECK(hs::snap_to_bin_edge(1.26, 10) == 1.3);
}

TEST_CASE("spectrum counts: rebinned counts equal counting the masses in each wide bin",
          "[spectrum_counts]") {
  const std::vector<float> masses = synthetic_masses();
  const std::vector<std::uint64_t> spectrum = spectrum_of(masses);
  // Edges as whole bins / 100 (the nearest double to each 0.01 Da multiple); the last bin ends at hi.
  const auto brute_force = [&](std::int64_t first_bin, std::int64_t last_bin, std::int64_t per_bin) {
    std::vector<std::uint64_t> bins;
    for (std::int64_t start = first_bin; start < last_bin; start += per_bin) {
      const double low = static_cast<double>(start) / kBinsPerDa;
      const double high = static_cast<double>(std::min(start + per_bin, last_bin)) / kBinsPerDa;
      std::uint64_t n = 0;
      for (const float m : masses) n += low <= m && m < high ? 1 : 0;
      bins.push_back(n);
    }
    return bins;
  };
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 20.0, 75.37, 0.05) == brute_force(2000, 7537, 5));
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 56.004, 60.0, 0.013) == brute_force(5600, 6000, 1));
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.0, 80.0, 0.037) == brute_force(0, 8000, 4));
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.0, 80.0, 1.0) == brute_force(0, 8000, 100));
  // Past the spectrum's end: the bins there count 0 and the sum is every ion.
  const std::vector<std::uint64_t> wide = hs::rebin_spectrum(spectrum, kBinsPerDa, 0.0, 100.0, 10.0);
  REQUIRE(wide.size() == 10);
  CHECK(wide[8] == 0);
  CHECK(wide[9] == 0);
  std::uint64_t total = 0;
  for (const std::uint64_t n : wide) total += n;
  CHECK(total == masses.size());
}

TEST_CASE("spectrum counts: rebinning an empty or reversed span, and below 0 Da", "[spectrum_counts]") {
  const std::vector<std::uint64_t> spectrum = {1, 2, 3, 4, 5, 6, 7};
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.03, 0.03, 0.01).empty());
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.05, 0.02, 0.01).empty());
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.0, NAN, 0.01).empty());
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, -0.03, 0.03, 0.01) ==
        std::vector<std::uint64_t>{0, 0, 0, 1, 2, 3});
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, -0.02, 0.09, 0.04) ==
        std::vector<std::uint64_t>{3, 18, 7});  // bins [-2, 2), [2, 6), [6, 9)
  CHECK(hs::rebin_spectrum(spectrum, kBinsPerDa, 0.0, 0.07, 0.0) == spectrum);  // width rounds up to 1 bin
}
