// Progress reporting and cancellation for long-running volume analyses (core/analysis): the caller
// passes an optional AnalysisControl; a step reports progress through a StepProgress.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "util/result.h"

namespace hs {

// What the caller of a long analysis step provides; both members are optional.
struct AnalysisControl {
  // Called with the completed fraction of the current step in [0, 1], at most about 100 times per
  // step, on the thread that runs the step.
  std::function<void(double fraction)> progress;
  // When set and it becomes true, the running step stops at its next check and returns
  // cancelled_error().
  std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
};

// A control for one step of a longer job: the step's progress f in [0, 1] is reported as
// from + (to − from) × f of the caller's, and cancellation is passed on. A null control gives one
// that does nothing.
inline AnalysisControl sub_control(const AnalysisControl* control, double from, double to) {
  AnalysisControl sub;
  if (control == nullptr) return sub;
  sub.cancel = control->cancel;
  if (control->progress) sub.progress = [control, from, to](double f) { control->progress(from + (to - from) * f); };
  return sub;
}

// The error a cancelled step returns, e.g. "label_components: cancelled".
inline Error cancelled_error(const std::string& step) {
  return make_error(ErrorCode::cancelled, step + ": cancelled");
}

// Tracks one step of `total_units` units of work: update(done) forwards the fraction to the
// control's progress callback when it has grown by at least 1% and tells whether to go on.
// Cheap enough to call once per row of a grid. A null control makes it a no-op that always
// returns true.
class StepProgress {
 public:
  StepProgress(const AnalysisControl* control, std::uint64_t total_units)
      : control_(control), total_units_(total_units == 0 ? 1 : total_units) {}

  // Returns false when the caller asked to cancel; then the step should return cancelled_error().
  bool update(std::uint64_t done_units) {
    if (control_ == nullptr) return true;
    if (control_->cancelled()) return false;
    const std::uint64_t percent = done_units >= total_units_ ? 100 : done_units * 100 / total_units_;
    if (control_->progress && (percent > last_percent_ || last_percent_ == kNone)) {
      last_percent_ = percent;
      control_->progress(static_cast<double>(percent) / 100.0);
    }
    return true;
  }

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  const AnalysisControl* control_;
  std::uint64_t total_units_;
  std::uint64_t last_percent_ = kNone;
};

}  // namespace hs
