// Group zarr.json: reading, strictness, zarr-python's consolidated_metadata, and a write/read
// round trip through a store.
#include <catch2/catch.hpp>

#include "store/group_metadata.h"
#include "store/zarr_writer.h"
#include "store_test_util.h"

namespace hs {

TEST_CASE("group metadata is read strictly", "[store][group_metadata]") {
  Result<GroupMetadata> group = parse_group_metadata(
      test::parse_json(R"({"zarr_format":3,"node_type":"group","attributes":{"ome":{"version":"0.5"}},
                           "consolidated_metadata":null})"),
      "mem/zarr.json");
  REQUIRE(group.ok());
  REQUIRE(group->attributes.size() == 1);
  CHECK(group->attributes[0].first == "ome");
  CHECK(parse_group_metadata(test::parse_json(R"({"zarr_format":3,"node_type":"group"})"), "s").ok());

  for (const char* text :
       {R"({"zarr_format":2,"node_type":"group"})", R"({"zarr_format":3,"node_type":"array"})",
        R"({"zarr_format":3})", R"({"zarr_format":3,"node_type":"group","attributes":[]})",
        R"({"zarr_format":3,"node_type":"group","extra":true})", R"([])"}) {
    Result<GroupMetadata> bad = parse_group_metadata(test::parse_json(text), "mem/g/zarr.json");
    INFO(text);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::StartsWith("mem/g/zarr.json"));
  }
}

TEST_CASE("groups are written and read back through a store", "[store][group_metadata]") {
  MemoryStore store("mem");
  GroupMetadata group;
  group.attributes.emplace_back("heteroscope", json::Value(json::Object{{"kind", json::Value("points")}}));
  REQUIRE(write_group(store, "apt/run1", group).ok());
  Result<std::optional<Bytes>> stored = store.get("apt/run1/zarr.json");
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  const json::Value document = test::parse_json(test::bytes_text(**stored));
  CHECK(document.find("node_type")->as_string() == "group");
  CHECK(document.find("zarr_format")->as_number() == 3);

  Result<GroupMetadata> read = read_group_metadata(store, "apt/run1");
  REQUIRE(read.ok());
  CHECK(json::write(json::Value(read->attributes)) == R"({"heteroscope":{"kind":"points"}})");

  Result<GroupMetadata> missing = read_group_metadata(store, "apt/run2");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::not_found);
  CHECK_THAT(missing.error().message, Catch::Contains("mem/apt/run2/zarr.json"));
  CHECK(read_group_metadata(store, "apt/../x").error().code == ErrorCode::invalid_argument);
  REQUIRE(store.set("bad/zarr.json", test::text_bytes("{\"zarr_format\":3,")).ok());
  CHECK(read_group_metadata(store, "bad").error().code == ErrorCode::parse);
}

}  // namespace hs
