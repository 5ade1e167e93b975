// The zip store on archives made by Info-ZIP's `zip` command (Debian package "zip"): a sharded
// Zarr array zipped with "zip -0 -r" reads through ZarrArray with partial shard reads, and a
// default (deflating) zip is refused by entry name.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

#include "store/codecs/decode_context.h"
#include "store/zarr_array.h"
#include "store/zip_store.h"
#include "store_test_util.h"

namespace hs {
namespace {

// A fresh folder under /tmp holding sample.zarr (a group with the test shard as array "raw"),
// removed at scope exit.
class ZarrFolder {
 public:
  ZarrFolder() {
    std::string pattern = "/tmp/hs_zip_store_XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
    for (const char* folder : {"/sample.zarr", "/sample.zarr/raw", "/sample.zarr/raw/c", "/sample.zarr/raw/c/0"})
      REQUIRE(::mkdir((path + folder).c_str(), 0777) == 0);
    write("sample.zarr/zarr.json", R"({"zarr_format":3,"node_type":"group","attributes":{}})");
    write("sample.zarr/raw/zarr.json",
          test::array_json("[4,4]", "uint16", "[4,4]", "7", test::shard_codecs_json(true)));
    write("sample.zarr/raw/c/0/0", test::bytes_text(test::hand_built_shard(true)));
  }
  ~ZarrFolder() { (void)std::system(("rm -rf '" + path + "'").c_str()); }
  ZarrFolder(const ZarrFolder&) = delete;
  ZarrFolder& operator=(const ZarrFolder&) = delete;

  void write(const std::string& name, const std::string& content) const {
    std::ofstream out(path + "/" + name, std::ios::binary);
    out << content;
    REQUIRE(out.good());
  }
  // Runs `zip <flags> name.zip sample.zarr` in the folder; returns the archive's path.
  std::string zip(const std::string& flags, const std::string& name) const {
    const std::string command = "cd '" + path + "' && zip -q " + flags + " " + name + ".zip sample.zarr";
    INFO(command << "   (needs Debian's \"zip\" package: apt-get install zip; add it to scripts/setup)");
    REQUIRE(std::system(command.c_str()) == 0);
    return path + "/" + name + ".zip";
  }

  std::string path;
};

TEST_CASE("zip_store reads a sharded Zarr array zipped with zip -0 -r", "[zip_store]") {
  const ZarrFolder folder;
  Result<std::unique_ptr<ByteSource>> source = open_file_source(folder.zip("-0 -r", "stored"));
  REQUIRE(source.ok());
  Result<std::unique_ptr<ZipStore>> store = ZipStore::open(std::move(*source));
  REQUIRE(store.ok());
  CHECK((*store)->keys() == std::vector<std::string>{"raw/c/0/0", "raw/zarr.json", "zarr.json"});
  CHECK((*store)->get("raw/c/0/0")->value() == test::hand_built_shard(true));

  Result<ZarrArray> array = ZarrArray::open(**store, "raw");
  REQUIRE(array.ok());
  CHECK(array->reads_partial_shards());
  std::vector<std::uint16_t> values(16);
  DecodeContext context;
  const std::vector<std::uint64_t> start{0, 0};
  const std::vector<std::uint64_t> shape{4, 4};
  REQUIRE(array->read_region(start, shape, {reinterpret_cast<std::uint8_t*>(values.data()), 32}, context).ok());
  CHECK(values == test::kShardValues);
}

TEST_CASE("zip_store refuses entries that zip deflated, naming them", "[zip_store]") {
  const ZarrFolder folder;
  const std::string path = folder.zip("-9 -r", "deflated");
  Result<std::unique_ptr<ByteSource>> source = open_file_source(path);
  REQUIRE(source.ok());
  Result<std::unique_ptr<ZipStore>> store = ZipStore::open(std::move(*source));
  REQUIRE(store.ok());
  Result<std::optional<Bytes>> value = (*store)->get("raw/zarr.json");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().code == ErrorCode::unsupported);
  CHECK(value.error().message == path +
                                     "/sample.zarr/raw/zarr.json: compressed zip entries are not supported: store "
                                     "the zip without compression, e.g. zip -0");
}

}  // namespace
}  // namespace hs
