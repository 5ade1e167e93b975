// Binary morphology against scipy.ndimage (erosion, dilation, opening, closing with border 0,
// fill holes) and skimage.morphology.remove_small_objects, voxel for voxel.
#include <catch2/catch.hpp>

#include "analysis/morphology.h"
#include "analysis_test_support.h"
#include "support/python_reference.h"

TEST_CASE("morphology equals scipy ndimage and skimage", "[morphology][reference]") {
  const hs::GridShape shape{18, 21, 23};
  const hs::MaskGrid noise = hs::test::random_mask(shape, 0.65, 31);
  const hs::MaskGrid holes = hs::test::random_mask(shape, 0.75, 32);  // many enclosed background pockets
  const hs::MaskGrid objects = hs::test::random_mask(shape, 0.25, 33);
  hs::test::ScratchFolder folder;
  hs::test::write_raw(folder.path + "/noise.u8", noise.values);
  hs::test::write_raw(folder.path + "/holes.u8", holes.values);
  hs::test::write_raw(folder.path + "/objects.u8", objects.values);
  (void)hs::test::run_python_reference("tests/reference/morphology_check.py", "'" + folder.path + "' 18 21 23");
  const std::vector<std::uint8_t> expected = hs::test::read_raw<std::uint8_t>(folder.path + "/expected.u8");
  const std::size_t n = shape.voxel_count();
  REQUIRE(expected.size() == 24 * n);
  auto part = [&](std::size_t k) {
    return std::vector<std::uint8_t>(expected.begin() + static_cast<std::ptrdiff_t>(k * n),
                                     expected.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
  };
  const std::vector<hs::StructuringElement> elements{
      hs::ball_element(2.5, hs::VoxelSize{{2.0, 1.0, 1.5}, "nanometer"}).value(), hs::box_element(1, 2, 0).value(),
      hs::neighbourhood_element(hs::Connectivity::faces6), hs::neighbourhood_element(hs::Connectivity::edges18),
      hs::neighbourhood_element(hs::Connectivity::corners26)};
  std::size_t k = 0;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    INFO("element " << e);
    CHECK(hs::erode(noise, elements[e])->values == part(k++));
    CHECK(hs::dilate(noise, elements[e])->values == part(k++));
    CHECK(hs::open(noise, elements[e])->values == part(k++));
    CHECK(hs::close(noise, elements[e])->values == part(k++));
  }
  const hs::MaskGrid filled = hs::fill_holes(holes).value();
  CHECK(filled.values == part(k++));
  CHECK(filled.values != holes.values);  // the case has holes to fill
  for (hs::Connectivity c : {hs::Connectivity::faces6, hs::Connectivity::edges18, hs::Connectivity::corners26}) {
    INFO("connectivity " << static_cast<int>(c));
    CHECK(hs::remove_small_objects(objects, 5, c)->values == part(k++));
  }
}
