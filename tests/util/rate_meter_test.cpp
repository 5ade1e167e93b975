// The rate meter against counters growing at known rates.
#include <catch2/catch.hpp>

#include "util/rate_meter.h"

TEST_CASE("rate meter: a steady counter gives its rate, a change is followed, a reset restarts", "[rate_meter]") {
  hs::RateMeter meter;
  CHECK(meter.update(0.0, 10.0) == 0.0);
  double rate = 0.0;
  for (int frame = 1; frame <= 60; ++frame) rate = meter.update(1000.0 * frame / 60.0, 10.0 + frame / 60.0);  // 1000/s
  CHECK(rate == Approx(1000.0).epsilon(1e-9));
  for (int frame = 61; frame <= 240; ++frame) rate = meter.update(1000.0 + 4000.0 * (frame - 60) / 60.0, 10.0 + frame / 60.0);
  CHECK(rate == Approx(4000.0).epsilon(0.02));  // three seconds at 4000/s: the blend has converged
  CHECK(meter.update(5.0, 15.0) == 0.0);  // the counter went down
  CHECK(meter.update(5.0, 15.2) == 0.0);  // within the first window
  CHECK(meter.update(505.0, 15.5) == Approx(1000.0));
}
