// Cluster colours: golden-ratio hue steps in OKLCH, converted to sRGB with the chroma cut to the gamut.
#include "analysis/apt/cluster_palette.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hs {
namespace {

constexpr double kHueStepTurns = 0.6180339887498949;  // 1 / golden ratio
constexpr double kHueStartTurns = 0.08;               // the first cluster orange-red
constexpr std::array<double, 3> kLightness = {0.72, 0.60, 0.84};
constexpr int kChromaBisections = 24;

// OKLab -> linear sRGB (Ottosson, "A perceptual color space for image processing", 2020).
std::array<double, 3> oklab_to_linear_srgb(double lightness, double a, double b) {
  const double l_ = lightness + 0.3963377774 * a + 0.2158037573 * b;
  const double m_ = lightness - 0.1055613458 * a - 0.0638541728 * b;
  const double s_ = lightness - 0.0894841775 * a - 1.2914855480 * b;
  const double l = l_ * l_ * l_, m = m_ * m_ * m_, s = s_ * s_ * s_;
  return {4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
          -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
          -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s};
}

bool in_gamut(const std::array<double, 3>& rgb) {
  for (double c : rgb) {
    if (c < 0.0 || c > 1.0) return false;
  }
  return true;
}

double srgb_encode(double linear) {
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

std::array<double, 3> oklch_to_linear_srgb(double lightness, double chroma, double hue_rad) {
  return oklab_to_linear_srgb(lightness, chroma * std::cos(hue_rad), chroma * std::sin(hue_rad));
}

}  // namespace

std::array<float, 3> cluster_rgb(std::uint32_t id) {
  if (id == 0) return kUnclusteredRgb;
  const std::uint32_t k = id - 1;
  const double turns = kHueStartTurns + kHueStepTurns * static_cast<double>(k);
  const double hue_rad = 2.0 * std::numbers::pi * (turns - std::floor(turns));
  const double lightness = kLightness[k % kLightness.size()];
  // The largest chroma <= kClusterChroma inside the gamut (chroma 0, a grey, always is).
  double chroma = kClusterChroma;
  if (!in_gamut(oklch_to_linear_srgb(lightness, chroma, hue_rad))) {
    double lo = 0.0, hi = kClusterChroma;
    for (int i = 0; i < kChromaBisections; ++i) {
      const double mid = 0.5 * (lo + hi);
      (in_gamut(oklch_to_linear_srgb(lightness, mid, hue_rad)) ? lo : hi) = mid;
    }
    chroma = lo;
  }
  const std::array<double, 3> linear = oklch_to_linear_srgb(lightness, chroma, hue_rad);
  std::array<float, 3> rgb{};
  for (std::size_t c = 0; c < 3; ++c) {
    rgb[c] = static_cast<float>(std::clamp(srgb_encode(linear[c]), 0.0, 1.0));
  }
  return rgb;
}

}  // namespace hs
