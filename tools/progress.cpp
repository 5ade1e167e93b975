// Terminal progress line.
#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace hs::cli {

ProgressBar::ProgressBar(std::string label, double total_bytes)
    : label_(std::move(label)), total_bytes_(total_bytes), terminal_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::update(double fraction_done) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool done = fraction_done >= 1.0;
  if (!done && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  const double f = std::clamp(fraction_done, 0.0, 1.0);
  const double mib_per_s = elapsed_s > 0 ? f * total_bytes_ / elapsed_s / (1 << 20) : 0.0;
  const double eta_s = f > 0 ? elapsed_s * (1.0 - f) / f : 0.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(f * kWidth);
  std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %.1f MiB/s  ETA %.0f s ", label_.c_str(), filled,
               "##############################", kWidth - filled, "", 100.0 * f, mib_per_s, eta_s);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace hs::cli
