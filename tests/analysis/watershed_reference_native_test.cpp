// Reference check: h-maxima equal to skimage.morphology.h_maxima and the watershed within 0.5% of
// skimage.segmentation.watershed given the same markers (tests/reference/watershed_check.py).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/distance_transform.h"
#include "analysis/particle_fixtures.h"
#include "analysis/watershed.h"
#include "support/python_reference.h"

namespace hs {
namespace {

template <class T>
void write_raw(const std::string& path, const std::vector<T>& values) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
}

template <class T>
std::vector<T> read_raw(const std::string& path, std::size_t count) {
  std::vector<T> values(count);
  std::ifstream file(path, std::ios::binary);
  file.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(count * sizeof(T)));
  REQUIRE(file.gcount() == static_cast<std::streamsize>(count * sizeof(T)));
  return values;
}

int scipy_rank(Connectivity c) { return c == Connectivity::faces6 ? 1 : c == Connectivity::edges18 ? 2 : 3; }

// Runs our h_maxima + watershed and skimage's on the distance map of `mask` quantised to 1/64 (so
// that no difference of two values equals h, which is k/64 + 1/128, and float rounding cannot
// decide a comparison), and checks h-maxima are identical and the labels agree on >= 99.5% of
// the mask. Returns the agreement.
double compare_with_skimage(const MaskGrid& mask, double h, Connectivity maxima_connectivity,
                            Connectivity watershed_connectivity) {
  Result<FloatGrid> distance = distance_transform(mask);
  REQUIRE(distance.ok());
  FloatGrid image = *distance;
  FloatGrid negated = image;
  for (std::size_t i = 0; i < image.values.size(); ++i) {
    image.values[i] = std::round(image.values[i] * 64.0f) / 64.0f;
    negated.values[i] = -image.values[i];
  }
  const Result<MaskGrid> maxima = h_maxima(image, h, maxima_connectivity);
  REQUIRE(maxima.ok());
  const Labels markers = label_components(*maxima, Connectivity::corners26);
  const Result<Labels> ours = watershed(negated, markers.grid, mask, watershed_connectivity);
  REQUIRE(ours.ok());

  test::ScratchFolder folder;
  const auto& s = mask.shape;
  char meta[256];
  std::snprintf(meta, sizeof meta,
                "{\"shape\": [%lld, %lld, %lld], \"h\": %.17g, \"maxima_connectivity\": %d, \"watershed_connectivity\": %d}",
                static_cast<long long>(s.nz), static_cast<long long>(s.ny), static_cast<long long>(s.nx), h,
                scipy_rank(maxima_connectivity), scipy_rank(watershed_connectivity));
  std::ofstream(folder.path + "/meta.json") << meta;
  write_raw(folder.path + "/mask.u8", mask.values);
  write_raw(folder.path + "/image.f32", image.values);
  write_raw(folder.path + "/markers.u32", markers.grid.values);
  const std::string printed = test::run_python_reference("tests/reference/watershed_check.py", "'" + folder.path + "'");
  INFO("skimage: " << printed);

  const auto hmax = read_raw<std::uint8_t>(folder.path + "/hmax.u8", mask.values.size());
  std::size_t maxima_differences = 0;
  for (std::size_t i = 0; i < hmax.size(); ++i) maxima_differences += hmax[i] != maxima->values[i];
  CHECK(maxima_differences == 0);
  CHECK(markers.count >= 2);

  const auto reference = read_raw<std::uint32_t>(folder.path + "/ws.u32", mask.values.size());
  std::uint64_t in_mask = 0, agree = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    if (mask.values[i] == 0) {
      REQUIRE(ours->grid.values[i] == 0);
      continue;
    }
    ++in_mask;
    agree += reference[i] == ours->grid.values[i];
  }
  const double agreement = static_cast<double>(agree) / static_cast<double>(in_mask);
  // Tolerance: ties in the flood (equal quantised values reached at the same step) are broken by
  // insertion age, which depends on the order neighbours are visited in; ours is raster order
  // (skimage's for faces6), skimage sorts the 18/26 offsets by distance with an unstable sort.
  CHECK(agreement >= 0.995);
  return agreement;
}

// Touching balls of assorted radii (physical units) in a grid of `shape`.
MaskGrid touching_balls(const GridShape& shape, const VoxelSize& voxel, int count, std::uint64_t seed) {
  MaskGrid mask = make_grid<std::uint8_t>(shape, 0, voxel);
  test::Lcg lcg{seed};
  const double extent[3] = {shape.nz * voxel.zyx[0], shape.ny * voxel.zyx[1], shape.nx * voxel.zyx[2]};
  for (int k = 0; k < count; ++k) {
    const double radius = 5.0 + 5.0 * lcg.uniform();
    const std::array<double, 3> centre{radius + (extent[0] - 2 * radius) * lcg.uniform(),
                                       radius + (extent[1] - 2 * radius) * lcg.uniform(),
                                       radius + (extent[2] - 2 * radius) * lcg.uniform()};
    test::paint_ball(mask, centre, radius, std::uint8_t{1});
  }
  return mask;
}

TEST_CASE("h_maxima and watershed match skimage on touching balls", "[watershed][reference]") {
  const MaskGrid isotropic = touching_balls({40, 44, 48}, VoxelSize{}, 14, 21);
  const MaskGrid anisotropic = touching_balls({36, 50, 40}, VoxelSize{{1.25, 0.8, 1.0}, "nanometer"}, 12, 5);
  const double h = 1.0 + 1.0 / 128.0;
  double worst = 1.0;
  worst = std::min(worst, compare_with_skimage(isotropic, h, Connectivity::corners26, Connectivity::faces6));
  worst = std::min(worst, compare_with_skimage(isotropic, 0.5 + 1.0 / 128.0, Connectivity::faces6, Connectivity::corners26));
  worst = std::min(worst, compare_with_skimage(anisotropic, h, Connectivity::corners26, Connectivity::faces6));
  worst = std::min(worst, compare_with_skimage(anisotropic, 2.0 + 1.0 / 128.0, Connectivity::corners26, Connectivity::edges18));
  WARN("smallest watershed agreement with skimage: " << worst);
}

}  // namespace
}  // namespace hs
