// The memory store: the shared store contract and key descriptions.
#include <catch2/catch.hpp>

#include "store/memory_store.h"
#include "store_test_util.h"

namespace hs {

TEST_CASE("memory store keeps the store contract", "[store][memory_store]") {
  MemoryStore store("mem");
  test::check_store_contract(store);
  CHECK(store.describe("a/zarr.json") == "mem/a/zarr.json");
}

}  // namespace hs
