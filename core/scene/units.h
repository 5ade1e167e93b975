// Physical lengths for display: "nice" 1-2-5 steps for grids and scale bars, and labels with the
// unit chosen to fit (pm, nm, µm, mm, m).
#pragma once

#include <string>

namespace hs {

// Smallest value of the form {1, 2, 5} × 10^k that is >= `length` (length > 0).
double nice_step_at_least(double length);
// Largest value of the form {1, 2, 5} × 10^k that is <= `length` (length > 0).
double nice_step_at_most(double length);

// A length in nm as a short label with a unit such that the number is in [1, 1000) where
// possible, up to 3 significant digits, e.g. 0.2 -> "200 pm", 1500 -> "1.5 µm" (UTF-8 µ).
std::string format_length_nm(double length_nm);

}  // namespace hs
