// Small helpers the sample models share: rounding to decimal steps (so the truth's JSON prints
// numbers as written), random orientations as quaternions and their rotation matrices, and JSON
// arrays of numbers.
#pragma once

#include <array>
#include <initializer_list>
#include <span>

#include "json/json.h"
#include "samples/sample_random.h"

namespace hs {

// `value` rounded to the nearest 1 / per_unit (per_unit a power of ten, e.g. 1000 for 0.001).
double round_to(double value, double per_unit);

// A uniformly random orientation: four normal draws (w, x, y, z), each rounded to 1e-4, redrawn
// while their norm is below 0.1. Not normalised: rotation_matrix divides by the norm.
std::array<double, 4> random_quaternion(SampleRng& rng);

// Row-major rotation matrix of quaternion q (any non-zero norm): v' = R v turns a vector of the
// rotated body's frame into the fixed frame; R's columns are the body's axes.
std::array<double, 9> rotation_matrix(const std::array<double, 4>& q);

json::Value json_numbers(std::span<const double> values);
json::Value json_numbers(std::initializer_list<double> values);

}  // namespace hs
