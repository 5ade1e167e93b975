// Tests of the particle table (core/analysis/particles.h): a hand-worked grid, surface area of
// digital balls and boxes against closed forms, and errors.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <numbers>

#include "analysis/particle_fixtures.h"
#include "analysis/particles.h"

namespace hs {
namespace {

TEST_CASE("particle_table measures a hand-worked grid", "[particles]") {
  const VoxelSize voxel{{2.0, 1.0, 0.5}, "micrometer"};  // voxel volume 1
  LabelGrid labels = make_grid<std::uint32_t>({4, 5, 6}, 0, voxel);
  FloatGrid a = make_grid<float>(labels.shape, 0.0f, voxel);
  for (std::int64_t y = 1; y <= 2; ++y)
    for (std::int64_t x = 1; x <= 3; ++x) {
      labels.at(1, y, x) = 3;
      a.at(1, y, x) = static_cast<float>(100 + 10 * y + x);  // 111 112 113 121 122 123
    }
  labels.at(3, 4, 4) = labels.at(3, 4, 5) = 7;
  a.at(3, 4, 4) = std::nanf("");
  a.at(3, 4, 5) = 345.0f;
  const FloatGrid b = make_grid<float>(labels.shape, 2.0f, voxel);
  const ParticleChannel channels[] = {{"a (Å)", 0, &a, {{112.0, 122.0}}}, {"a (Å)", 1, &b, {}}};

  const Result<ParticleTable> table = particle_table(labels, channels, ParticleParams{{10.0, 20.0, 30.0}});
  REQUIRE(table.ok());
  CHECK(table->unit == "micrometer");
  REQUIRE(table->channels.size() == 2);
  CHECK(table->channels[1].time == 1);
  REQUIRE(table->particles.size() == 2);

  const Particle& p3 = table->particles[0];
  CHECK(p3.label == 3);
  CHECK(p3.voxel_count == 6);
  CHECK(p3.volume == 6.0);
  CHECK(p3.equivalent_diameter == Approx(std::cbrt(36.0 / std::numbers::pi)));
  CHECK(p3.centroid_zyx == std::array<double, 3>{1 * 2.0 + 10, 1.5 * 1.0 + 20, 2 * 0.5 + 30});
  CHECK(p3.box_begin_zyx == std::array<std::int64_t, 3>{1, 1, 1});
  CHECK(p3.box_end_zyx == std::array<std::int64_t, 3>{2, 3, 4});
  CHECK_FALSE(p3.touches_border);
  REQUIRE(p3.channels.size() == 2);
  CHECK(p3.channels[0].count == 6);
  CHECK(p3.channels[0].mean == Approx(117.0));
  CHECK(p3.channels[0].median == Approx(117.0));
  CHECK(p3.channels[0].std == Approx(std::sqrt(154.0 / 6.0)));  // deviations +-4, +-5, +-6
  CHECK(p3.channels[0].fraction_out_of_range == Approx(2.0 / 6.0));  // 111 and 123
  CHECK(p3.channels[1].mean == 2.0);
  CHECK(p3.channels[1].std == 0.0);

  const Particle& p7 = table->particles[1];
  CHECK(p7.label == 7);
  CHECK(p7.voxel_count == 2);
  CHECK(p7.centroid_zyx == std::array<double, 3>{3 * 2.0 + 10, 4 * 1.0 + 20, 4.5 * 0.5 + 30});
  CHECK(p7.box_end_zyx == std::array<std::int64_t, 3>{4, 5, 6});
  CHECK(p7.touches_border);
  CHECK(p7.channels[0].count == 1);  // the NaN voxel is ignored
  CHECK(p7.channels[0].mean == 345.0);
  CHECK(p7.channels[0].fraction_out_of_range == 1.0);
  CHECK(p7.surface_area > 0.0);

  const Result<ParticleTable> empty = particle_table(make_grid<std::uint32_t>({3, 3, 3}, 0), {});
  REQUIRE(empty.ok());
  CHECK(empty->particles.empty());
}

TEST_CASE("particle_table surface area of digital balls is within 1.5 percent of 4 pi r^2", "[particles]") {
  for (const VoxelSize& voxel : {VoxelSize{}, VoxelSize{{1.5, 0.7, 1.0}, "nanometer"}}) {
    for (const double radius : {6.0, 9.5, 13.0}) {
      INFO("radius " << radius << " voxel z " << voxel.zyx[0]);
      const GridShape shape{static_cast<std::int64_t>(2 * radius / voxel.zyx[0]) + 4,
                            static_cast<std::int64_t>(2 * radius / voxel.zyx[1]) + 4,
                            static_cast<std::int64_t>(2 * radius / voxel.zyx[2]) + 4};
      LabelGrid labels = make_grid<std::uint32_t>(shape, 0, voxel);
      test::paint_ball(labels, {shape.nz * voxel.zyx[0] / 2 + 0.3, shape.ny * voxel.zyx[1] / 2 + 0.2, shape.nx * voxel.zyx[2] / 2},
                       radius, std::uint32_t{1});
      const Result<ParticleTable> table = particle_table(labels, {});
      REQUIRE(table.ok());
      REQUIRE(table->particles.size() == 1);
      const Particle& ball = table->particles[0];
      CHECK(ball.surface_area == Approx(4.0 * std::numbers::pi * radius * radius).epsilon(0.015));
      CHECK(ball.volume == Approx(4.0 / 3.0 * std::numbers::pi * radius * radius * radius).epsilon(0.01));
      CHECK(ball.sphericity == Approx(1.0).epsilon(0.015));
      CHECK_FALSE(ball.touches_border);
    }
  }
}

TEST_CASE("particle_table underestimates flat axis-aligned faces by the stated bias", "[particles]") {
  for (const VoxelSize& voxel : {VoxelSize{}, VoxelSize{{1.5, 0.7, 1.0}, ""}}) {
    LabelGrid labels = make_grid<std::uint32_t>({12, 12, 12}, 0, voxel);
    for (std::int64_t z = 1; z <= 10; ++z)
      for (std::int64_t y = 1; y <= 10; ++y)
        for (std::int64_t x = 1; x <= 10; ++x) labels.at(z, y, x) = 1;
    const Result<ParticleTable> table = particle_table(labels, {});
    REQUIRE(table.ok());
    const double a = 10 * voxel.zyx[0], b = 10 * voxel.zyx[1], c = 10 * voxel.zyx[2];
    const double ratio = table->particles[0].surface_area / (2.0 * (a * b + b * c + a * c));
    CHECK(ratio > 0.83);  // header: 13-15% low at 10 voxels a side
    CHECK(ratio < 0.89);
  }
}

TEST_CASE("particle_table accounts for every voxel of random label grids", "[particles]") {
  test::Lcg lcg{31};
  for (int round = 0; round < 40; ++round) {
    const GridShape shape{1 + lcg.next() % 7, 1 + lcg.next() % 8, 1 + lcg.next() % 9};
    LabelGrid labels = make_grid<std::uint32_t>(shape, 0, VoxelSize{{0.5 + lcg.uniform(), 0.5 + lcg.uniform(), 1.0}, ""});
    for (auto& label : labels.values) {
      const std::uint32_t r = lcg.next() % 16;
      label = r < 6 ? 0 : r < 15 ? r - 5 : 1000 + lcg.next() % 3;  // sparse high labels
    }
    FloatGrid values = make_grid<float>(shape, 0.0f);
    for (float& v : values.values) v = lcg.uniform() < 0.3 ? std::nanf("") : static_cast<float>(lcg.uniform());
    const ParticleChannel channel[] = {{"v", 0, &values, {{0.25, 0.75}}}};
    const Result<ParticleTable> table = particle_table(labels, channel);
    REQUIRE(table.ok());
    std::uint64_t labelled = 0, counted = 0;
    for (const auto label : labels.values) labelled += label != 0;
    std::uint32_t previous = 0;
    for (const Particle& p : table->particles) {
      REQUIRE(p.label > previous);
      previous = p.label;
      counted += p.voxel_count;
      CHECK(p.surface_area > 0.0);
      CHECK(std::isfinite(p.sphericity));
      CHECK(p.channels[0].count <= p.voxel_count);
      for (int k = 0; k < 3; ++k) {
        CHECK(p.box_begin_zyx[k] >= 0);
        CHECK(p.box_begin_zyx[k] < p.box_end_zyx[k]);
      }
    }
    CHECK(counted == labelled);
  }
}

TEST_CASE("particle_table rejects bad channels, labels and voxel sizes", "[particles]") {
  const LabelGrid labels = make_grid<std::uint32_t>({2, 3, 4}, 1);
  const FloatGrid other = make_grid<float>({2, 3, 5}, 0.0f);
  const ParticleChannel wrong_shape[] = {{"EDS Mn", 2, &other, {}}};
  const Result<ParticleTable> shape = particle_table(labels, wrong_shape);
  REQUIRE_FALSE(shape.ok());
  CHECK(shape.error().code == ErrorCode::invalid_argument);
  CHECK(shape.error().message.find("EDS Mn") != std::string::npos);
  const ParticleChannel missing[] = {{"ADF", 0, nullptr, {}}};
  CHECK_FALSE(particle_table(labels, missing).ok());

  LabelGrid huge = labels;
  huge.values[5] = kMaxParticleLabel + 1;
  const Result<ParticleTable> limit = particle_table(huge, {});
  REQUIRE_FALSE(limit.ok());
  CHECK(limit.error().code == ErrorCode::limit);

  LabelGrid flat = labels;
  flat.voxel.zyx[2] = 0.0;
  CHECK_FALSE(particle_table(flat, {}).ok());

  std::atomic<bool> cancel{true};
  AnalysisControl control;
  control.cancel = &cancel;
  const Result<ParticleTable> cancelled = particle_table(labels, {}, {}, &control);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);
}

}  // namespace
}  // namespace hs
