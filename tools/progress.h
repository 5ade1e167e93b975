// A progress line for long CLI jobs: percentage, throughput and ETA, redrawn in place on a
// terminal (stderr), silent otherwise.
#pragma once

#include <chrono>
#include <string>

namespace hs::cli {

class ProgressBar {
 public:
  // `total_bytes` is the amount of input the job reads, for the throughput figure.
  ProgressBar(std::string label, double total_bytes);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(double fraction_done);  // redraws at most ten times a second

 private:
  std::string label_;
  double total_bytes_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace hs::cli
