// Dropped files: a POS + RRNG pair and an NPY file are converted in memory, a zip of a Zarr array
// opens in place, and combinations that make no sense are refused with a message naming the files.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "dataset/dataset_summary.h"
#include "dataset/local_dataset.h"
#include "points/point_store.h"
#include "store/node.h"
#include "store/zarr_array.h"
#include "../store/zip_test_util.h"

namespace {

hs::Bytes text_bytes(const std::string& text) { return hs::Bytes(text.begin(), text.end()); }

void put_be_float(hs::Bytes& out, float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(bits >> shift));
}

// 1000 ions on a line: 300 at 27 Da, 500 at 58 Da, 200 at 100 Da (outside every range).
hs::Bytes pos_file() {
  hs::Bytes out;
  for (int i = 0; i < 1000; ++i) {
    put_be_float(out, static_cast<float>(i % 10));
    put_be_float(out, static_cast<float>(i % 7));
    put_be_float(out, static_cast<float>(i) * 0.1f);
    put_be_float(out, i < 300 ? 27.0f : i < 800 ? 58.0f : 100.0f);
  }
  return out;
}

const std::string kRrng =
    "[Ions]\nNumber=2\nIon1=Al\nIon2=Ni\n[Ranges]\nNumber=2\n"
    "Range1=26.5 27.5 Vol:0.01660 Al:1 Color:33FFFF\nRange2=57.5 58.5 Vol:0.01094 Ni:1 Color:00FF00\n";

// NPY v1.0, little-endian uint16, shape (2, 3, 4) in C order, values 0..23.
hs::Bytes npy_file() {
  std::string header = "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3, 4), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  hs::Bytes out = text_bytes("\x93NUMPY");
  out.push_back(1);
  out.push_back(0);
  out.push_back(static_cast<std::uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<std::uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  for (int v = 0; v < 24; ++v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(0);
  }
  return out;
}

std::vector<std::unique_ptr<hs::ByteSource>> files(std::vector<std::pair<std::string, hs::Bytes>> list) {
  std::vector<std::unique_ptr<hs::ByteSource>> out;
  for (auto& [name, bytes] : list) out.push_back(hs::memory_source(std::move(bytes), name));
  return out;
}

}  // namespace

TEST_CASE("local dataset: a POS file with its RRNG becomes a ranged point store", "[local_dataset]") {
  auto opened = hs::open_local_dataset(files({{"run.rrng", text_bytes(kRrng)}, {"run.pos", pos_file()}}));
  REQUIRE(opened.ok());
  CHECK(opened->name == "run.pos");
  auto node = hs::read_node_document(*opened->store, "");
  REQUIRE(node.ok());
  const hs::json::Value* heteroscope = node->document.find("attributes")->find("heteroscope");
  REQUIRE(heteroscope != nullptr);
  auto attributes = hs::parse_point_store_attributes(*heteroscope, "run.pos/zarr.json");
  REQUIRE(attributes.ok());
  CHECK(attributes->ion_count == 1000u);
  REQUIRE(attributes->ranges.ions.size() == 2u);
  CHECK(attributes->species_counts == std::vector<std::uint64_t>{300, 500});
  CHECK(attributes->unranged_count == 200u);

  auto summary = hs::summarize_dataset(*opened->store, "run.pos");
  REQUIRE(summary.ok());
  CHECK(summary->kind == hs::DatasetKind::points);
  CHECK_THAT(summary->details, Catch::Contains("ions        1000\n") && Catch::Contains("z 0.00 to 99.90 nm"));
}

TEST_CASE("local dataset: an NPY file becomes an OME-Zarr image with the same voxels", "[local_dataset]") {
  auto opened = hs::open_local_dataset(files({{"cube.npy", npy_file()}}));
  REQUIRE(opened.ok());
  auto array = hs::ZarrArray::open(*opened->store, "0");
  REQUIRE(array.ok());
  REQUIRE(array->metadata().shape == std::vector<std::uint64_t>{1, 1, 2, 3, 4});
  std::vector<std::uint16_t> voxels(24);
  hs::DecodeContext context;
  const std::array<std::uint64_t, 5> start{}, extent = {1, 1, 2, 3, 4};
  REQUIRE(array->read_region(start, extent, {reinterpret_cast<std::uint8_t*>(voxels.data()), 48}, context).ok());
  for (std::uint16_t v = 0; v < 24; ++v) CHECK(voxels[v] == v);
  CHECK_FALSE(opened->notes.empty());  // NPY states no voxel size: the note says what was assumed
  auto summary = hs::summarize_dataset(*opened->store, "cube.npy");
  REQUIRE(summary.ok());
  CHECK(summary->kind == hs::DatasetKind::image);
  CHECK_THAT(summary->details, Catch::Contains("0: 1×1×2×3×4 uint16") && Catch::Contains("values 0 to 23"));
}

TEST_CASE("local dataset: a zip of a Zarr array opens in place", "[local_dataset]") {
  const std::string array_json =
      R"({"zarr_format":3,"node_type":"array","shape":[4],"data_type":"uint8",)"
      R"("chunk_grid":{"name":"regular","configuration":{"chunk_shape":[4]}},)"
      R"("chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},)"
      R"("fill_value":0,"codecs":[{"name":"bytes"}]})";
  const hs::test::BuiltZip zip = hs::test::build_zip(
      {{"a.zarr/zarr.json", text_bytes(array_json)}, {"a.zarr/c/0", hs::Bytes{9, 8, 7, 6}}});
  auto opened = hs::open_local_dataset(files({{"a.zip", zip.bytes}}));
  REQUIRE(opened.ok());
  auto chunk = opened->store->get("c/0");
  REQUIRE(chunk.ok());
  CHECK(chunk->value() == hs::Bytes{9, 8, 7, 6});
  auto summary = hs::summarize_dataset(*opened->store, "a.zip");
  REQUIRE(summary.ok());
  CHECK(summary->kind == hs::DatasetKind::array);
  CHECK_THAT(summary->details, Catch::Contains("shape       4\n"));
}

TEST_CASE("local dataset: senseless drops and oversized files are refused naming the files", "[local_dataset]") {
  auto two = hs::open_local_dataset(files({{"a.pos", pos_file()}, {"b.npy", npy_file()}}));
  REQUIRE_FALSE(two.ok());
  CHECK_THAT(two.error().message, Catch::Contains("a.pos and b.npy"));

  auto alone = hs::open_local_dataset(files({{"run.rrng", text_bytes(kRrng)}}));
  REQUIRE_FALSE(alone.ok());
  CHECK_THAT(alone.error().message, Catch::StartsWith("run.rrng: a range file alone"));

  auto mismatched = hs::open_local_dataset(files({{"run.rrng", text_bytes(kRrng)}, {"cube.npy", npy_file()}}));
  REQUIRE_FALSE(mismatched.ok());
  CHECK_THAT(mismatched.error().message, Catch::Contains("not with cube.npy"));

  hs::LocalOpenOptions small;
  small.max_convert_bytes = 1000;  // the POS file has 16000 bytes
  auto big = hs::open_local_dataset(files({{"run.pos", pos_file()}}), small);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == hs::ErrorCode::limit);
  CHECK_THAT(big.error().message, Catch::StartsWith("run.pos: ") && Catch::Contains("heteroscope convert"));

  auto truncated = hs::open_local_dataset(files({{"run.pos", hs::Bytes(83, 0)}}));
  REQUIRE_FALSE(truncated.ok());
  CHECK_THAT(truncated.error().message, Catch::StartsWith("run.pos: truncated"));

  auto none = hs::open_local_dataset({});
  REQUIRE_FALSE(none.ok());
}
