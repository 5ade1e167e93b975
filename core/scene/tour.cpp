// Tours: strict reading of the document (steps merged onto each other) and the clock of playback.
#include "scene/tour.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "json/merge_patch.h"
#include "scene/camera_flight.h"

namespace hs {
namespace {

using namespace state_fields;

Error tour_error(std::string_view source, const std::string& what) {
  return make_error(ErrorCode::invalid_argument, std::string(source) + ": " + what);
}

// Reads one step's own fields (not its state) into `step`; returns the problem, if any.
std::string read_step_fields(const json::Value& value, const std::string& path, TourStep& step,
                             const json::Value*& state_patch, std::vector<std::string>& warnings) {
  if (!value.is_object()) return path + ": expected an object, got " + describe(value);
  const json::Value* duration = value.find("duration_s");
  if (duration == nullptr || !duration->is_number() || !(duration->as_number() >= kMinStepDurationS) ||
      !(duration->as_number() <= kMaxStepDurationS)) {
    return path + ".duration_s: expected seconds in [0.5, 3600], got " +
           (duration ? describe(*duration) : "nothing");
  }
  step.duration_s = duration->as_number();
  if (const json::Value* transition = value.find("transition_s")) {
    if (!transition->is_number() || !(transition->as_number() >= 0.0) ||
        !(transition->as_number() <= step.duration_s)) {
      return path + ".transition_s: expected seconds in [0, duration_s], got " + describe(*transition);
    }
    step.transition_s = transition->as_number();
  } else {
    step.transition_s = std::min(step.transition_s, step.duration_s);
  }
  if (const json::Value* caption = value.find("caption")) {
    if (!caption->is_string() || caption->as_string().size() > kMaxCaptionBytes) {
      return path + ".caption: expected a string of at most 1000 bytes, got " + describe(*caption);
    }
    step.caption = caption->as_string();
  }
  state_patch = value.find("state");
  if (state_patch != nullptr && !state_patch->is_object()) {
    return path + ".state: expected an object, got " + describe(*state_patch);
  }
  for (const auto& [key, member] : value.as_object()) {
    if (key != "duration_s" && key != "transition_s" && key != "caption" && key != "state") {
      warnings.push_back(member_path(path, key) + ": unknown key, ignored");
    }
  }
  return {};
}

}  // namespace

Result<Tour> parse_tour(std::string_view text, std::string_view source) {
  auto doc = json::parse(text, source);
  if (!doc) return doc.error();
  if (!doc->is_object()) return tour_error(source, "expected a JSON object, got " + describe(*doc));
  const json::Value* version = doc->find("version");
  if (version == nullptr || !version->is_number() || version->as_number() != 1.0) {
    return tour_error(source, "version: expected 1, got " + (version ? describe(*version) : "nothing"));
  }
  Tour tour;
  for (const auto& [key, member] : doc->as_object()) {
    if (key == "title") {
      if (!member.is_string() || member.as_string().size() > kMaxCaptionBytes) {
        return tour_error(source, "title: expected a string of at most 1000 bytes, got " + describe(member));
      }
      tour.title = member.as_string();
    } else if (key == "loop") {
      if (!member.is_bool())
        return tour_error(source, "loop: expected true or false, got " + describe(member));
      tour.loop = member.as_bool();
    } else if (key != "version" && key != "steps") {
      tour.warnings.push_back(std::string(source) + ": " + key + ": unknown key, ignored");
    }
  }
  const json::Value* steps = doc->find("steps");
  if (steps == nullptr || !steps->is_array() || steps->as_array().empty() ||
      steps->as_array().size() > kMaxTourSteps) {
    return tour_error(
        source, "steps: expected an array of 1 to 200 steps, got " + (steps ? describe(*steps) : "nothing"));
  }

  json::Object first;
  first.emplace_back("version", json::Value(kViewStateVersion));
  json::Value state_doc(std::move(first));
  for (std::size_t i = 0; i < steps->as_array().size(); ++i) {
    const std::string path = "steps[" + std::to_string(i) + "]";
    TourStep step;
    const json::Value* patch = nullptr;
    std::vector<std::string> step_warnings;
    if (std::string problem = read_step_fields(steps->as_array()[i], path, step, patch, step_warnings);
        !problem.empty()) {
      return tour_error(source, problem);
    }
    if (patch != nullptr) state_doc = json::merge_patch(std::move(state_doc), *patch);
    StateReport report;
    auto state = view_state_from_json(state_doc, report);
    if (!state) return tour_error(source, path + ".state: " + state.error().message);
    step.state = std::move(*state);
    for (const std::string& w : step_warnings) tour.warnings.push_back(std::string(source) + ": " + w);
    for (const auto* list : {&report.errors, &report.warnings}) {
      for (const std::string& problem : *list)
        tour.warnings.push_back(std::string(source) + ": " + path + ".state." + problem);
    }
    tour.steps.push_back(std::move(step));
  }
  return tour;
}

double tour_step_start_s(const Tour& tour, std::size_t step) {
  double start_s = 0.0;
  for (std::size_t i = 0; i < step && i < tour.steps.size(); ++i) start_s += tour.steps[i].duration_s;
  return start_s;
}

TourPosition tour_position(const Tour& tour, double elapsed_s) {
  TourPosition position;
  if (tour.steps.empty()) return position;
  const double total_s = tour_step_start_s(tour, tour.steps.size());
  double t = std::max(elapsed_s, 0.0);
  if (tour.loop) {
    t = std::fmod(t, total_s);
  } else if (t >= total_s) {
    position.step = tour.steps.size() - 1;
    position.time_in_step_s = tour.steps.back().duration_s;
    position.finished = true;
    return position;
  }
  while (position.step + 1 < tour.steps.size() && t >= tour.steps[position.step].duration_s) {
    t -= tour.steps[position.step].duration_s;
    ++position.step;
  }
  position.time_in_step_s = t;
  const double transition_s = tour.steps[position.step].transition_s;
  position.flight = transition_s > 0.0 ? ease_in_out(t / transition_s) : 1.0;
  return position;
}

}  // namespace hs
