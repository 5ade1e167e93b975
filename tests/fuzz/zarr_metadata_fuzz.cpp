// Fuzz target: zarr.json documents -> array / group / OME-Zarr metadata and codec chains.
#include "fuzz_input.h"
#include "json/json.h"
#include "store/array_metadata.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"
#include "store/ome_multiscales.h"
#include "store/zarr_array.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = hs::json::parse(hs::fuzz::as_text(data, size), "fuzz");
  if (!doc.ok()) return 0;
  if (auto meta = hs::parse_array_metadata(*doc, "fuzz/zarr.json"); meta.ok()) {
    hs::MemoryStore store;
    (void)hs::ZarrArray::from_metadata(store, "", *meta);
  }
  (void)hs::parse_group_metadata(*doc, "fuzz/zarr.json");
  if (const hs::json::Value* attributes = doc->find("attributes")) {
    std::vector<std::string> warnings;
    (void)hs::read_volume_metadata(*attributes, "fuzz", warnings);
  }
  return 0;
}
