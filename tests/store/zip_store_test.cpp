// The zip store on archives built by hand: stored entries and byte ranges, the shared top-level
// folder, comments, ZIP64 records, compressed and encrypted entries refused by name, truncated and
// damaged archives (out-of-range and overlapping offsets, bad counts, duplicates), and a bounded
// mutation fuzz loop.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "store/zip_store.h"
#include "zip_test_util.h"

namespace hs {
namespace {

using test::build_zip;
using test::BuiltZip;
using test::text_bytes;
using test::ZipSpec;

std::vector<ZipSpec> sample_specs() {
  return {ZipSpec{"sample.zarr/", {}},
          ZipSpec{"sample.zarr/zarr.json", text_bytes(R"({"zarr_format":3,"node_type":"group"})")},
          ZipSpec{"sample.zarr/raw/c/0/0", text_bytes("0123456789abcdef")},
          ZipSpec{"sample.zarr/empty", {}}};
}

Result<std::unique_ptr<ZipStore>> open_bytes(Bytes bytes) {
  return ZipStore::open(memory_source(std::move(bytes), "t.zip"));
}

std::string open_error(Bytes bytes) {
  Result<std::unique_ptr<ZipStore>> store = open_bytes(std::move(bytes));
  REQUIRE_FALSE(store.ok());
  return store.error().message;
}

// Overwrites `n` little-endian bytes at `at`.
void poke(Bytes& bytes, std::uint64_t at, std::uint64_t value, int n) {
  for (int i = 0; i < n; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

TEST_CASE("zip_store reads stored entries below a shared top-level folder", "[zip_store]") {
  Result<std::unique_ptr<ZipStore>> opened = open_bytes(build_zip(sample_specs()).bytes);
  REQUIRE(opened.ok());
  ZipStore& store = **opened;
  CHECK(store.keys() == std::vector<std::string>{"empty", "raw/c/0/0", "zarr.json"});
  CHECK(store.describe("raw/c/0/0") == "t.zip/sample.zarr/raw/c/0/0");
  CHECK(test::bytes_text(store.get("zarr.json")->value()) == R"({"zarr_format":3,"node_type":"group"})");
  CHECK(store.size("raw/c/0/0")->value() == 16u);
  CHECK(store.get("empty")->value().empty());
  CHECK_FALSE(store.get("missing")->has_value());
  CHECK_FALSE(store.get("sample.zarr/zarr.json")->has_value());  // the folder is stripped
  CHECK_FALSE(store.size("missing")->has_value());
  const std::vector<ByteRange> one{{0, 1}};
  CHECK_FALSE(store.get_ranges("missing", one)->has_value());

  const std::vector<ByteRange> ranges{{10, 3}, {0, 2}, {16, 0}, {4, 12}};
  Result<std::optional<std::vector<Bytes>>> parts = store.get_ranges("raw/c/0/0", ranges);
  REQUIRE(parts.ok());
  REQUIRE((*parts)->size() == 4);
  CHECK(test::bytes_text((**parts)[0]) == "abc");
  CHECK(test::bytes_text((**parts)[1]) == "01");
  CHECK((**parts)[2].empty());
  CHECK(test::bytes_text((**parts)[3]) == "456789abcdef");
  for (const ByteRange beyond : {ByteRange{15, 2}, ByteRange{17, 0}, ByteRange{~std::uint64_t{0}, 2}}) {
    Result<std::optional<std::vector<Bytes>>> bad = store.get_ranges("raw/c/0/0", std::vector{beyond});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::StartsWith("t.zip/sample.zarr/raw/c/0/0: truncated"));
  }
}

TEST_CASE("zip_store keeps names when entries do not share a folder and skips comments", "[zip_store]") {
  test::ZipOptions options;
  options.comment = "fake end: PK\x05\x06 inside the comment";
  Result<std::unique_ptr<ZipStore>> opened =
      open_bytes(build_zip({ZipSpec{"a/zarr.json", text_bytes("{}")}, ZipSpec{"b/x", text_bytes("x")},
                            ZipSpec{"zarr.json", text_bytes("root")}},
                           options)
                     .bytes);
  REQUIRE(opened.ok());
  CHECK((*opened)->keys() == std::vector<std::string>{"a/zarr.json", "b/x", "zarr.json"});
  CHECK(test::bytes_text((*opened)->get("zarr.json")->value()) == "root");
  CHECK((*opened)->describe("b/x") == "t.zip/b/x");

  Result<std::unique_ptr<ZipStore>> empty = open_bytes(build_zip({}).bytes);
  REQUIRE(empty.ok());
  CHECK((*empty)->keys().empty());
}

TEST_CASE("zip_store keeps names when a file is named like the shared folder", "[zip_store]") {
  // Found by fuzzing: "v.zarr" beside "v.zarr/zarr.json" once had the prefix "v.zarr/" cut from a
  // 6-character name.
  Result<std::unique_ptr<ZipStore>> opened = open_bytes(
      build_zip({ZipSpec{"v.zarr/zarr.json", text_bytes("{}")}, ZipSpec{"v.zarr", text_bytes("file")}}).bytes);
  REQUIRE(opened.ok());
  CHECK((*opened)->keys() == std::vector<std::string>{"v.zarr", "v.zarr/zarr.json"});
  CHECK(test::bytes_text((*opened)->get("v.zarr")->value()) == "file");
}

TEST_CASE("zip_store reads ZIP64 end records and extra fields", "[zip_store]") {
  test::ZipOptions options;
  options.zip64_end = true;
  std::vector<ZipSpec> specs = sample_specs();
  specs[2].zip64 = true;
  Result<std::unique_ptr<ZipStore>> opened = open_bytes(build_zip(specs, options).bytes);
  REQUIRE(opened.ok());
  CHECK((*opened)->keys().size() == 3);
  CHECK(test::bytes_text((*opened)->get("raw/c/0/0")->value()) == "0123456789abcdef");
  const std::vector<ByteRange> tail{{12, 4}};
  CHECK(test::bytes_text((*(*opened)->get_ranges("raw/c/0/0", tail))->at(0)) == "cdef");

  SECTION("a ZIP64 size beyond the file is rejected before reading") {
    specs[2].size = std::uint64_t{5} << 32;
    specs[2].data = text_bytes("0123456789abcdef");
    BuiltZip zip = build_zip(specs, options);
    // Make the stored entry consistent (compressed size = size) yet far larger than the file.
    const std::uint64_t extra = zip.central_offsets[2] + 46 + specs[2].name.size() + 8;
    poke(zip.bytes, extra + 4 + 8, std::uint64_t{5} << 32, 8);
    CHECK_THAT(open_error(zip.bytes), Catch::Contains("t.zip: not a valid zip file") &&
                                          Catch::Contains("does not lie before the central directory"));
  }
}

TEST_CASE("zip_store refuses compressed and encrypted entries by name", "[zip_store]") {
  std::vector<ZipSpec> specs = sample_specs();
  specs[1].method = 8;
  specs[1].size = 100;
  specs[2].flags = 1;
  Result<std::unique_ptr<ZipStore>> opened = open_bytes(build_zip(specs).bytes);
  REQUIRE(opened.ok());
  Result<std::optional<Bytes>> value = (*opened)->get("zarr.json");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().code == ErrorCode::unsupported);
  CHECK(value.error().message ==
        "t.zip/sample.zarr/zarr.json: compressed zip entries are not supported: store the zip without "
        "compression, e.g. zip -0");
  CHECK((*opened)->size("zarr.json")->value() == 100u);
  value = (*opened)->get("raw/c/0/0");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().message == "t.zip/sample.zarr/raw/c/0/0: encrypted zip entries are not supported");
}

TEST_CASE("zip_store rejects every truncation of an archive", "[zip_store]") {
  const Bytes whole = build_zip(sample_specs()).bytes;
  for (std::size_t size = 0; size < whole.size(); ++size) {
    INFO(size);
    Result<std::unique_ptr<ZipStore>> opened = open_bytes(Bytes(whole.begin(), whole.begin() + size));
    REQUIRE_FALSE(opened.ok());
    CHECK_THAT(opened.error().message, Catch::StartsWith("t.zip: not a valid zip file: "));
  }
}

TEST_CASE("zip_store rejects damaged directories and offsets", "[zip_store]") {
  const BuiltZip zip = build_zip(sample_specs());
  const std::uint64_t end = zip.end_offset;
  Bytes bytes = zip.bytes;

  SECTION("central directory beyond the end record") {
    poke(bytes, end + 16, zip.central_offset + 1, 4);
    CHECK_THAT(open_error(bytes), Catch::Contains("lies outside the file"));
  }
  SECTION("more entries than the directory can hold") {
    poke(bytes, end + 8, 60000, 2);
    poke(bytes, end + 10, 60000, 2);
    CHECK(open_error(bytes) == "t.zip: not a valid zip file: 60000 entries cannot fit in a central directory of " +
                                   std::to_string(end - zip.central_offset) + " bytes");
  }
  SECTION("a directory entry with a bad signature") {
    poke(bytes, zip.central_offsets[1], 0x12345678, 4);
    CHECK_THAT(open_error(bytes), Catch::Contains("central directory entry 1 is missing or cut short"));
  }
  SECTION("a name running past the directory") {
    poke(bytes, zip.central_offsets[3] + 28, 0xFFFF, 2);
    CHECK_THAT(open_error(bytes), Catch::Contains("central directory entry 3 is cut short"));
  }
  SECTION("a local header offset past the data") {
    poke(bytes, zip.central_offsets[2] + 42, zip.central_offset - 20, 4);
    CHECK_THAT(open_error(bytes), Catch::Contains("entry \"sample.zarr/raw/c/0/0\"") &&
                                      Catch::Contains("does not lie before the central directory"));
  }
  SECTION("two entries sharing bytes") {
    poke(bytes, zip.central_offsets[3] + 42, zip.local_offsets[2], 4);
    CHECK_THAT(open_error(bytes), Catch::Contains("overlap"));
  }
  SECTION("a stored entry whose sizes differ") {
    poke(bytes, zip.central_offsets[2] + 24, 17, 4);
    CHECK_THAT(open_error(bytes), Catch::Contains("compressed size of 16 and a size of 17"));
  }
  SECTION("a duplicate name") {
    Bytes twice = build_zip({ZipSpec{"x", text_bytes("1")}, ZipSpec{"x", text_bytes("2")}}).bytes;
    CHECK(open_error(twice) == "t.zip: not a valid zip file: the entry \"x\" appears twice");
  }
  SECTION("a multi-disk archive") {
    poke(bytes, end + 4, 1, 2);
    Result<std::unique_ptr<ZipStore>> opened = open_bytes(bytes);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::unsupported);
  }
  SECTION("a ZIP64 locator pointing outside the file") {
    test::ZipOptions options;
    options.zip64_end = true;
    BuiltZip zip64 = build_zip(sample_specs(), options);
    poke(zip64.bytes, zip64.end_offset - 20 + 8, ~std::uint64_t{0} - 10, 8);
    CHECK_THAT(open_error(zip64.bytes), Catch::Contains("the ZIP64 end record offset"));
  }
  SECTION("a damaged local header is reported when the entry is read") {
    poke(bytes, zip.local_offsets[2], 0, 4);
    Result<std::unique_ptr<ZipStore>> opened = open_bytes(bytes);
    REQUIRE(opened.ok());
    Result<std::optional<Bytes>> value = (*opened)->get("raw/c/0/0");
    REQUIRE_FALSE(value.ok());
    CHECK(value.error().message == "t.zip/sample.zarr/raw/c/0/0: no zip local header at offset " +
                                       std::to_string(zip.local_offsets[2]));
  }
  SECTION("a local extra field pushing the data into the directory") {
    poke(bytes, zip.local_offsets[3] + 28, 0xFFFF, 2);  // the last entry: "empty"
    Result<std::unique_ptr<ZipStore>> opened = open_bytes(bytes);
    REQUIRE(opened.ok());
    Result<std::optional<Bytes>> value = (*opened)->get("empty");
    REQUIRE_FALSE(value.ok());
    CHECK_THAT(value.error().message, Catch::StartsWith("t.zip/sample.zarr/empty: the entry's data") &&
                                          Catch::EndsWith("runs into the zip's central directory"));
  }
}

TEST_CASE("zip_store survives mutated archives", "[zip_store]") {
  test::ZipOptions options;
  options.zip64_end = true;
  std::vector<ZipSpec> specs = sample_specs();
  specs[1].zip64 = true;
  const Bytes valid = build_zip(specs, options).bytes;
  std::uint32_t state = 12345;
  const auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  int opened_count = 0;
  for (int round = 0; round < 3000; ++round) {
    Bytes bytes = valid;
    const int changes = 1 + static_cast<int>(next() >> 29);
    for (int i = 0; i < changes; ++i) bytes[(next() >> 8) % bytes.size()] = static_cast<std::uint8_t>(next() >> 24);
    Result<std::unique_ptr<ZipStore>> store = open_bytes(std::move(bytes));
    if (!store.ok()) continue;
    ++opened_count;
    for (const std::string& key : (*store)->keys()) {
      (void)(*store)->get(key);
      const std::vector<ByteRange> ranges{{1, 2}, {0, 0}};
      (void)(*store)->get_ranges(key, ranges);
    }
  }
  CHECK(opened_count > 0);  // some mutations hit bytes that do not matter (dates, CRCs, data)
}

}  // namespace
}  // namespace hs
