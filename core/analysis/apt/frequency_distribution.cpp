// Blocks of n atoms along the analysis direction, their histogram, the binomial and χ².
#include "analysis/apt/frequency_distribution.h"

#include <algorithm>
#include <cstdio>

namespace hs {

std::vector<double> binomial_pmf(std::uint64_t n, double p) {
  std::vector<double> pmf(static_cast<std::size_t>(n + 1), 0.0);
  if (p <= 0) {
    pmf.front() = 1;
    return pmf;
  }
  if (p >= 1) {
    pmf.back() = 1;
    return pmf;
  }
  const double odds = p / (1 - p);
  const double nd = static_cast<double>(n);
  const auto mode =
      static_cast<std::uint64_t>(std::min(nd, static_cast<double>(static_cast<std::uint64_t>((nd + 1) * p))));
  pmf[mode] = 1;
  // B(k+1) / B(k) = (n − k) / (k + 1) × p / (1 − p).
  for (std::uint64_t k = mode; k < n; ++k) {
    pmf[k + 1] = pmf[k] * (nd - static_cast<double>(k)) / static_cast<double>(k + 1) * odds;
  }
  for (std::uint64_t k = mode; k > 0; --k) {
    pmf[k - 1] = pmf[k] * static_cast<double>(k) / (nd - static_cast<double>(k) + 1) / odds;
  }
  double sum = 0;
  for (double v : pmf) sum += v;
  for (double& v : pmf) v /= sum;
  return pmf;
}

Result<FrequencyDistribution> frequency_distribution(std::span<const OrderedIon> ions,
                                                     const ElementCounter& counter, std::size_t element,
                                                     const FrequencyParams& params) {
  if (params.block_atoms < 1 || params.block_atoms > kMaxBlockAtoms) {
    return make_error(ErrorCode::invalid_argument, "frequency distribution: the block size must be 1 to " +
                                                       std::to_string(kMaxBlockAtoms) + " atoms");
  }
  if (element >= counter.element_count()) {
    return make_error(ErrorCode::invalid_argument,
                      "frequency distribution: no element " + std::to_string(element));
  }
  FrequencyDistribution d;
  d.element = counter.elements()[element];
  d.block_atoms = params.block_atoms;
  d.observed.assign(static_cast<std::size_t>(params.block_atoms + 1), 0);
  std::uint64_t in_block = 0, hits = 0;
  for (const OrderedIon& ion : ions) {
    for (const SpeciesAtoms& a : counter.atoms_of(ion.species)) {
      for (std::uint32_t c = 0; c < a.count; ++c) {
        hits += a.element == element ? 1 : 0;
        if (++in_block == params.block_atoms) {
          ++d.observed[static_cast<std::size_t>(hits)];
          ++d.blocks;
          d.element_atoms += hits;
          in_block = hits = 0;
        }
      }
    }
  }
  if (d.blocks == 0) {
    return make_error(ErrorCode::invalid_argument, "frequency distribution: the ROI holds fewer than " +
                                                       std::to_string(params.block_atoms) +
                                                       " ranged atoms (one block)");
  }
  const double n = static_cast<double>(params.block_atoms), blocks = static_cast<double>(d.blocks);
  d.fraction = static_cast<double>(d.element_atoms) / (blocks * n);
  d.expected = binomial_pmf(params.block_atoms, d.fraction);
  for (double& e : d.expected) e *= blocks;
  const std::vector<double> observed(d.observed.begin(), d.observed.end());
  d.merged = merge_sparse_bins(observed, d.expected, params.min_expected);
  d.chi = chi_square(d.merged, 1);
  d.mu = pearson_mu(d.chi.chi2, blocks);
  return d;
}

std::string frequency_csv(std::span<const FrequencyDistribution> distributions) {
  std::string csv = "atoms_per_block";
  std::uint64_t rows = 0;
  for (const FrequencyDistribution& d : distributions) {
    csv += "," + d.element + "_observed_blocks," + d.element + "_expected_blocks";
    rows = std::max<std::uint64_t>(rows, d.observed.size());
  }
  csv += "\n";
  char cell[64];
  for (std::uint64_t k = 0; k < rows; ++k) {
    csv += std::to_string(k);
    for (const FrequencyDistribution& d : distributions) {
      if (k < d.observed.size()) {
        std::snprintf(cell, sizeof cell, ",%llu,%.17g", static_cast<unsigned long long>(d.observed[k]),
                      d.expected[k]);
        csv += cell;
      } else {
        csv += ",,";
      }
    }
    csv += "\n";
  }
  return csv;
}

}  // namespace hs
