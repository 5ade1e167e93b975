// Tours: a list of view states with durations that plays full-screen and loops, for conference
// demos (assets/demo/tours). A step states only what changes from the step before.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scene/view_state.h"
#include "util/result.h"

namespace hs {

struct TourStep {
  std::string caption;        // shown over the view while the step plays; may be empty
  double duration_s = 10.0;   // the step's whole time, its flight included
  double transition_s = 2.0;  // the camera's flight from the previous view, within duration_s
  ViewState state;            // the view the step shows (the camera at the end of the flight)
};

struct Tour {
  std::string title;
  bool loop = true;
  std::vector<TourStep> steps;        // at least one
  std::vector<std::string> warnings;  // problems in steps' states that were ignored
};

inline constexpr std::size_t kMaxTourSteps = 200;
inline constexpr double kMinStepDurationS = 0.5;
inline constexpr double kMaxStepDurationS = 3600.0;
inline constexpr std::size_t kMaxCaptionBytes = 1000;

// Reads a tour document (untrusted):
//   {"version": 1, "title": "...", "loop": true,
//    "steps": [{"caption": "...", "duration_s": 12, "transition_s": 3, "state": {...}}, ...]}
// Each step's "state" is a JSON merge patch (RFC 7386) onto the previous step's state document
// (the first onto {"version": 1}), read as a view state. Errors name `source` and the field: not
// JSON, a version other than 1, no steps or more than kMaxTourSteps, a step without a duration in
// [kMinStepDurationS, kMaxStepDurationS], a transition outside [0, duration], a caption that is not
// a string of at most kMaxCaptionBytes, a state that is not an object or that the view-state reader
// rejects. Unknown keys and problems inside a state are warnings (the state reader's rules).
Result<Tour> parse_tour(std::string_view text, std::string_view source);

// Where a tour is `elapsed_s` seconds after it started.
struct TourPosition {
  std::size_t step = 0;
  double time_in_step_s = 0.0;
  double flight = 1.0;    // eased progress of the step's camera flight, in [0, 1]
  bool finished = false;  // a tour that does not loop has played its last step to the end
};
TourPosition tour_position(const Tour& tour, double elapsed_s);

// Seconds from the tour's start to the start of step `step`.
double tour_step_start_s(const Tour& tour, std::size_t step);

}  // namespace hs
