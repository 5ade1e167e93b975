// Colours of the clusters found by the cluster search, for drawing their member ions: a
// categorical palette generated in the perceptual OKLab space (Ottosson 2020), so neighbouring
// cluster ids get clearly different colours however many clusters there are.
//
// Cluster id k >= 1 takes the hue (k − 1) × 0.618034 turns (the golden-ratio step, which keeps
// every run of consecutive ids spread around the hue circle), a lightness cycling through three
// levels, and the largest chroma up to kClusterChroma that stays inside the sRGB gamut.
#pragma once

#include <array>
#include <cstdint>

namespace hs {

inline constexpr double kClusterChroma = 0.15;  // OKLCH chroma asked for (reduced where out of gamut)

// Ions in no cluster (id 0, "noise"): a neutral grey.
inline constexpr std::array<float, 3> kUnclusteredRgb = {0.5f, 0.5f, 0.5f};

// The sRGB colour (display values, each channel in [0, 1]) of cluster `id`; id 0 gives
// kUnclusteredRgb. Deterministic: the same id always gives the same colour.
std::array<float, 3> cluster_rgb(std::uint32_t id);

}  // namespace hs
