// χ² helpers against closed forms: ln Γ at integers and halves, Q(1, x) = e^-x, Q(½, x) =
// erfc(√x), the χ² survival with 2 dof = e^(-x/2); sparse-bin merging on a hand-made table;
// Pearson μ.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "analysis/apt/chi_square.h"

TEST_CASE("apt chi-square: log gamma and incomplete gamma equal their closed forms", "[apt][apt-chi2]") {
  CHECK(hs::log_gamma(1) == Approx(0).margin(1e-14));
  CHECK(hs::log_gamma(2) == Approx(0).margin(1e-14));
  CHECK(hs::log_gamma(0.5) == Approx(0.5 * std::log(std::numbers::pi)).epsilon(1e-14));  // Γ(½) = √π
  CHECK(hs::log_gamma(10) == Approx(std::log(362880.0)).epsilon(1e-14));                 // 9!
  CHECK(hs::log_gamma(20.5) == Approx(std::lgamma(20.5)).epsilon(1e-14));
  CHECK(hs::log_gamma(1e-3) == Approx(std::lgamma(1e-3)).epsilon(1e-13));
  CHECK(std::isnan(hs::log_gamma(0)));
  CHECK(std::isnan(hs::log_gamma(-1)));
  for (double x : {0.01, 0.5, 1.0, 2.0, 7.5, 30.0, 200.0}) {
    INFO("x = " << x);
    CHECK(hs::gamma_q(1, x) == Approx(std::exp(-x)).epsilon(1e-12));
    CHECK(hs::gamma_q(0.5, x) == Approx(std::erfc(std::sqrt(x))).epsilon(1e-12));
    CHECK(hs::gamma_p(1, x) == Approx(1 - std::exp(-x)).epsilon(1e-12));
    CHECK(hs::chi_square_survival(x, 2) == Approx(std::exp(-x / 2)).epsilon(1e-12));
    // Q(2, x) = (1 + x) e^-x.
    CHECK(hs::gamma_q(2, x) == Approx((1 + x) * std::exp(-x)).epsilon(1e-12));
  }
  CHECK(hs::gamma_q(3, 0) == 1);
  CHECK(hs::gamma_p(3, 0) == 0);
  CHECK(std::isnan(hs::gamma_q(0, 1)));
  CHECK(std::isnan(hs::gamma_q(1, -1)));
  CHECK(std::isnan(hs::chi_square_survival(3, 0)));
}

TEST_CASE("apt chi-square: sparse tail bins merge into their neighbours", "[apt][apt-chi2]") {
  const std::vector<double> expected = {1, 2, 3, 10, 4, 1, 0.5};
  const std::vector<double> observed = {0, 3, 2, 12, 5, 0, 1};
  const auto merged = hs::merge_sparse_bins(observed, expected, 5);
  // 1+2+3 = 6 closes the first; 10 alone; 4+1 = 5 closes; 0.5 falls short and joins it.
  REQUIRE(merged.size() == 3);
  CHECK(merged[0].first == 0);
  CHECK(merged[0].last == 2);
  CHECK(merged[0].expected == 6);
  CHECK(merged[0].observed == 5);
  CHECK(merged[1].first == 3);
  CHECK(merged[1].last == 3);
  CHECK(merged[2].first == 4);
  CHECK(merged[2].last == 6);
  CHECK(merged[2].expected == 5.5);
  CHECK(merged[2].observed == 6);
  // χ² = (5-6)²/6 + (12-10)²/10 + (6-5.5)²/5.5, dof = 3 - 1 - 1.
  const auto chi = hs::chi_square(merged, 1);
  CHECK(chi.chi2 == Approx(1.0 / 6 + 0.4 + 0.25 / 5.5));
  CHECK(chi.dof == 1);
  // One bin short of the threshold stays alone: nothing to merge with.
  const std::vector<double> one = {2};
  CHECK(hs::merge_sparse_bins(one, one).size() == 1);
  CHECK(hs::merge_sparse_bins({}, {}).empty());
}

TEST_CASE("apt chi-square: Pearson mu is 0 for chi2 = 0 and tends to 1", "[apt][apt-chi2]") {
  CHECK(hs::pearson_mu(0, 100) == 0);
  CHECK(hs::pearson_mu(0, 0) == 0);
  CHECK(hs::pearson_mu(100, 100) == Approx(std::sqrt(0.5)));
  CHECK(hs::pearson_mu(1e9, 100) > 0.9999);
}
