// The smoothed rate of a growing counter (e.g. bytes downloaded per second), for status figures.
#pragma once

namespace hs {

class RateMeter {
 public:
  // Feeds the counter's value at time now_s (seconds, increasing) and returns the rate per
  // second: the change over windows of at least kWindowS, blended half and half with the previous
  // window's rate so that it neither jumps nor lags by much. 0 until the first window has passed;
  // a counter that goes down (reset) restarts the measurement.
  double update(double value, double now_s);

  static constexpr double kWindowS = 0.5;

 private:
  double start_value_ = 0.0, start_s_ = 0.0;
  bool started_ = false;
  double rate_ = 0.0;
};

}  // namespace hs
