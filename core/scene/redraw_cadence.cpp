// The redraw cadence: draw on interaction and at rest, throttle while loading.
#include "scene/redraw_cadence.h"

#include <algorithm>

namespace hs {

double RedrawCadence::loading_interval_s() const {
  return std::clamp(options_.draw_cost_factor * draw_cost_s_, options_.min_interval_s, options_.max_interval_s);
}

bool RedrawCadence::should_draw(const FrameActivity& frame) {
  if (last_frame_drawn_ && last_draw_s_) draw_cost_s_ = std::max(0.0, frame.now_s - *last_draw_s_);
  const bool draw = !last_draw_s_ || frame.interacting || !frame.loading ||
                    (frame.content != drawn_content_ && frame.now_s - *last_draw_s_ >= loading_interval_s());
  last_frame_drawn_ = draw;
  if (draw) {
    last_draw_s_ = frame.now_s;
    drawn_content_ = frame.content;
  }
  return draw;
}

}  // namespace hs
