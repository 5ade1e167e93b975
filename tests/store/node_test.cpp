// Node paths: which are valid, and the keys below a node.
#include <catch2/catch.hpp>

#include "store/node.h"

namespace hs {

TEST_CASE("node paths are validated and joined", "[store][node]") {
  for (const char* good : {"", "a", "a/b", "volumes/0", "a.b", "...x"}) {
    INFO(good);
    CHECK(validate_node_path(good).ok());
  }
  for (const char* bad : {"/a", "a/", "a//b", ".", "..", "a/../b", "__meta", "a/__b", "..."}) {
    INFO(bad);
    const Status status = validate_node_path(bad);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::invalid_argument);
  }
  CHECK(node_key("", "zarr.json") == "zarr.json");
  CHECK(node_key("a/b", "c/0/0") == "a/b/c/0/0");
}

}  // namespace hs
