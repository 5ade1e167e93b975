// Cluster palette: grey for id 0, colours inside the sRGB cube, and, measured with the forward
// sRGB -> OKLab conversion written out here (Ottosson 2020), the documented lightness levels and
// golden-ratio hue steps, and clearly different colours for neighbouring and for the first ids.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "analysis/apt/cluster_palette.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Lab {
  double l, a, b;
};

double srgb_decode(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

Lab to_oklab(const std::array<float, 3>& srgb) {
  const double r = srgb_decode(srgb[0]), g = srgb_decode(srgb[1]), b = srgb_decode(srgb[2]);
  const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
          1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
          0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

double delta_e(const Lab& x, const Lab& y) {
  return std::hypot(x.l - y.l, x.a - y.a, x.b - y.b);
}

}  // namespace

TEST_CASE("cluster palette: id 0 is grey and every colour lies in the sRGB cube", "[cluster_palette]") {
  CHECK(hs::cluster_rgb(0) == hs::kUnclusteredRgb);
  for (std::uint32_t id = 1; id <= 5000; ++id) {
    const std::array<float, 3> rgb = hs::cluster_rgb(id);
    for (float c : rgb) {
      CHECK(c >= 0.0f);
      CHECK(c <= 1.0f);
    }
  }
  CHECK(hs::cluster_rgb(4000000000u) == hs::cluster_rgb(4000000000u));
}

TEST_CASE("cluster palette: three lightness levels and golden-ratio hue steps in OKLab",
          "[cluster_palette]") {
  const std::array<double, 3> levels = {0.72, 0.60, 0.84};
  for (std::uint32_t id = 1; id <= 300; ++id) {
    const Lab lab = to_oklab(hs::cluster_rgb(id));
    const std::uint32_t k = id - 1;
    CHECK(lab.l == Approx(levels[k % 3]).margin(2e-3));  // float output rounding
    const double chroma = std::hypot(lab.a, lab.b);
    CHECK(chroma <= hs::kClusterChroma + 2e-3);
    CHECK(chroma >= 0.04);  // every hue keeps some colour at these lightnesses
    const double turns = 0.08 + 0.6180339887498949 * k;
    const double expected_hue = 2 * kPi * (turns - std::floor(turns));
    const double hue = std::atan2(lab.b, lab.a);
    const double off = std::remainder(hue - expected_hue, 2 * kPi);
    CHECK(std::abs(off) < 0.05);
  }
}

TEST_CASE("cluster palette: neighbouring ids and the first twelve differ clearly", "[cluster_palette]") {
  for (std::uint32_t id = 1; id < 2000; ++id) {
    CHECK(delta_e(to_oklab(hs::cluster_rgb(id)), to_oklab(hs::cluster_rgb(id + 1))) > 0.1);
  }
  double closest = 1e9;
  for (std::uint32_t i = 1; i <= 12; ++i) {
    for (std::uint32_t j = i + 1; j <= 12; ++j) {
      closest = std::min(closest, delta_e(to_oklab(hs::cluster_rgb(i)), to_oklab(hs::cluster_rgb(j))));
    }
  }
  CHECK(closest > 0.05);  // several times OKLab's just-noticeable difference (about 0.02)
}
