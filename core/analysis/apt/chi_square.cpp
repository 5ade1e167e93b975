// Incomplete gamma functions, χ² survival, sparse-bin merging and Pearson μ.
#include "analysis/apt/chi_square.h"

#include <cmath>
#include <limits>

#include "samples/portable_math.h"

namespace hs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEpsilon = 1e-16;
constexpr int kMaxIterations = 100000;

// e^y for any finite y (portable: exact scaling of the portable e^-|y|).
double portable_exp(double y) {
  if (y <= 0) return portable_exp_negative(y);
  const double inverse = portable_exp_negative(-y);
  return inverse > 0 ? 1 / inverse : std::numeric_limits<double>::infinity();
}

// e^-x x^a / Γ(a), the common factor of both expansions (x > 0).
double gamma_prefactor(double a, double x) {
  return portable_exp(a * portable_log(x) - x - log_gamma(a));
}

// P(a, x) = prefactor × Σ_n x^n / (a (a+1) … (a+n)), for x < a + 1.
double lower_series(double a, double x) {
  double term = 1 / a, sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::abs(term) < std::abs(sum) * kEpsilon) break;
  }
  return sum * gamma_prefactor(a, x);
}

// Q(a, x) = prefactor × 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / (x + 5 − a − …))),
// evaluated by the modified Lentz method, for x >= a + 1.
double upper_fraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a;
  double c = 1 / kTiny;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < kEpsilon) break;
  }
  return h * gamma_prefactor(a, x);
}

}  // namespace

double log_gamma(double a) {
  if (!(a > 0) || !std::isfinite(a)) return kNaN;
  // ln Γ(a) = ln Γ(a + n) − ln(a (a + 1) … (a + n − 1)).
  double shift = 0;
  double product = 1;
  while (a < 15) {
    product *= a;
    a += 1;
    if (product > 1e280) {
      shift += portable_log(product);
      product = 1;
    }
  }
  shift += portable_log(product);
  const double inv = 1 / a, inv2 = inv * inv;
  // Stirling: (a − ½) ln a − a + ½ ln 2π + 1/(12a) − 1/(360a³) + 1/(1260a⁵) − 1/(1680a⁷) + 1/(1188a⁹).
  const double series =
      inv *
      (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680 + inv2 * (1.0 / 1188)))));
  constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // ½ ln 2π
  return (a - 0.5) * portable_log(a) - a + kHalfLogTwoPi + series - shift;
}

double gamma_p(double a, double x) {
  if (!(a > 0) || !(x >= 0) || !std::isfinite(a)) return kNaN;
  if (x == 0) return 0;
  if (std::isinf(x)) return 1;
  return x < a + 1 ? lower_series(a, x) : 1 - upper_fraction(a, x);
}

double gamma_q(double a, double x) {
  if (!(a > 0) || !(x >= 0) || !std::isfinite(a)) return kNaN;
  if (x == 0) return 1;
  if (std::isinf(x)) return 0;
  return x < a + 1 ? 1 - lower_series(a, x) : upper_fraction(a, x);
}

double chi_square_survival(double chi2, double dof) {
  if (!(dof > 0)) return kNaN;
  return gamma_q(0.5 * dof, 0.5 * chi2);
}

std::vector<MergedBin> merge_sparse_bins(std::span<const double> observed, std::span<const double> expected,
                                         double min_expected) {
  std::vector<MergedBin> merged;
  bool open = false;
  for (std::size_t k = 0; k < expected.size() && k < observed.size(); ++k) {
    if (!open) merged.push_back({k, k, 0, 0});
    MergedBin& m = merged.back();
    m.last = k;
    m.observed += observed[k];
    m.expected += expected[k];
    open = m.expected < min_expected;
  }
  if (open && merged.size() >= 2) {
    const MergedBin last = merged.back();
    merged.pop_back();
    merged.back().last = last.last;
    merged.back().observed += last.observed;
    merged.back().expected += last.expected;
  }
  return merged;
}

ChiSquareResult chi_square(std::span<const MergedBin> bins, int estimated_parameters) {
  ChiSquareResult r;
  for (const MergedBin& b : bins) {
    if (b.expected > 0) r.chi2 += (b.observed - b.expected) * (b.observed - b.expected) / b.expected;
  }
  r.dof = static_cast<double>(bins.size()) - 1 - estimated_parameters;
  r.p_value = chi_square_survival(r.chi2, r.dof);
  return r;
}

double pearson_mu(double chi2, double blocks) {
  const double denominator = blocks + chi2;
  return denominator > 0 ? std::sqrt(chi2 / denominator) : 0;
}

}  // namespace hs
