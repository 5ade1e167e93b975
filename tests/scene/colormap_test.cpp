// Colormaps (core/scene/colormap.h) against published values: viridisLite's 8-bit samples, entries
// of the published tables, Moreland's cool-warm colours; lightness computed here from sRGB.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "scene/colormap.h"
#include "util/bytes.h"

namespace hs {
namespace {

using Rgb = std::array<float, 3>;

// Largest channel difference, in 1/255 units, between our colour and an 8-bit "#RRGGBB".
double max_error_255(const Rgb& ours, const char* hex) {
  const unsigned long value = std::stoul(std::string(hex + 1), nullptr, 16);
  const double expected[3] = {static_cast<double>((value >> 16) & 255),
                              static_cast<double>((value >> 8) & 255), static_cast<double>(value & 255)};
  double error = 0.0;
  for (int c = 0; c < 3; ++c) error = std::max(error, std::abs(ours[c] * 255.0 - expected[c]));
  return error;
}

// Largest channel difference, in 1/255 units, against a colour given in [0, 1].
double max_error_255(const Rgb& ours, const std::array<double, 3>& expected) {
  double error = 0.0;
  for (int c = 0; c < 3; ++c) error = std::max(error, std::abs(ours[c] - expected[c]) * 255.0);
  return error;
}

// CIE 1976 L* of an sRGB colour (IEC 61966-2-1 transfer curve, D65 luminance weights), written
// here independently of the library's own conversion.
double cie_lightness(const Rgb& srgb) {
  const double weights[3] = {0.2126, 0.7152, 0.0722};
  double y = 0.0;
  for (int c = 0; c < 3; ++c) {
    const double v = srgb[c];
    y += weights[c] * (v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
  }
  const double epsilon = 216.0 / 24389.0;  // (6/29)^3
  const double kappa = 24389.0 / 27.0;     // (29/3)^3
  return y > epsilon ? 116.0 * std::cbrt(y) - 16.0 : kappa * y;
}

struct HexSample {
  double t;
  const char* hex;
};

// R package viridisLite (Garnier et al.), which samples the same published tables:
// viridis(5), magma(5), inferno(5) at t = 0, 1/4, 1/2, 3/4, 1 and turbo(7) at t = k/6, as printed
// in its documentation and tests. 8-bit values of a spline through the table entries, so they may
// differ from ours by the 0.5/255 of rounding plus a little: tolerance 1/255 per channel.
void check_viridis_lite(ColormapId id, const std::vector<HexSample>& samples) {
  for (const HexSample& s : samples) {
    INFO(colormap_name(id) << " t = " << s.t << " expected " << s.hex);
    CHECK(max_error_255(colormap_rgb(id, s.t, false), s.hex) <= 1.0);
  }
}

TEST_CASE("colormap viridis magma inferno turbo match the viridisLite published samples", "[colormap]") {
  check_viridis_lite(
      ColormapId::viridis,
      {{0.0, "#440154"}, {0.25, "#3B528B"}, {0.5, "#21908C"}, {0.75, "#5DC863"}, {1.0, "#FDE725"}});
  check_viridis_lite(
      ColormapId::magma,
      {{0.0, "#000004"}, {0.25, "#51127C"}, {0.5, "#B63679"}, {0.75, "#FB8861"}, {1.0, "#FCFDBF"}});
  check_viridis_lite(
      ColormapId::inferno,
      {{0.0, "#000004"}, {0.25, "#56106E"}, {0.5, "#BB3754"}, {0.75, "#F98C0A"}, {1.0, "#FCFFA4"}});
  check_viridis_lite(ColormapId::turbo, {{0.0, "#30123B"},
                                         {1.0 / 6, "#4686FB"},
                                         {2.0 / 6, "#1AE4B6"},
                                         {3.0 / 6, "#A2FC3C"},
                                         {4.0 / 6, "#FABA39"},
                                         {5.0 / 6, "#E4460A"},
                                         {1.0, "#7A0403"}});
}

TEST_CASE("colormap ends and middles equal entries of the published tables", "[colormap]") {
  struct Entry {
    ColormapId id;
    int index;  // table entry, the colour of t = index / 255
    std::array<double, 3> rgb;
  };
  // viridis (BIDS/colormap option_d, CC0); cividis (Nuñez et al. 2018, the table in matplotlib);
  // turbo (Mikhailov 2019, Google's published lookup table: first, middle and last entries).
  const std::vector<Entry> entries = {
      {ColormapId::viridis, 0, {0.267004, 0.004874, 0.329415}},
      {ColormapId::viridis, 128, {0.127568, 0.566949, 0.550556}},
      {ColormapId::viridis, 255, {0.993248, 0.906157, 0.143936}},
      {ColormapId::cividis, 0, {0.000000, 0.135112, 0.304751}},
      {ColormapId::cividis, 128, {0.488697, 0.485318, 0.471008}},
      {ColormapId::cividis, 255, {0.995737, 0.909344, 0.217772}},
      {ColormapId::turbo, 0, {0.18995, 0.07176, 0.23217}},
      {ColormapId::turbo, 128, {0.64362, 0.98999, 0.23356}},
      {ColormapId::turbo, 255, {0.47960, 0.01583, 0.01055}},
  };
  // The control points reproduce every table entry within 0.5/255 (4-decimal rounding included).
  for (const Entry& e : entries) {
    INFO(colormap_name(e.id) << " entry " << e.index);
    CHECK(max_error_255(colormap_rgb(e.id, e.index / 255.0, false), e.rgb) <= 0.5);
  }
  // cividis as 8-bit: #00224E and #FEE838 (matplotlib's version of the table, see colormap_tables).
  CHECK(max_error_255(colormap_rgb(ColormapId::cividis, 0.0, false), "#00224E") <= 0.5);
  CHECK(max_error_255(colormap_rgb(ColormapId::cividis, 1.0, false), "#FEE838") <= 0.5);
}

TEST_CASE("colormap coolwarm has the Moreland endpoints and grey midpoint", "[colormap]") {
  // Moreland 2009: cool (59, 76, 192), warm (180, 4, 38), and in between white of Msh magnitude
  // 88, i.e. L* = 88, a* = b* = 0: sRGB 220.67 -> the paper's (221, 221, 221).
  const Rgb cool = colormap_rgb(ColormapId::coolwarm, 0.0, false);
  const Rgb mid = colormap_rgb(ColormapId::coolwarm, 0.5, false);
  const Rgb warm = colormap_rgb(ColormapId::coolwarm, 1.0, false);
  CHECK(max_error_255(cool, "#3B4CC0") <= 0.05);  // the endpoints survive the Msh round trip
  CHECK(max_error_255(warm, "#B40426") <= 0.05);
  CHECK(max_error_255(mid, "#DDDDDD") <= 0.5);
  CHECK(cie_lightness(mid) == Approx(88.0).margin(0.05));
  // Entries of the 33-point cool-warm table Moreland published with the paper (the numbers
  // matplotlib's coolwarm carries): our Msh interpolation reproduces the whole table within 0.4/255.
  const std::array<std::pair<double, std::array<double, 3>>, 4> table = {{
      {0.125, {0.38301334, 0.50941904, 0.917387822}},
      {0.25, {0.552953156, 0.688929332, 0.995375608}},
      {0.75, {0.958003065, 0.602842431, 0.481775914}},
      {0.875, {0.869186849, 0.378313092, 0.300267182}},
  }};
  for (const auto& [t, rgb] : table) {
    INFO("t = " << t);
    CHECK(max_error_255(colormap_rgb(ColormapId::coolwarm, t, false), rgb) <= 0.5);
  }
  CHECK(std::abs(mid[0] - mid[1]) < 1e-3f);
  CHECK(std::abs(mid[1] - mid[2]) < 1e-3f);

  // Diverging: lightness rises from the cool end to the middle and falls to the warm end.
  double previous = cie_lightness(cool);
  for (int i = 1; i <= 512; ++i) {
    const double l = cie_lightness(colormap_rgb(ColormapId::coolwarm, i / 1024.0, false));
    INFO("t = " << i / 1024.0);
    CHECK(l > previous);
    previous = l;
  }
  for (int i = 513; i <= 1024; ++i) {
    const double l = cie_lightness(colormap_rgb(ColormapId::coolwarm, i / 1024.0, false));
    INFO("t = " << i / 1024.0);
    CHECK(l < previous);
    previous = l;
  }
}

TEST_CASE("colormap grays is the linear ramp", "[colormap]") {
  for (int i = 0; i <= 8; ++i) {
    const float t = static_cast<float>(i) / 8.0f;  // exact in float
    CHECK(colormap_rgb(ColormapId::grays, i / 8.0, false) == Rgb{t, t, t});
  }
}

TEST_CASE("colormap lightness increases monotonically for the sequential maps", "[colormap]") {
  struct Range {
    ColormapId id;
    double first_lightness, last_lightness;  // L* of the published tables' ends (NumPy)
  };
  for (const Range& r : {Range{ColormapId::grays, 0.0, 100.0}, Range{ColormapId::viridis, 14.95, 90.90},
                         Range{ColormapId::magma, 0.12, 97.85}, Range{ColormapId::inferno, 0.12, 97.90},
                         Range{ColormapId::cividis, 13.92, 91.22}}) {
    INFO(colormap_name(r.id));
    double previous = cie_lightness(colormap_rgb(r.id, 0.0, false));
    CHECK(previous == Approx(r.first_lightness).margin(0.1));
    for (int i = 1; i <= 1024; ++i) {
      const double l = cie_lightness(colormap_rgb(r.id, i / 1024.0, false));
      INFO("t = " << i / 1024.0);
      CHECK(l > previous);
      previous = l;
    }
    CHECK(previous == Approx(r.last_lightness).margin(0.1));
  }
}

TEST_CASE("colormap reversed at t equals forward at 1 - t", "[colormap]") {
  for (const ColormapId id : kColormaps) {
    INFO(colormap_name(id));
    for (int i = 0; i <= 200; ++i) {
      const double t = i / 200.0;
      CHECK(colormap_rgb(id, t, true) == colormap_rgb(id, 1.0 - t, false));
    }
    CHECK(colormap_rgb(id, 0.0, true) == colormap_rgb(id, 1.0, false));
    CHECK(colormap_rgb(id, 1.0, true) == colormap_rgb(id, 0.0, false));
  }
}

TEST_CASE("colormap clamps values outside 0 to 1 and gives NaN the documented colour", "[colormap]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kColormapNanRgb == Rgb{1.0f, 0.0f, 1.0f});
  for (const ColormapId id : kColormaps) {
    INFO(colormap_name(id));
    for (const bool reversed : {false, true}) {
      const Rgb low = colormap_rgb(id, 0.0, reversed);
      const Rgb high = colormap_rgb(id, 1.0, reversed);
      CHECK(colormap_rgb(id, -0.25, reversed) == low);
      CHECK(colormap_rgb(id, -inf, reversed) == low);
      CHECK(colormap_rgb(id, -1e300, reversed) == low);
      CHECK(colormap_rgb(id, 1.5, reversed) == high);
      CHECK(colormap_rgb(id, inf, reversed) == high);
      CHECK(colormap_rgb(id, nan, reversed) == kColormapNanRgb);
      CHECK(colormap_rgb(id, -nan, reversed) == kColormapNanRgb);
    }
  }
}

TEST_CASE("colormap colours stay in range and change continuously", "[colormap]") {
  // A mistyped control point shows up as a jump: the steepest published map (turbo) changes by
  // about 4.5 per unit of t in a channel, so 1/4096 steps stay far below 0.005.
  for (const ColormapId id : kColormaps) {
    INFO(colormap_name(id));
    Rgb previous = colormap_rgb(id, 0.0, false);
    for (int i = 1; i <= 4096; ++i) {
      const Rgb c = colormap_rgb(id, i / 4096.0, false);
      INFO("t = " << i / 4096.0);
      for (int k = 0; k < 3; ++k) {
        CHECK(c[k] >= 0.0f);
        CHECK(c[k] <= 1.0f);
        CHECK(std::abs(c[k] - previous[k]) < 0.005f);
      }
      previous = c;
    }
  }
}

TEST_CASE("colormap names round-trip and unknown names are rejected", "[colormap]") {
  const std::vector<std::string> expected = {"grays",   "viridis", "magma",   "inferno",
                                             "cividis", "turbo",   "coolwarm"};
  REQUIRE(kColormaps.size() == expected.size());
  for (std::size_t i = 0; i < kColormaps.size(); ++i) {
    CHECK(colormap_name(kColormaps[i]) == expected[i]);
    const Result<ColormapId> parsed = parse_colormap_name(expected[i], "layers[0].colormap");
    REQUIRE(parsed.ok());
    CHECK(*parsed == kColormaps[i]);
  }
  const std::vector<std::string> unknown = {"",          "Viridis", "viridis ", " viridis",
                                            "viridis_r", "gray",    "jet",      std::string("viridis\0", 8)};
  for (const std::string& bad : unknown) {
    INFO("'" << bad << "'");
    const Result<ColormapId> parsed = parse_colormap_name(bad, "layers[0].colormap");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::parse);
    CHECK(parsed.error().message.rfind("layers[0].colormap: ", 0) == 0);
    CHECK(parsed.error().message.find("grays, viridis, magma, inferno, cividis, turbo or coolwarm") !=
          std::string::npos);
  }
  // Hostile text is shown escaped and cut, never raw.
  const Result<ColormapId> hostile = parse_colormap_name("\x1b[31m" + std::string(500, 'x'), "state");
  REQUIRE_FALSE(hostile.ok());
  CHECK(hostile.error().message.find('\x1b') == std::string::npos);
  CHECK(hostile.error().message.size() < 250);
}

TEST_CASE("colormap texture has the documented size and byte layout", "[colormap]") {
  const std::vector<std::uint8_t> viridis = colormap_texture_rgba8(ColormapId::viridis, false, 256);
  REQUIRE(viridis.size() == 4 * 256);
  // First and last texels are the ends of the map: #440154 and #FDE725, opaque.
  CHECK(std::vector<std::uint8_t>(viridis.begin(), viridis.begin() + 4) ==
        std::vector<std::uint8_t>{0x44, 0x01, 0x54, 0xFF});
  CHECK(std::vector<std::uint8_t>(viridis.end() - 4, viridis.end()) ==
        std::vector<std::uint8_t>{0xFD, 0xE7, 0x25, 0xFF});

  for (const ColormapId id : kColormaps) {
    INFO(colormap_name(id));
    for (const int width : {2, 3, 17, 256}) {
      const std::vector<std::uint8_t> texels = colormap_texture_rgba8(id, false, width);
      REQUIRE(texels.size() == 4 * static_cast<std::size_t>(width));
      for (int i = 0; i < width; ++i) {
        const Rgb c = colormap_rgb(id, static_cast<double>(i) / (width - 1), false);
        const std::size_t at = 4 * static_cast<std::size_t>(i);
        for (int k = 0; k < 3; ++k) CHECK(std::abs(texels[at + k] - c[k] * 255.0) <= 0.5);
        CHECK(texels[at + 3] == 255);
      }
    }
  }
  const std::vector<std::uint8_t> grays = colormap_texture_rgba8(ColormapId::grays, false, 3);
  CHECK(grays == std::vector<std::uint8_t>{0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255});

  // Widths outside [2, 4096] are clamped.
  for (const int width : {-5, 0, 1})
    CHECK(colormap_texture_rgba8(ColormapId::magma, false, width).size() == 8);
  CHECK(colormap_texture_rgba8(ColormapId::magma, false, 1 << 30).size() == 4 * 4096);
  CHECK(colormap_texture_rgba8(ColormapId::magma, false, 4097).size() == 4 * 4096);
}

TEST_CASE("colormap reversed texture is the forward texture mirrored", "[colormap]") {
  for (const ColormapId id : kColormaps) {
    INFO(colormap_name(id));
    for (const int width : {2, 3, 256, 257}) {
      const std::vector<std::uint8_t> forward = colormap_texture_rgba8(id, false, width);
      const std::vector<std::uint8_t> reversed = colormap_texture_rgba8(id, true, width);
      REQUIRE(forward.size() == reversed.size());
      for (int i = 0; i < width; ++i) {
        const std::size_t a = 4 * static_cast<std::size_t>(i);
        const std::size_t b = 4 * static_cast<std::size_t>(width - 1 - i);
        CHECK(std::equal(forward.begin() + a, forward.begin() + a + 4, reversed.begin() + b));
      }
    }
  }
}

// Small deterministic generator for the fuzz loop (Knuth's MMIX LCG).
struct Lcg {
  std::uint64_t state;
  std::uint64_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state;
  }
};

TEST_CASE("colormap takes any double and any name without failing", "[colormap]") {
  Lcg rng{12345};
  for (int i = 0; i < 20000; ++i) {
    // Arbitrary bit patterns: NaNs of every payload, infinities, subnormals, huge values.
    const double t = bit_cast<double>(rng.next());
    const ColormapId id = kColormaps[rng.next() % kColormaps.size()];
    const bool reversed = (rng.next() & 1) != 0;
    const Rgb c = colormap_rgb(id, t, reversed);
    if (std::isnan(t)) {
      CHECK(c == kColormapNanRgb);
    } else {
      for (int k = 0; k < 3; ++k) CHECK((c[k] >= 0.0f && c[k] <= 1.0f));
    }
  }
  // Mutated names: accepted only when they spell a name exactly.
  for (int i = 0; i < 5000; ++i) {
    std::string name(colormap_name(kColormaps[rng.next() % kColormaps.size()]));
    const std::uint64_t r = rng.next();
    const std::size_t at = (r >> 8) % (name.size() + 1);
    switch (r % 3) {
      case 0:
        name.insert(at, 1, static_cast<char>(r >> 32));
        break;
      case 1:
        if (at < name.size()) name.erase(at, 1);
        break;
      default:
        if (at < name.size()) name[at] = static_cast<char>(r >> 40);
        break;
    }
    const Result<ColormapId> parsed = parse_colormap_name(name, "fuzz");
    const bool known = std::any_of(kColormaps.begin(), kColormaps.end(),
                                   [&](ColormapId id) { return colormap_name(id) == name; });
    CHECK(parsed.ok() == known);
  }
}

}  // namespace
}  // namespace hs
