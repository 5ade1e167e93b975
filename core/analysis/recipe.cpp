// The segmentation recipe: strict JSON round trip and the pipeline that runs it.
#include "analysis/recipe.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "analysis/distance_transform.h"
#include "analysis/histogram.h"
#include "analysis/morphology.h"
#include "analysis/smoothing.h"
#include "analysis/threshold.h"
#include "analysis/watershed.h"

namespace hs {
namespace {

// [JSON] ------------------------------------------------------------------------------------------

const char* smoothing_name(SmoothingKind kind) {
  switch (kind) {
    case SmoothingKind::none: return "none";
    case SmoothingKind::gaussian: return "gaussian";
    case SmoothingKind::median: return "median";
  }
  return "none";
}

const char* threshold_name(ThresholdKind kind) {
  switch (kind) {
    case ThresholdKind::automatic: return "auto";
    case ThresholdKind::valid: return "valid";
    case ThresholdKind::manual: return "manual";
    case ThresholdKind::otsu: return "otsu";
    case ThresholdKind::multi_otsu: return "multi-otsu";
  }
  return "otsu";
}

// Reads the members of one JSON object, each at most once; finish() rejects the members no
// getter asked for. The first problem sticks and names the member's path.
class ObjectReader {
 public:
  ObjectReader(const json::Value& value, std::string path, std::string_view source, std::optional<Error>& error)
      : path_(std::move(path)), source_(source), error_(error) {
    if (!value.is_object()) {
      fail(path_.empty() ? "a recipe must be a JSON object" : "must be an object", "");
      return;
    }
    object_ = &value.as_object();
  }

  const json::Value* member(std::string_view key) {
    if (object_ == nullptr) return nullptr;
    for (const auto& [name, value] : *object_) {
      if (name != key) continue;
      used_.emplace_back(name);
      return &value;
    }
    return nullptr;
  }

  void boolean(std::string_view key, bool& out) {
    const json::Value* v = member(key);
    if (v == nullptr) return;
    if (!v->is_bool()) return fail("must be true or false", key);
    out = v->as_bool();
  }

  // A finite number in [lo, hi].
  void number(std::string_view key, double& out, double lo, double hi, const char* what) {
    const json::Value* v = member(key);
    if (v == nullptr) return;
    if (!v->is_number() || !(v->as_number() >= lo && v->as_number() <= hi)) return fail(std::string("must be ") + what + got(*v), key);
    out = v->as_number();
  }

  // A whole number in [lo, hi].
  template <class T>
  void whole(std::string_view key, T& out, double lo, double hi, const char* what) {
    const json::Value* v = member(key);
    if (v == nullptr) return;
    if (!v->is_number() || !(v->as_number() >= lo && v->as_number() <= hi) || std::floor(v->as_number()) != v->as_number()) {
      return fail(std::string("must be ") + what + got(*v), key);
    }
    out = static_cast<T>(v->as_number());
  }

  // One of `names`; returns its index or -1 (absent: -2).
  int choice(std::string_view key, std::initializer_list<const char*> names) {
    const json::Value* v = member(key);
    if (v == nullptr) return -2;
    int i = 0;
    std::string list;
    for (const char* name : names) {
      if (v->is_string() && v->as_string() == name) return i;
      list += (i == 0 ? "\"" : ", \"") + std::string(name) + "\"";
      ++i;
    }
    fail("must be one of " + list + got(*v), key);
    return -1;
  }

  void finish() {
    if (object_ == nullptr) return;
    for (const auto& [name, value] : *object_) {
      if (std::find(used_.begin(), used_.end(), name) == used_.end()) fail("unknown member", name);
    }
  }

  std::string child(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }

  void fail(const std::string& problem, std::string_view key) {
    if (error_) return;
    const std::string where = key.empty() ? path_ : child(key);
    error_ = make_error(ErrorCode::parse, std::string(source_) + ": " + (where.empty() ? "" : where + ": ") + problem);
  }

 private:
  static std::string got(const json::Value& v) {
    const std::string text = json::write(v);
    return " (got " + (text.size() > 40 ? text.substr(0, 40) + "…" : text) + ")";
  }

  std::string path_;
  std::string_view source_;
  std::optional<Error>& error_;
  const json::Object* object_ = nullptr;
  std::vector<std::string> used_;
};

// [Pipeline] --------------------------------------------------------------------------------------

// Forwards a step's progress into its share [first, first + share) of the whole run.
AnalysisControl step_control(const AnalysisControl* control, double first, double share) {
  AnalysisControl step;
  if (control == nullptr) return step;
  step.cancel = control->cancel;
  if (control->progress) {
    step.progress = [control, first, share](double fraction) { control->progress(first + share * fraction); };
  }
  return step;
}

// Whether some voxel has no data.
bool has_no_data(const FloatGrid& grid) {
  return std::any_of(grid.values.begin(), grid.values.end(), [](float v) { return std::isnan(v); });
}

// `original` is the grid before smoothing: `automatic` decides on it.
Result<MaskGrid> threshold_step(const FloatGrid& grid, const FloatGrid& original, const SegmentationRecipe& recipe) {
  ThresholdKind kind = recipe.threshold;
  if (kind == ThresholdKind::automatic) kind = has_no_data(original) ? ThresholdKind::valid : ThresholdKind::otsu;
  if (kind == ThresholdKind::valid) {
    MaskGrid mask = make_grid(grid.shape, std::uint8_t{0}, grid.voxel);
    for (std::size_t i = 0; i < mask.values.size(); ++i) mask.values[i] = !std::isnan(grid.values[i]);
    if (std::find(mask.values.begin(), mask.values.end(), 1) == mask.values.end()) {
      return make_error(ErrorCode::invalid_argument, "segmentation: the volume has no valid voxel");
    }
    return mask;
  }
  if (kind == ThresholdKind::manual) return threshold_mask(grid, recipe.threshold_value);
  const Histogram histogram = make_histogram(grid.values, recipe.histogram_bins);
  if (histogram.total() == 0) return make_error(ErrorCode::invalid_argument, "segmentation: the volume has no valid voxel");
  double t = 0;
  if (kind == ThresholdKind::otsu) {
    t = otsu_threshold(histogram);
  } else {
    const std::vector<double> thresholds = multi_otsu_thresholds(histogram, recipe.multi_otsu_classes);
    if (thresholds.empty() || recipe.multi_otsu_foreground < 1 ||
        static_cast<std::size_t>(recipe.multi_otsu_foreground) > thresholds.size()) {
      return make_error(ErrorCode::invalid_argument,
                        "segmentation: multi-Otsu with " + std::to_string(recipe.multi_otsu_classes) +
                            " classes needs at least as many distinct values in the histogram");
    }
    t = thresholds[static_cast<std::size_t>(recipe.multi_otsu_foreground - 1)];
  }
  // t is the centre of the last bin of the lower class (as in skimage); the upper class starts at
  // that bin's upper edge, so values in the upper half of that bin stay below.
  return threshold_mask(grid, t + histogram.bin_width() / 2);
}

}  // namespace

json::Value recipe_to_json(const SegmentationRecipe& r) {
  json::Object smoothing{{"kind", smoothing_name(r.smoothing)}};
  if (r.smoothing == SmoothingKind::gaussian) smoothing.emplace_back("sigma", r.gaussian_sigma);
  json::Object threshold{{"kind", threshold_name(r.threshold)}};
  if (r.threshold == ThresholdKind::manual) threshold.emplace_back("value", r.threshold_value);
  if (r.threshold == ThresholdKind::multi_otsu) {
    threshold.emplace_back("classes", r.multi_otsu_classes);
    threshold.emplace_back("foreground", r.multi_otsu_foreground);
  }
  if (r.threshold != ThresholdKind::manual && r.threshold != ThresholdKind::valid) threshold.emplace_back("bins", static_cast<double>(r.histogram_bins));
  json::Object watershed{{"enabled", r.watershed}};
  watershed.emplace_back("h", r.watershed_h ? json::Value(*r.watershed_h) : json::Value("auto"));
  return json::Object{
      {"level", r.level ? json::Value(static_cast<double>(*r.level)) : json::Value("auto")},
      {"channel", static_cast<double>(r.channel)},
      {"time", static_cast<double>(r.time)},
      {"smoothing", smoothing},
      {"threshold", threshold},
      {"fill_holes", r.fill_holes},
      {"opening_radius", r.opening_radius},
      {"min_voxels", static_cast<double>(r.min_voxels)},
      {"connectivity", static_cast<int>(r.connectivity)},
      {"watershed", watershed},
  };
}

Result<SegmentationRecipe> recipe_from_json(const json::Value& value, std::string_view source) {
  constexpr double kMaxIndex = 9007199254740991.0;  // 2^53 - 1: exact in JSON
  constexpr double kInf = std::numeric_limits<double>::infinity();
  SegmentationRecipe r;
  std::optional<Error> error;
  ObjectReader top(value, "", source, error);
  if (const json::Value* level = top.member("level")) {
    if (level->is_string() && level->as_string() == "auto") {
      r.level.reset();
    } else if (level->is_number() && level->as_number() >= 0 && level->as_number() <= 64 &&
               std::floor(level->as_number()) == level->as_number()) {
      r.level = static_cast<std::uint64_t>(level->as_number());
    } else {
      top.fail("must be \"auto\" or a level number from 0 to 64 (got " + json::write(*level) + ")", "level");
    }
  }
  top.whole("channel", r.channel, 0, kMaxIndex, "a channel number");
  top.whole("time", r.time, 0, kMaxIndex, "a time point number");
  if (const json::Value* v = top.member("smoothing")) {
    ObjectReader s(*v, "smoothing", source, error);
    const int kind = s.choice("kind", {"none", "gaussian", "median"});
    if (kind == -2) s.fail("missing member", "kind");
    if (kind >= 0) r.smoothing = static_cast<SmoothingKind>(kind);
    if (r.smoothing == SmoothingKind::gaussian) s.number("sigma", r.gaussian_sigma, 0, kInf, "a length >= 0");
    s.finish();
  }
  if (const json::Value* v = top.member("threshold")) {
    ObjectReader t(*v, "threshold", source, error);
    const int kind = t.choice("kind", {"auto", "valid", "manual", "otsu", "multi-otsu"});
    if (kind == -2) t.fail("missing member", "kind");
    if (kind >= 0) r.threshold = static_cast<ThresholdKind>(kind);
    if (r.threshold == ThresholdKind::manual) {
      if (t.member("value") == nullptr) t.fail("missing member", "value");
      else t.number("value", r.threshold_value, -kInf, kInf, "a number");
    } else if (r.threshold != ThresholdKind::valid) {
      t.whole("bins", r.histogram_bins, 2, 1 << 16, "a whole number from 2 to 65536");
    }
    if (r.threshold == ThresholdKind::multi_otsu) {
      t.whole("classes", r.multi_otsu_classes, 2, 4, "a whole number from 2 to 4");
      t.whole("foreground", r.multi_otsu_foreground, 1, r.multi_otsu_classes - 1,
              "a class number from 1 to classes - 1");
    }
    t.finish();
  }
  top.boolean("fill_holes", r.fill_holes);
  top.number("opening_radius", r.opening_radius, 0, kInf, "a length >= 0");
  top.whole("min_voxels", r.min_voxels, 0, kMaxIndex, "a whole number of voxels");
  int connectivity = static_cast<int>(r.connectivity);
  top.whole("connectivity", connectivity, 6, 26, "6, 18 or 26");
  if (connectivity != 6 && connectivity != 18 && connectivity != 26) {
    top.fail("must be 6, 18 or 26 (got " + std::to_string(connectivity) + ")", "connectivity");
  }
  r.connectivity = static_cast<Connectivity>(connectivity);
  if (const json::Value* v = top.member("watershed")) {
    ObjectReader w(*v, "watershed", source, error);
    w.boolean("enabled", r.watershed);
    if (const json::Value* h = w.member("h")) {
      if (h->is_string() && h->as_string() == "auto") {
        r.watershed_h.reset();
      } else if (h->is_number() && h->as_number() > 0 && std::isfinite(h->as_number())) {
        r.watershed_h = h->as_number();
      } else {
        w.fail("must be \"auto\" or a length > 0 (got " + json::write(*h) + ")", "h");
      }
    }
    w.finish();
  }
  top.finish();
  if (error) return *error;
  return r;
}

Result<SegmentationRecipe> parse_recipe(std::string_view text, std::string_view source) {
  auto value = json::parse(text, source);
  if (!value) return value.error();
  return recipe_from_json(*value, source);
}

Result<Labels> run_recipe(const FloatGrid& grid, const SegmentationRecipe& recipe, const AnalysisControl* control) {
  // Shares of the run per step: smoothing, threshold, fill, opening, removal, labels.
  constexpr double kShares[] = {0.15, 0.05, 0.1, 0.15, 0.1, 0.45};
  double first = 0;
  std::size_t step = 0;
  const auto next = [&]() {
    AnalysisControl c = step_control(control, first, kShares[step]);
    first += kShares[step++];
    return c;
  };

  FloatGrid smoothed;
  const FloatGrid* input = &grid;
  AnalysisControl smooth_control = next();
  if (recipe.smoothing != SmoothingKind::none) {
    auto result = recipe.smoothing == SmoothingKind::gaussian
                      ? gaussian_smooth(grid, {recipe.gaussian_sigma, recipe.gaussian_sigma, recipe.gaussian_sigma},
                                        &smooth_control)
                      : median_filter3(grid, &smooth_control);
    if (!result) return result.error();
    smoothed = std::move(*result);
    input = &smoothed;
  }
  if (control && control->cancelled()) return cancelled_error("segmentation");
  AnalysisControl threshold_control = next();
  auto mask = threshold_step(*input, grid, recipe);
  if (!mask) return mask.error();
  smoothed = FloatGrid{};
  if (threshold_control.progress) threshold_control.progress(1.0);

  AnalysisControl fill_control = next();
  if (recipe.fill_holes) {
    auto filled = fill_holes(*mask, Connectivity::faces6, &fill_control);
    if (!filled) return filled.error();
    *mask = std::move(*filled);
  }
  AnalysisControl open_control = next();
  if (recipe.opening_radius > 0) {
    auto ball = ball_element(recipe.opening_radius, mask->voxel);
    if (!ball) return ball.error();
    auto opened = open(*mask, *ball, &open_control);
    if (!opened) return opened.error();
    *mask = std::move(*opened);
  }
  AnalysisControl remove_control = next();
  if (recipe.min_voxels > 0) {
    auto kept = remove_small_objects(*mask, recipe.min_voxels, recipe.connectivity, &remove_control);
    if (!kept) return kept.error();
    *mask = std::move(*kept);
  }
  AnalysisControl label_control = next();
  if (!recipe.watershed) return label_components(*mask, recipe.connectivity, &label_control);
  SplitParams split;
  split.h = recipe.watershed_h.value_or(0.25 * *std::min_element(grid.voxel.zyx.begin(), grid.voxel.zyx.end()));
  split.connectivity = recipe.connectivity;
  return split_particles(*mask, split, &label_control);
}

}  // namespace hs
