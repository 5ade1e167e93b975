// Colormap evaluation: names, the tabulated maps (straight lines between control points), Moreland's
// Msh interpolation for the diverging cool-warm map, and the RGBA8 lookup texture.
#include "scene/colormap.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>

#include "scene/colormap_tables.h"
#include "util/text_codec.h"

namespace hs {
namespace {

using Rgb = std::array<double, 3>;

// Indexed by ColormapId.
constexpr std::array<std::string_view, kColormaps.size()> kNames = {
    "grays", "viridis", "magma", "inferno", "cividis", "turbo", "coolwarm"};

// [Tabulated maps] -------------------------------------------------------------------------------

// Straight line in sRGB between the two control points around t (knots: indices 0 ... 255).
Rgb interpolate_knots(std::span<const ColormapKnot> knots, double t) {
  const double x = t * 255.0;
  // The first knot after x among knots[1 .. n-1], or the last one when x is at the very end.
  const auto upper = std::upper_bound(knots.begin() + 1, knots.end() - 1, x,
                                      [](double v, const ColormapKnot& k) { return v < k.index; });
  const ColormapKnot& b = *upper;
  const ColormapKnot& a = *(upper - 1);
  const double u = (x - a.index) / (b.index - a.index);
  return {(1.0 - u) * a.r + u * b.r, (1.0 - u) * a.g + u * b.g, (1.0 - u) * a.b + u * b.b};
}

// [Moreland's diverging maps] --------------------------------------------------------------------
// K. Moreland, "Diverging Color Maps for Scientific Visualization", Advances in Visual Computing
// (ISVC 2009), LNCS 5876, pp. 92-103. Colours go sRGB -> linear RGB -> CIE XYZ -> CIELAB -> Msh,
// a polar form of CIELAB: M = |Lab|, s = angle from the L axis (saturation), h = hue angle.

// sRGB primaries and D65 white (IEC 61966-2-1): linear RGB -> XYZ, and its published inverse.
constexpr double kRgbToXyz[3][3] = {
    {0.4124, 0.3576, 0.1805}, {0.2126, 0.7152, 0.0722}, {0.0193, 0.1192, 0.9505}};
constexpr double kXyzToRgb[3][3] = {
    {3.2406, -1.5372, -0.4986}, {-0.9689, 1.8758, 0.0415}, {0.0557, -0.2040, 1.0570}};
// Reference white = XYZ of linear RGB (1, 1, 1), so white has L* = 100, a* = b* = 0.
constexpr Rgb kWhiteXyz = {kRgbToXyz[0][0] + kRgbToXyz[0][1] + kRgbToXyz[0][2],
                           kRgbToXyz[1][0] + kRgbToXyz[1][1] + kRgbToXyz[1][2],
                           kRgbToXyz[2][0] + kRgbToXyz[2][1] + kRgbToXyz[2][2]};

double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double linear_to_srgb(double c) {
  c = std::clamp(c, 0.0, 1.0);  // colours outside the sRGB gamut are clipped
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// CIELAB's f and its inverse (CIE 15), with the exact constants: delta = 6/29.
constexpr double kLabDelta = 6.0 / 29.0;
double lab_f(double x) {
  return x > kLabDelta * kLabDelta * kLabDelta ? std::cbrt(x)
                                               : x / (3.0 * kLabDelta * kLabDelta) + 4.0 / 29.0;
}
double lab_f_inverse(double y) {
  return y > kLabDelta ? y * y * y : 3.0 * kLabDelta * kLabDelta * (y - 4.0 / 29.0);
}

struct Msh {
  double m, s, h;
};

Msh srgb_to_msh(const Rgb& srgb) {
  Rgb xyz{};
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) xyz[row] += kRgbToXyz[row][col] * srgb_to_linear(srgb[col]);
  }
  const double fx = lab_f(xyz[0] / kWhiteXyz[0]);
  const double fy = lab_f(xyz[1] / kWhiteXyz[1]);
  const double fz = lab_f(xyz[2] / kWhiteXyz[2]);
  const double l = 116.0 * fy - 16.0;
  const double a = 500.0 * (fx - fy);
  const double b = 200.0 * (fy - fz);
  const double m = std::sqrt(l * l + a * a + b * b);
  return {m, m > 0.0 ? std::acos(l / m) : 0.0, std::atan2(b, a)};
}

Rgb msh_to_srgb(const Msh& msh) {
  const double l = msh.m * std::cos(msh.s);
  const double a = msh.m * std::sin(msh.s) * std::cos(msh.h);
  const double b = msh.m * std::sin(msh.s) * std::sin(msh.h);
  const double fy = (l + 16.0) / 116.0;
  const Rgb xyz = {kWhiteXyz[0] * lab_f_inverse(fy + a / 500.0), kWhiteXyz[1] * lab_f_inverse(fy),
                   kWhiteXyz[2] * lab_f_inverse(fy - b / 200.0)};
  Rgb srgb{};
  for (int row = 0; row < 3; ++row) {
    double linear = 0.0;
    for (int col = 0; col < 3; ++col) linear += kXyzToRgb[row][col] * xyz[col];
    srgb[static_cast<std::size_t>(row)] = linear_to_srgb(linear);
  }
  return srgb;
}

// The paper's thresholds: a colour is unsaturated below s = 0.05; two saturated endpoints whose
// hues differ by more than pi/3 get white in the middle, of magnitude max(M1, M2, 88).
constexpr double kUnsaturated = 0.05;
constexpr double kMinHueGap = std::numbers::pi / 3.0;
constexpr double kMidMagnitude = 88.0;

// Hue for an unsaturated point (magnitude m_unsaturated) next to a saturated one: spun away from
// the saturated hue so the interpolation does not pass through purple (the paper's AdjustHue).
double adjust_hue(const Msh& saturated, double m_unsaturated) {
  if (saturated.m >= m_unsaturated) return saturated.h;
  const double spin = saturated.s * std::sqrt(m_unsaturated * m_unsaturated - saturated.m * saturated.m) /
                      (saturated.m * std::sin(saturated.s));
  return saturated.h > -kMinHueGap ? saturated.h + spin : saturated.h - spin;
}

// The paper's InterpolateColor: the colour at t in [0, 1] between `low` and `high` (sRGB).
Rgb diverging_rgb(const Rgb& low, const Rgb& high, double t) {
  Msh a = srgb_to_msh(low);
  Msh b = srgb_to_msh(high);
  double hue_gap = std::abs(a.h - b.h);
  hue_gap = std::min(hue_gap, 2.0 * std::numbers::pi - hue_gap);
  if (a.s > kUnsaturated && b.s > kUnsaturated && hue_gap > kMinHueGap) {
    const Msh white = {std::max({a.m, b.m, kMidMagnitude}), 0.0, 0.0};
    if (t < 0.5) {
      b = white;
      t = 2.0 * t;
    } else {
      a = white;
      t = 2.0 * t - 1.0;
    }
  }
  if (a.s < kUnsaturated && b.s > kUnsaturated) {
    a.h = adjust_hue(b, a.m);
  } else if (b.s < kUnsaturated && a.s > kUnsaturated) {
    b.h = adjust_hue(a, b.m);
  }
  return msh_to_srgb({(1.0 - t) * a.m + t * b.m, (1.0 - t) * a.s + t * b.s, (1.0 - t) * a.h + t * b.h});
}

// Moreland's cool-warm endpoints, 8-bit sRGB as the paper gives them.
constexpr Rgb kCoolRgb = {59.0 / 255.0, 76.0 / 255.0, 192.0 / 255.0};
constexpr Rgb kWarmRgb = {180.0 / 255.0, 4.0 / 255.0, 38.0 / 255.0};

// [Dispatch] -------------------------------------------------------------------------------------

// The forward colour of t in [0, 1].
Rgb forward_rgb(ColormapId id, double t) {
  switch (id) {
    case ColormapId::grays:
      return {t, t, t};
    case ColormapId::coolwarm:
      return diverging_rgb(kCoolRgb, kWarmRgb, t);
    case ColormapId::viridis:
    case ColormapId::magma:
    case ColormapId::inferno:
    case ColormapId::cividis:
    case ColormapId::turbo:
      break;
  }
  return interpolate_knots(colormap_knots(id), t);
}

std::uint8_t to_u8(float c) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

std::string_view colormap_name(ColormapId id) {
  return kNames[static_cast<std::size_t>(id)];
}

Result<ColormapId> parse_colormap_name(std::string_view name, std::string_view source) {
  for (const ColormapId id : kColormaps) {
    if (colormap_name(id) == name) return id;
  }
  std::string expected;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    expected += i == 0 ? "" : (i + 1 == kNames.size() ? " or " : ", ");
    expected += kNames[i];
  }
  return make_error(ErrorCode::parse, std::string(source) + ": unknown colormap \"" +
                                          printable_excerpt(name) + "\" (expected " + expected + ")");
}

std::array<float, 3> colormap_rgb(ColormapId id, double t, bool reversed) {
  if (std::isnan(t)) return kColormapNanRgb;
  t = std::clamp(t, 0.0, 1.0);
  const Rgb c = forward_rgb(id, reversed ? 1.0 - t : t);
  return {static_cast<float>(c[0]), static_cast<float>(c[1]), static_cast<float>(c[2])};
}

std::vector<std::uint8_t> colormap_texture_rgba8(ColormapId id, bool reversed, int width) {
  width = std::clamp(width, kMinColormapTextureWidth, kMaxColormapTextureWidth);
  const int last = width - 1;
  std::vector<std::uint8_t> texels(4 * static_cast<std::size_t>(width));
  for (int i = 0; i < width; ++i) {
    const std::array<float, 3> c = colormap_rgb(id, static_cast<double>(i) / last, false);
    std::uint8_t* texel = &texels[4 * static_cast<std::size_t>(reversed ? last - i : i)];
    texel[0] = to_u8(c[0]);
    texel[1] = to_u8(c[1]);
    texel[2] = to_u8(c[2]);
    texel[3] = 255;
  }
  return texels;
}

}  // namespace hs
