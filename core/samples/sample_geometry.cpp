// Rounding, quaternions and number arrays for the sample models.
#include "samples/sample_geometry.h"

#include <cmath>

namespace hs {

double round_to(double value, double per_unit) { return std::round(value * per_unit) / per_unit; }

std::array<double, 4> random_quaternion(SampleRng& rng) {
  for (;;) {
    const std::array<double, 4> q = {round_to(rng.normal(), 1e4), round_to(rng.normal(), 1e4),
                                     round_to(rng.normal(), 1e4), round_to(rng.normal(), 1e4)};
    if (q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3] >= 1e-2) return q;
  }
}

std::array<double, 9> rotation_matrix(const std::array<double, 4>& q) {
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  const double s = 2 / (w * w + x * x + y * y + z * z);
  return {1 - s * (y * y + z * z), s * (x * y - w * z),     s * (x * z + w * y),
          s * (x * y + w * z),     1 - s * (x * x + z * z), s * (y * z - w * x),
          s * (x * z - w * y),     s * (y * z + w * x),     1 - s * (x * x + y * y)};
}

json::Value json_numbers(std::span<const double> values) {
  json::Array a;
  for (double v : values) a.emplace_back(v);
  return a;
}

json::Value json_numbers(std::initializer_list<double> values) {
  return json_numbers(std::span<const double>(values.begin(), values.size()));
}

}  // namespace hs
