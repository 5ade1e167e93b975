// Manual, Otsu and multi-Otsu thresholds (see threshold.h).
#include "analysis/threshold.h"

#include <cmath>
#include <cstddef>

namespace hs {

MaskGrid threshold_mask(const FloatGrid& grid, double lo, double hi) {
  MaskGrid mask{grid.shape, grid.voxel, std::vector<std::uint8_t>(grid.values.size())};
  const float* in = grid.values.data();
  std::uint8_t* out = mask.values.data();
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    const double v = in[i];
    out[i] = static_cast<std::uint8_t>((v >= lo) & (v < hi));  // false for NaN; branch-free, vectorises
  }
  return mask;
}

namespace {

constexpr double kMaxMultiOtsuCombinations = 2e8;  // about a second

// The histogram without its leading and trailing empty bins: [first, last) bin indices.
struct Trimmed {
  std::size_t first = 0, last = 0;
  std::size_t size() const { return last - first; }
};

Trimmed trim(const Histogram& histogram) {
  Trimmed t{0, histogram.counts.size()};
  while (t.first < t.last && histogram.counts[t.first] == 0) ++t.first;
  while (t.last > t.first && histogram.counts[t.last - 1] == 0) --t.last;
  return t;
}

}  // namespace

double otsu_threshold(const Histogram& histogram) {
  const Trimmed t = trim(histogram);
  if (t.size() == 0) return std::numeric_limits<double>::quiet_NaN();
  if (t.size() == 1) return histogram.bin_center(t.first);
  const std::size_t n = t.size();
  // skimage: weight1/mean1 are forward cumulative sums, weight2/mean2 backward ones (np.cumsum is
  // a sequential sum, reproduced here term by term).
  std::vector<double> weight2(n), mean2(n);
  double weight = 0.0, moment = 0.0;
  for (std::size_t k = n; k-- > 0;) {
    const double count = static_cast<double>(histogram.counts[t.first + k]);
    weight += count;
    moment += count * histogram.bin_center(t.first + k);
    weight2[k] = weight;
    mean2[k] = moment / weight;
  }
  double best = -1.0;
  std::size_t best_index = 0;
  weight = moment = 0.0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const double count = static_cast<double>(histogram.counts[t.first + k]);
    weight += count;
    moment += count * histogram.bin_center(t.first + k);
    const double mean1 = moment / weight;
    const double difference = mean1 - mean2[k + 1];
    const double variance = weight * weight2[k + 1] * (difference * difference);
    if (variance > best) {  // np.argmax: first maximum
      best = variance;
      best_index = k;
    }
  }
  return histogram.bin_center(t.first + best_index);
}

namespace {

// skimage's _multiotsu.pyx in float32: the upper-triangular table H[i][j] of S(i..j)^2 / P(i..j)
// from cumulative zeroth (P) and first (S) moments of the bin counts, weighting bin k by its
// index k. Reproduces skimage's quirks, which decide near-ties: the first moment starts at
// prob[0] rather than 0, and H[0][0] stays 0.
class VarianceTable {
 public:
  explicit VarianceTable(const std::vector<float>& prob) : n_(prob.size()), table_(n_ * (n_ + 1) / 2, 0.0f) {
    std::vector<float> zeroth(n_), first(n_);
    zeroth[0] = prob[0];
    first[0] = prob[0];
    for (std::size_t i = 1; i < n_; ++i) {
      zeroth[i] = zeroth[i - 1] + prob[i];
      first[i] = first[i - 1] + static_cast<float>(i) * prob[i];
      if (zeroth[i] > 0) table_[i] = (first[i] * first[i]) / zeroth[i];
    }
    std::size_t index = n_;
    for (std::size_t i = 1; i < n_; ++i) {
      for (std::size_t j = i; j < n_; ++j, ++index) {
        const float weight = zeroth[j] - zeroth[i - 1];
        if (weight > 0) {
          const float moment = first[j] - first[i - 1];
          table_[index] = (moment * moment) / weight;
        }
      }
    }
  }
  float at(std::size_t i, std::size_t j) const { return table_[i * (2 * n_ - i + 1) / 2 + j - i]; }
  std::size_t bins() const { return n_; }

 private:
  std::size_t n_;
  std::vector<float> table_;
};

// Exhaustive search over threshold indices t[0] < ... < t[m-1] (skimage's recursion, same order
// and the same strict comparison, so the first maximum found wins).
struct MultiOtsuSearch {
  const VarianceTable& table;
  std::size_t thresholds;
  std::vector<std::size_t> current, best;
  float best_sigma = 0.0f;

  void run(std::size_t start, std::size_t depth) {
    const std::size_t n = table.bins();
    if (depth < thresholds) {
      for (std::size_t idx = start; idx + thresholds < n + depth; ++idx) {
        current[depth] = idx;
        run(idx + 1, depth + 1);
      }
      return;
    }
    float sigma = table.at(0, current[0]) + table.at(current[thresholds - 1] + 1, n - 1);
    for (std::size_t k = 0; k + 1 < thresholds; ++k) sigma += table.at(current[k] + 1, current[k + 1]);
    if (sigma > best_sigma) {
      best_sigma = sigma;
      best = current;
    }
  }
};

}  // namespace

std::vector<double> multi_otsu_thresholds(const Histogram& histogram, int classes) {
  if (classes < 2 || classes > 4) return {};
  const Trimmed t = trim(histogram);
  const auto wanted = static_cast<std::size_t>(classes);
  std::vector<std::size_t> nonempty;
  for (std::size_t k = t.first; k < t.last; ++k)
    if (histogram.counts[k] != 0) nonempty.push_back(k);
  if (nonempty.size() < wanted) return {};
  std::vector<double> result;
  if (nonempty.size() == wanted) {
    for (std::size_t k = 0; k + 1 < wanted; ++k) result.push_back(histogram.bin_center(nonempty[k]));
    return result;
  }
  double combinations = 1.0;  // about C(bins, classes - 1): the cost of the exhaustive search
  for (std::size_t k = 0; k + 1 < wanted; ++k)
    combinations *= static_cast<double>(t.size() - k) / static_cast<double>(k + 1);
  if (combinations > kMaxMultiOtsuCombinations) return {};
  std::vector<float> prob(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) prob[k] = static_cast<float>(histogram.counts[t.first + k]);
  const VarianceTable table(prob);
  MultiOtsuSearch search{table, wanted - 1, std::vector<std::size_t>(wanted - 1), std::vector<std::size_t>(wanted - 1, 0)};
  search.run(0, 0);
  for (std::size_t index : search.best) result.push_back(histogram.bin_center(t.first + index));
  return result;
}

}  // namespace hs
