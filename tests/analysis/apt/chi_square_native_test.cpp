// χ², p-values, Q(a, x) and ln Γ against scipy (tests/reference/apt_chi_square_check.py): the
// merged tables of frequency distributions built here (random and segregated sequences), plus a
// grid of χ² survival and incomplete gamma points.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <vector>

#include "analysis/apt/chi_square.h"
#include "analysis/apt/frequency_distribution.h"
#include "apt_analysis_support.h"
#include "json/json.h"
#include "support/python_reference.h"

namespace {

hs::json::Value numbers(const std::vector<double>& v) {
  hs::json::Array a;
  for (double x : v) a.emplace_back(x);
  return hs::json::Value(std::move(a));
}

// A distribution of Ni (element 0) over `atoms` atoms of Ni+ (share p) and O+, segregated into
// a Ni-rich run when `segregated`.
hs::FrequencyDistribution distribution(std::uint32_t seed, double p, bool segregated, std::uint64_t block) {
  const hs::ElementCounter counter(hs::test::test_ranges());
  hs::test::AptLcg lcg(seed);
  std::vector<hs::OrderedIon> ions;
  for (int i = 0; i < 50000; ++i) {
    const bool ni = segregated ? (i % 1000) < 1000 * p * (1 + 0.5 * lcg.uniform()) : lcg.uniform() < p;
    ions.push_back({static_cast<float>(i), ni ? 0u : 1u});
  }
  auto d = hs::frequency_distribution(ions, counter, 0, {block, 5});
  REQUIRE(d.ok());
  return *d;
}

}  // namespace

TEST_CASE("apt chi-square: chi2 and p-values equal scipy.stats on the same tables", "[apt][apt-chi2]") {
  std::vector<hs::FrequencyDistribution> cases = {
      distribution(1, 0.1, false, 100), distribution(2, 0.3, false, 50), distribution(3, 0.2, true, 100),
      distribution(4, 0.02, false, 100)};
  hs::json::Array tables;
  for (const auto& d : cases) {
    std::vector<double> obs, exp;
    for (const hs::MergedBin& b : d.merged) obs.push_back(b.observed), exp.push_back(b.expected);
    tables.emplace_back(
        hs::json::Object{{"observed", numbers(obs)}, {"expected", numbers(exp)}, {"ddof", 1}});
  }
  const std::vector<std::pair<double, double>> sf = {{0.5, 1},  {3.84, 1}, {10, 5}, {25, 10},    {120, 100},
                                                     {80, 100}, {1e-3, 3}, {60, 7}, {1500, 1400}};
  const std::vector<std::pair<double, double>> q = {{0.3, 0.1}, {2.7, 1.3}, {7.2, 9.5}, {50, 40}, {3.5, 30}};
  const std::vector<double> lg = {0.01, 0.7, 3.3, 14.9, 15.1, 170.2, 1e5};
  hs::json::Array sf_json, q_json;
  for (auto [x, dof] : sf) sf_json.emplace_back(hs::json::Array{hs::json::Value(x), hs::json::Value(dof)});
  for (auto [a, x] : q) q_json.emplace_back(hs::json::Array{hs::json::Value(a), hs::json::Value(x)});
  const hs::json::Value request(hs::json::Object{{"tables", hs::json::Value(std::move(tables))},
                                                 {"chi2_sf", hs::json::Value(std::move(sf_json))},
                                                 {"gamma_q", hs::json::Value(std::move(q_json))},
                                                 {"log_gamma", numbers(lg)}});
  hs::test::ScratchFolder scratch;
  const std::string path = scratch.path + "/request.json";
  std::ofstream(path) << hs::json::write(request);
  const std::string out =
      hs::test::run_python_reference("tests/reference/apt_chi_square_check.py", "'" + path + "'");
  auto reply = hs::json::parse(out, "apt_chi_square_check.py");
  REQUIRE(reply.ok());
  const auto& t = reply->find("tables")->as_array();
  REQUIRE(t.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("table " << i << ": chi2 " << cases[i].chi.chi2 << ", p " << cases[i].chi.p_value << ", mu "
                  << cases[i].mu);
    CHECK(cases[i].chi.chi2 == Approx(t[i].find("chi2")->as_number()).epsilon(1e-10));
    CHECK(cases[i].chi.p_value == Approx(t[i].find("p")->as_number()).epsilon(1e-9).margin(1e-300));
  }
  CHECK(cases[2].mu > 0.5);  // the segregated one is far from random
  const auto& s = reply->find("chi2_sf")->as_array();
  for (std::size_t i = 0; i < sf.size(); ++i) {
    INFO("chi2 " << sf[i].first << ", dof " << sf[i].second);
    CHECK(hs::chi_square_survival(sf[i].first, sf[i].second) == Approx(s[i].as_number()).epsilon(1e-10));
  }
  const auto& g = reply->find("gamma_q")->as_array();
  for (std::size_t i = 0; i < q.size(); ++i) {
    INFO("a " << q[i].first << ", x " << q[i].second);
    CHECK(hs::gamma_q(q[i].first, q[i].second) == Approx(g[i].as_number()).epsilon(1e-10));
  }
  const auto& l = reply->find("log_gamma")->as_array();
  for (std::size_t i = 0; i < lg.size(); ++i)
    CHECK(hs::log_gamma(lg[i]) == Approx(l[i].as_number()).epsilon(1e-13));
}
