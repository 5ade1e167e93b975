// Sample size names.
#include "samples/sample_options.h"

namespace hs {

std::string_view sample_size_name(SampleSize size) {
  switch (size) {
    case SampleSize::small: return "small";
    case SampleSize::medium: return "medium";
    case SampleSize::large: return "large";
  }
  return "small";
}

std::optional<SampleSize> parse_sample_size(std::string_view name) {
  for (SampleSize size : {SampleSize::small, SampleSize::medium, SampleSize::large}) {
    if (name == sample_size_name(size)) return size;
  }
  return std::nullopt;
}

}  // namespace hs
