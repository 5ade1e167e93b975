// When the viewer redraws its scene. Drawing millions of points takes hundreds of milliseconds in
// software rendering and takes the CPU from the workers that decode the arriving bricks, so while
// data is streaming in, new content is shown only every so often: at least min_interval_s apart,
// and at least draw_cost_factor times the last draw's cost apart, up to max_interval_s. Anything
// the user does, and the view once loading stops, is drawn at once; a view at rest (nothing
// loading) is drawn every frame, as before. Pure policy: no clock, no GL.
#pragma once

#include <cstdint>
#include <optional>

namespace hs {

struct RedrawCadenceOptions {
  double min_interval_s = 0.25;
  double max_interval_s = 0.5;
  double draw_cost_factor = 2.0;
};

// What happened in one frame, as the viewer saw it before drawing.
struct FrameActivity {
  double now_s = 0;
  bool interacting = false;  // input arrived, or the view or the state changed
  bool loading = false;      // reads queued, in flight or waiting to be retried
  // Grows whenever something new becomes drawable (e.g. the bricks delivered so far).
  std::uint64_t content = 0;
};

class RedrawCadence {
 public:
  explicit RedrawCadence(RedrawCadenceOptions options = {}) : options_(options) {}

  // Whether to draw this frame; a true answer counts as a draw at frame.now_s. The cost of a draw
  // is taken as the time until the next frame (frames wait for the previous one's drawing).
  bool should_draw(const FrameActivity& frame);

  // The wait between two draws of new content while loading, after the last draw's cost.
  double loading_interval_s() const;

 private:
  RedrawCadenceOptions options_;
  std::optional<double> last_draw_s_;
  bool last_frame_drawn_ = false;
  double draw_cost_s_ = 0;
  std::uint64_t drawn_content_ = 0;
};

}  // namespace hs
