// Smoothed rate of a growing counter.
#include "util/rate_meter.h"

namespace hs {

double RateMeter::update(double value, double now_s) {
  if (!started_ || value < start_value_ || now_s < start_s_) {
    started_ = true;
    start_value_ = value;
    start_s_ = now_s;
    rate_ = 0.0;
    return rate_;
  }
  const double elapsed_s = now_s - start_s_;
  if (elapsed_s >= kWindowS) {
    const double window_rate = (value - start_value_) / elapsed_s;
    rate_ = rate_ == 0.0 ? window_rate : 0.5 * (rate_ + window_rate);
    start_value_ = value;
    start_s_ = now_s;
  }
  return rate_;
}

}  // namespace hs
