// Statistics of the frequency-distribution test: the regularised incomplete gamma functions, the
// χ² survival function, Pearson's χ² with bins of small expectation merged, and the normalised
// homogenisation parameter μ. Built from + − × ÷, sqrt and portable log/exp (samples/portable_math.h),
// so results are the same natively and in wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hs {

// ln Γ(a) for a > 0 (NaN otherwise): shifted up to a >= 15 by Γ(a + 1) = a Γ(a), then Stirling's
// series to the a^-9 term (absolute error below 1e-15).
double log_gamma(double a);

// Regularised lower and upper incomplete gamma P(a, x) and Q(a, x) = 1 − P(a, x), a > 0,
// x >= 0 (NaN otherwise): the power series of P for x < a + 1, else the continued fraction of Q
// (Lentz's method); relative accuracy about 1e-14.
double gamma_p(double a, double x);
double gamma_q(double a, double x);

// P(X >= chi2) for X ~ χ² with `dof` degrees of freedom: Q(dof / 2, chi2 / 2). NaN for dof <= 0.
double chi_square_survival(double chi2, double dof);

// One bin of the merged table: histogram bins [first, last] (inclusive) summed.
struct MergedBin {
  std::size_t first = 0, last = 0;
  double observed = 0, expected = 0;
};

// Merges consecutive bins so that each merged bin expects at least `min_expected`: walking from
// bin 0 up, a merged bin closes once its expectation reaches min_expected; a last bin that falls
// short joins the one before it. So the sparse tails fold into their neighbours towards the mode.
// `observed` and `expected` have the same length.
std::vector<MergedBin> merge_sparse_bins(std::span<const double> observed, std::span<const double> expected,
                                         double min_expected = 5);

struct ChiSquareResult {
  double chi2 = 0;
  double dof = 0;      // merged bins − 1 − estimated_parameters
  double p_value = 1;  // chi_square_survival(chi2, dof); NaN when dof <= 0
};

// Pearson's χ² = Σ (O − E)² / E over `bins` (bins with E = 0 are skipped).
ChiSquareResult chi_square(std::span<const MergedBin> bins, int estimated_parameters);

// Normalised homogenisation parameter μ = sqrt(χ² / (N + χ²)), N the number of blocks (0 when
// both are 0): 0 for a random distribution, 1 for complete segregation.
double pearson_mu(double chi2, double blocks);

}  // namespace hs
