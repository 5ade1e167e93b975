// The viewer's segmentation job on a small sample: the reply agrees with running the same steps
// one by one (read, recipe, particle table, profiles), and bad requests give errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/particles.h"
#include "analysis/segment_job.h"
#include "analysis/volume_input.h"
#include "samples/sample_catalog.h"
#include "store/memory_store.h"

TEST_CASE("segment job: reply matches the steps run one by one", "[segment_job]") {
  hs::MemoryStore store;
  hs::SampleOptions options;
  options.size = hs::SampleSize::small;
  REQUIRE(hs::write_sample("xrdct-lmo", store, options).ok());
  hs::SegmentJob job;
  job.profile_shells = 5;
  double last_progress = -1.0;
  bool monotone = true;
  hs::AnalysisControl control;
  control.progress = [&](double f) {
    monotone &= f >= last_progress;
    last_progress = f;
  };
  auto reply = hs::run_segment_job(store, "xrdct-lmo", job, &control);
  REQUIRE(reply.ok());
  CHECK(monotone);
  CHECK(last_progress == Approx(1.0));

  auto image = hs::open_analysis_image(store, "xrdct-lmo");
  REQUIRE(image.ok());
  auto grid = hs::read_volume(store, *image, hs::VolumeSelection{0, 0, 0});
  REQUIRE(grid.ok());
  auto labels = hs::run_recipe(*grid, job.recipe);
  REQUIRE(labels.ok());
  const hs::json::Value& r = *reply;
  CHECK(r.find("level")->as_number() == 0.0);  // the small sample fits the default budget whole
  CHECK(r.find("count")->as_number() == static_cast<double>(labels->count));
  CHECK(r.find("value_unit")->as_string() == "Å");
  const auto& particles = r.find("particles")->as_array();
  REQUIRE(particles.size() == labels->count);
  // Particle 1's mean value against its voxels counted here.
  double sum = 0.0;
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < grid->values.size(); ++i) {
    if (labels->grid.values[i] == 1 && !std::isnan(grid->values[i])) {
      sum += grid->values[i];
      ++count;
    }
  }
  CHECK(particles[0].find("label")->as_number() == 1.0);
  CHECK(particles[0].find("mean")->as_number() == Approx(sum / static_cast<double>(count)).epsilon(1e-9));
  const hs::json::Value& profile = *r.find("profile");
  CHECK(profile.find("shells")->as_number() == 5.0);
  REQUIRE(profile.find("labels")->as_array().size() == labels->count);
  // The shells of particle 1 hold all of its valued voxels.
  double shell_values = 0.0;
  for (const hs::json::Value& c : profile.find("count")->as_array()[0].as_array()) shell_values += c.as_number();
  CHECK(shell_values == static_cast<double>(count));
}

TEST_CASE("segment job: a missing image, a budget too small and cancelling are errors", "[segment_job]") {
  hs::MemoryStore empty;
  auto missing = hs::run_segment_job(empty, "nothing.zarr", hs::SegmentJob{});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "memory/zarr.json: no such Zarr v3 node (zarr.json missing)");  // the store names itself

  hs::MemoryStore store;
  hs::SampleOptions options;
  options.size = hs::SampleSize::small;
  REQUIRE(hs::write_sample("xrdct-lmo", store, options).ok());
  hs::SegmentJob tiny;
  tiny.budget_bytes = 16;
  auto too_big = hs::run_segment_job(store, "xrdct-lmo", tiny);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == hs::ErrorCode::limit);
  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  auto cancelled = hs::run_segment_job(store, "xrdct-lmo", hs::SegmentJob{}, &control);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().code == hs::ErrorCode::cancelled);
}
