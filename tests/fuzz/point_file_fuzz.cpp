// Fuzz target: atom probe files (POS, EPOS, CAMECA APT, ATO) opened and read in batches.
#include <algorithm>

#include "fuzz_input.h"
#include "io/point_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* name : {"fuzz.pos", "fuzz.epos", "fuzz.apt", "fuzz.ato"}) {
    auto reader = hs::open_point_file(hs::memory_source(hs::fuzz::as_bytes(data, size), name));
    if (!reader.ok()) continue;
    const std::uint64_t count = std::min((*reader)->info().ion_count, hs::fuzz::kMaxElements);
    hs::IonBatch batch;
    for (std::uint64_t first = 0; first < count; first += 4096) {
      (void)(*reader)->read(first, std::min<std::uint64_t>(4096, count - first), batch);
    }
  }
  return 0;
}
