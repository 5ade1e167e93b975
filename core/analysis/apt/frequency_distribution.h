// Frequency distribution of an element in an atom probe ROI against the binomial expectation of a
// random solid solution, with Pearson's χ², its p-value and the normalised homogenisation
// parameter μ (Moody et al., Microsc. Microanal. 14 (2008) 40).
//
// Blocks: the ROI's ranged ions in spatial order along the analysis direction (ordered_ions.h;
// stored rows are not in evaporation order), decomposed into atoms (one NiO+ = Ni then O), cut
// into consecutive blocks of `block_atoms` atoms; an incomplete last block is dropped. The
// histogram counts blocks holding k atoms of the element, k = 0..n, against N_blocks × B(k; n, p)
// with p the element's share of the atoms in the blocks. Bins expecting fewer than 5 blocks are
// merged into their neighbours (merge_sparse_bins); p is estimated from the data, so the degrees
// of freedom are merged bins − 2.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/apt/chi_square.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/ordered_ions.h"
#include "util/result.h"

namespace hs {

inline constexpr std::uint64_t kMaxBlockAtoms = 1000000;

struct FrequencyParams {
  std::uint64_t block_atoms = 100;  // n, 1..kMaxBlockAtoms (published NMC811 work: 100)
  double min_expected = 5;          // merge bins expecting fewer blocks
};

struct FrequencyDistribution {
  std::string element;
  std::uint64_t block_atoms = 0;        // n
  std::uint64_t blocks = 0;             // N
  std::uint64_t element_atoms = 0;      // in the N blocks
  double fraction = 0;                  // p = element_atoms / (N n)
  std::vector<std::uint64_t> observed;  // n + 1 entries: blocks with k atoms of the element
  std::vector<double> expected;         // n + 1 entries: N × B(k; n, p)
  std::vector<MergedBin> merged;        // what χ² was computed on
  ChiSquareResult chi;                  // estimated_parameters = 1 (p)
  double mu = 0;                        // pearson_mu(chi.chi2, N)
};

// B(k; n, p) for k = 0..n: from the mode outwards by the ratio of successive terms, then
// normalised to sum 1 (only + − × ÷: identical natively and in wasm). p in [0, 1].
std::vector<double> binomial_pmf(std::uint64_t n, double p);

// The distribution of element `element` (index into counter.elements()) over `ions` in order.
// Errors (invalid_argument): a bad block size, an unknown element index, fewer atoms than one block.
Result<FrequencyDistribution> frequency_distribution(std::span<const OrderedIon> ions,
                                                     const ElementCounter& counter, std::size_t element,
                                                     const FrequencyParams& params);

// CSV: "atoms_per_block" then "<E>_observed_blocks,<E>_expected_blocks" per distribution, one row
// per k up to the largest n (empty cells beyond a distribution's n). All must come from one run.
std::string frequency_csv(std::span<const FrequencyDistribution> distributions);

}  // namespace hs
