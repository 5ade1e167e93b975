// Fuzz target: zip archives opened as stores, every entry read whole and by a range.
#include <array>

#include "fuzz_input.h"
#include "store/zip_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto store = hs::ZipStore::open(hs::memory_source(hs::fuzz::as_bytes(data, size), "fuzz.zip"));
  if (!store.ok()) return 0;
  for (const std::string& key : (*store)->keys()) {
    (void)(*store)->get(key);
    const std::array<hs::ByteRange, 1> range = {hs::ByteRange{1, 3}};
    (void)(*store)->get_ranges(key, range);
  }
  return 0;
}
