// Fuzz target: volume files (MRC, NPY, TIFF; detected by content, then by each extension) opened
// and read slab by slab.
#include <array>

#include "fuzz_input.h"
#include "io/volume_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const char* name : {"fuzz.mrc", "fuzz.npy", "fuzz.tif"}) {
    auto reader = hs::open_volume(hs::memory_source(hs::fuzz::as_bytes(data, size), name));
    if (!reader.ok()) continue;
    const hs::VolumeInfo& info = (*reader)->info();
    const std::uint64_t slice = (*reader)->slice_bytes();
    if (slice == 0 || info.shape_zyx[0] * slice > hs::fuzz::kMaxElements * 8) continue;
    hs::Bytes slab(slice);
    for (std::uint64_t z = 0; z < info.shape_zyx[0]; ++z) (void)(*reader)->read_slab(z, 1, slab);
  }
  return 0;
}
