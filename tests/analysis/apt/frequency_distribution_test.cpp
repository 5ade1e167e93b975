// Frequency distribution: the binomial against its closed form, block histograms of a hand-made
// sequence (molecular ions split into atoms, incomplete last block dropped), μ ≈ 0 on a random
// solid solution and μ ≈ 1 on a segregated one (both built here), bad parameters, a fuzz loop.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/apt/frequency_distribution.h"
#include "apt_analysis_support.h"

namespace {

// Species of test_ranges(): 0 Ni+, 1 O+, 2 O2+, 3 NiO+, 4 Li+, 5 Cr+. Elements: Ni, O, Li, Cr.
std::vector<hs::OrderedIon> sequence(const std::vector<std::uint32_t>& species) {
  std::vector<hs::OrderedIon> ions;
  for (std::size_t i = 0; i < species.size(); ++i) ions.push_back({static_cast<float>(i), species[i]});
  return ions;
}

}  // namespace

TEST_CASE("apt frequency distribution: binomial probabilities equal the closed form", "[apt][apt-freq]") {
  // n = 4, p = 1/4: C(4, k) 3^(4-k) / 256.
  const auto pmf = hs::binomial_pmf(4, 0.25);
  const double expected[] = {81, 108, 54, 12, 1};
  REQUIRE(pmf.size() == 5);
  for (int k = 0; k < 5; ++k)
    CHECK(pmf[static_cast<std::size_t>(k)] == Approx(expected[k] / 256).epsilon(1e-14));
  // n = 100, p = 0.1: log C(100, k) + k log p + (100 − k) log(1 − p) by lgamma.
  const auto big = hs::binomial_pmf(100, 0.1);
  for (int k : {0, 3, 10, 25, 60}) {
    const double log_pmf = std::lgamma(101) - std::lgamma(k + 1) - std::lgamma(101 - k) + k * std::log(0.1) +
                           (100 - k) * std::log(0.9);
    CHECK(big[static_cast<std::size_t>(k)] == Approx(std::exp(log_pmf)).epsilon(1e-11));
  }
  CHECK(hs::binomial_pmf(3, 0) == std::vector<double>{1, 0, 0, 0});
  CHECK(hs::binomial_pmf(3, 1) == std::vector<double>{0, 0, 0, 1});
}

TEST_CASE("apt frequency distribution: blocks of atoms from a hand-made sequence", "[apt][apt-freq]") {
  const hs::ElementCounter counter(hs::test::test_ranges());
  // Atoms: NiO+ -> Ni O; O2+ -> O O. Sequence Ni | NiO | O2 | Ni Ni | O | NiO | Li | Ni
  // atoms:  Ni Ni O O O Ni Ni O Ni O Li Ni  (12 atoms) -> blocks of 4: [Ni Ni O O] [O Ni Ni O]
  // [Ni O Li Ni]: Ni counts 2, 2, 2.
  const auto ions = sequence({0, 3, 2, 0, 0, 1, 3, 4, 0});
  auto d = hs::frequency_distribution(ions, counter, 0, {4, 5});
  REQUIRE(d.ok());
  CHECK(d->element == "Ni");
  CHECK(d->blocks == 3);
  CHECK(d->observed == std::vector<std::uint64_t>{0, 0, 3, 0, 0});
  CHECK(d->element_atoms == 6);
  CHECK(d->fraction == Approx(0.5));
  // Blocks of 5: [Ni Ni O O O] [Ni Ni O Ni O], the last two atoms dropped; O: 3 and 2.
  auto o = hs::frequency_distribution(ions, counter, 1, {5, 5});
  REQUIRE(o.ok());
  CHECK(o->blocks == 2);
  CHECK(o->observed == std::vector<std::uint64_t>{0, 0, 1, 1, 0, 0});
  double expected_sum = 0;
  for (double e : o->expected) expected_sum += e;
  CHECK(expected_sum == Approx(2));
}

TEST_CASE("apt frequency distribution: mu near 0 for a random solid solution, near 1 when segregated",
          "[apt][apt-freq]") {
  const hs::ElementCounter counter(hs::test::test_ranges());
  hs::test::AptLcg lcg(17);
  std::vector<std::uint32_t> random, segregated;
  for (int i = 0; i < 200000; ++i) {
    random.push_back(lcg.uniform() < 0.1 ? 5u : 0u);  // 10% Cr among Ni
    // The same amount of Cr, all in runs of 1000 ions that are pure Cr.
    segregated.push_back((i / 1000) % 10 == 0 ? 5u : 0u);
  }
  const std::size_t cr = *counter.element_index("Cr");
  auto r = hs::frequency_distribution(sequence(random), counter, cr, {100, 5});
  REQUIRE(r.ok());
  INFO("random: chi2 " << r->chi.chi2 << ", dof " << r->chi.dof << ", p " << r->chi.p_value << ", mu "
                       << r->mu);
  CHECK(r->blocks == 2000);
  CHECK(r->fraction == Approx(0.1).margin(0.005));
  CHECK(r->mu < 0.1);
  CHECK(r->chi.p_value > 0.001);
  auto s = hs::frequency_distribution(sequence(segregated), counter, cr, {100, 5});
  REQUIRE(s.ok());
  INFO("segregated: chi2 " << s->chi.chi2 << ", mu " << s->mu);
  CHECK(s->observed[0] == 1800);
  CHECK(s->observed[100] == 200);
  CHECK(s->mu > 0.9);
  CHECK(s->chi.p_value < 1e-10);
}

TEST_CASE("apt frequency distribution: bad parameters and too few atoms are errors", "[apt][apt-freq]") {
  const hs::ElementCounter counter(hs::test::test_ranges());
  const auto ions = sequence({0, 1, 0});
  CHECK_FALSE(hs::frequency_distribution(ions, counter, 0, {0, 5}).ok());
  CHECK_FALSE(hs::frequency_distribution(ions, counter, 0, {hs::kMaxBlockAtoms + 1, 5}).ok());
  CHECK_FALSE(hs::frequency_distribution(ions, counter, 9, {2, 5}).ok());
  auto few = hs::frequency_distribution(ions, counter, 0, {4, 5});
  REQUIRE_FALSE(few.ok());
  CHECK(few.error().message.find("fewer than 4") != std::string::npos);
  CHECK_FALSE(hs::frequency_distribution({}, counter, 0, {1, 5}).ok());
}

TEST_CASE("apt frequency distribution: random sequences and block sizes never break the statistics",
          "[apt][apt-freq]") {
  const hs::ElementCounter counter(hs::test::test_ranges());
  hs::test::AptLcg lcg(99);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::uint32_t> species(lcg.below(3000));
    const std::uint32_t spread = 1 + lcg.below(6);
    for (auto& s : species) s = lcg.below(spread);
    const std::uint64_t block = 1 + lcg.below(300);
    auto d = hs::frequency_distribution(sequence(species), counter, lcg.below(4), {block, 5});
    if (!d.ok()) continue;
    std::uint64_t blocks = 0;
    for (std::uint64_t n : d->observed) blocks += n;
    REQUIRE(blocks == d->blocks);
    REQUIRE(d->mu >= 0);
    REQUIRE(d->mu <= 1);
    REQUIRE(d->chi.chi2 >= 0);
    REQUIRE((std::isnan(d->chi.p_value) || (d->chi.p_value >= 0 && d->chi.p_value <= 1)));
  }
}
