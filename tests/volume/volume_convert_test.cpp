// Volume conversion: the pyramid read back through the Zarr reader equals the input and a
// brute-force 2×2×2 mean; metadata carries scales, translations, ranges and semantics; the store is
// byte for byte the same for any thread count and when fanned out by shard ranges and finalized;
// level-0 rows are read as shard-high y-bands in quadtree order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "io/volume_reader.h"
#include "store/array_metadata.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"
#include "store/ome_multiscales.h"
#include "store/zarr_array.h"
#include "volume/volume_convert.h"

namespace {

constexpr std::uint64_t kZ = 13, kY = 10, kX = 9;  // odd sizes: partial shards and edge cells

float voxel_value(std::uint64_t z, std::uint64_t y, std::uint64_t x) {
  return static_cast<float>(z * 100 + y * 10 + x) * 0.5f;
}

std::unique_ptr<hs::VolumeReader> raw_volume(float scale) {
  hs::Bytes bytes(kZ * kY * kX * sizeof(float));
  for (std::uint64_t z = 0; z < kZ; ++z)
    for (std::uint64_t y = 0; y < kY; ++y)
      for (std::uint64_t x = 0; x < kX; ++x) {
        const float v = voxel_value(z, y, x) * scale;
        std::memcpy(&bytes[((z * kY + y) * kX + x) * sizeof(float)], &v, sizeof v);
      }
  hs::VolumeOpenOptions options;
  options.raw = hs::RawLayout{{kZ, kY, kX}, hs::DataType::float32, false, 0};
  auto reader = hs::open_volume(hs::memory_source(std::move(bytes), "ramp.raw"), options);
  REQUIRE(reader.ok());
  return std::move(reader).value();
}

std::vector<float> read_level(hs::MemoryStore& store, int level, std::uint64_t c,
                              const std::array<std::uint64_t, 3>& shape) {
  auto array = hs::ZarrArray::open(store, std::to_string(level));
  REQUIRE(array.ok());
  REQUIRE(array->metadata().shape == std::vector<std::uint64_t>{1, 2, shape[0], shape[1], shape[2]});
  std::vector<float> out(shape[0] * shape[1] * shape[2]);
  hs::DecodeContext context;
  const std::array<std::uint64_t, 5> start = {0, c, 0, 0, 0};
  const std::array<std::uint64_t, 5> extent = {1, 1, shape[0], shape[1], shape[2]};
  const hs::Status s = array->read_region(
      start, extent, {reinterpret_cast<std::uint8_t*>(out.data()), out.size() * 4}, context);
  REQUIRE(s.ok());
  return out;
}

}  // namespace

TEST_CASE("volume convert: every level reads back as the input and its 2x2x2 means", "[volume_convert]") {
  auto a = raw_volume(1.0f), b = raw_volume(2.0f);
  hs::MemoryStore store("out.zarr");
  hs::VolumeConvertOptions options;
  options.brick = 2;             // tiny bricks so the 13×10×9 volume spans many shards and levels
  options.bricks_per_shard = 2;  // shards of 4³
  options.voxel_size_zyx = {{2.0, 1.0, 1.0}};
  options.channel_labels = {"ADF", "Ni"};
  std::vector<double> progress;
  options.progress = [&](double f) { progress.push_back(f); };
  auto report = hs::convert_volume({{a.get(), b.get()}}, store, options);
  REQUIRE(report.ok());
  // Levels until every axis fits one brick: 13 -> 7 -> 4 -> 2.
  CHECK(report->levels == 4);
  CHECK(progress.back() == Approx(1.0));
  CHECK(report->value_range[0].first == 0.0);
  CHECK(report->value_range[1].second == Approx(2 * voxel_value(kZ - 1, kY - 1, kX - 1)));

  const auto level0 = read_level(store, 0, 1, {kZ, kY, kX});
  for (std::uint64_t z = 0; z < kZ; ++z)
    for (std::uint64_t y = 0; y < kY; ++y)
      for (std::uint64_t x = 0; x < kX; ++x)
        REQUIRE(level0[(z * kY + y) * kX + x] == 2 * voxel_value(z, y, x));

  // Level 1 against a brute-force mean of the input (edge cells average what they have).
  const std::array<std::uint64_t, 3> s1 = {7, 5, 5};
  const auto level1 = read_level(store, 1, 0, s1);
  for (std::uint64_t z = 0; z < s1[0]; ++z)
    for (std::uint64_t y = 0; y < s1[1]; ++y)
      for (std::uint64_t x = 0; x < s1[2]; ++x) {
        double sum = 0;
        int n = 0;
        for (std::uint64_t dz = 0; dz < 2; ++dz)
          for (std::uint64_t dy = 0; dy < 2; ++dy)
            for (std::uint64_t dx = 0; dx < 2; ++dx)
              if (2 * z + dz < kZ && 2 * y + dy < kY && 2 * x + dx < kX) {
                sum += voxel_value(2 * z + dz, 2 * y + dy, 2 * x + dx);
                ++n;
              }
        REQUIRE(level1[(z * s1[1] + y) * s1[2] + x] == Approx(sum / n));
      }
}

TEST_CASE("volume convert: the group is an OME-Zarr 0.5 image with physical scales", "[volume_convert]") {
  auto a = raw_volume(1.0f);
  hs::MemoryStore store("out.zarr");
  hs::VolumeConvertOptions options;
  options.brick = 4;
  options.bricks_per_shard = 2;
  options.voxel_size_zyx = {{2.0, 2.0, 2.0}};
  options.semantics = {{"lattice parameter", "Å", 0.0, std::make_pair(8.076, 8.145)}};
  options.time_labels = {"pristine"};
  auto report = hs::convert_volume({{a.get()}}, store, options);
  REQUIRE(report.ok());
  auto group = hs::read_group_metadata(store, "");
  REQUIRE(group.ok());
  std::vector<std::string> warnings;
  auto meta = hs::read_volume_metadata(hs::json::Value(group->attributes), "out.zarr", warnings);
  REQUIRE(meta.ok());
  REQUIRE(meta->levels.size() == report->levels);
  CHECK(meta->axes[4] == hs::OmeAxis{"x", "space", "micrometer"});
  // Level 2 voxels are 4× larger, centred 1.5 fine voxels in.
  CHECK(meta->levels[2].scale == std::vector<double>{1, 1, 8, 8, 8});
  CHECK(meta->levels[2].translation == std::vector<double>{0, 0, 3, 3, 3});
  CHECK(meta->semantics == options.semantics);
  CHECK(meta->time_labels == options.time_labels);
  CHECK(meta->channels[0].window_max == Approx(voxel_value(kZ - 1, kY - 1, kX - 1)));
}

TEST_CASE("volume convert: inputs that do not match are refused, naming the file", "[volume_convert]") {
  auto a = raw_volume(1.0f);
  hs::VolumeOpenOptions options;
  options.raw = hs::RawLayout{{kZ, kY, kX + 1}, hs::DataType::float32, false, 0};
  auto wide = hs::open_volume(hs::memory_source(hs::Bytes(kZ * kY * (kX + 1) * 4), "wide.raw"), options);
  REQUIRE(wide.ok());
  hs::MemoryStore store;
  auto report = hs::convert_volume({{a.get(), wide->get()}}, store, {});
  REQUIRE_FALSE(report.ok());
  CHECK_THAT(report.error().message, Catch::Contains("wide.raw") && Catch::Contains("shape"));
}

namespace {

// A volume of `shape` float32 voxels from an LCG (Knuth's MMIX constants), with a zero block in
// one corner so some shards are all fill value.
std::unique_ptr<hs::VolumeReader> noisy_volume(const std::array<std::uint64_t, 3>& shape, std::uint64_t seed,
                                               const std::string& name) {
  hs::Bytes bytes(shape[0] * shape[1] * shape[2] * sizeof(float));
  std::uint64_t state = seed;
  for (std::uint64_t z = 0; z < shape[0]; ++z)
    for (std::uint64_t y = 0; y < shape[1]; ++y)
      for (std::uint64_t x = 0; x < shape[2]; ++x) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const bool empty = z < 4 && y < 4 && x < 4;
        const float v = empty ? 0.0f : static_cast<float>(state >> 40) * 1e-4f;
        std::memcpy(&bytes[((z * shape[1] + y) * shape[2] + x) * sizeof(float)], &v, sizeof v);
      }
  hs::VolumeOpenOptions options;
  options.raw = hs::RawLayout{shape, hs::DataType::float32, false, 0};
  auto reader = hs::open_volume(hs::memory_source(std::move(bytes), name), options);
  REQUIRE(reader.ok());
  return std::move(reader).value();
}

// Every key a converted store can hold (the zarr.json files and every chunk of every level), from
// the metadata of `reference`, with its value in `store` (nullopt where there is none).
std::map<std::string, std::optional<hs::Bytes>> contents(hs::ReadableStore& reference,
                                                         hs::ReadableStore& store) {
  std::map<std::string, std::optional<hs::Bytes>> values;
  const auto add = [&](const std::string& key) {
    auto value = store.get(key);
    REQUIRE(value.ok());
    values[key] = *value;
  };
  add("zarr.json");
  for (int level = 0;; ++level) {
    auto array = hs::ZarrArray::open(reference, std::to_string(level));
    if (!array.ok()) break;
    add(std::to_string(level) + "/zarr.json");
    const std::vector<std::uint64_t> grid = hs::chunk_grid_shape(array->metadata());
    std::vector<std::uint64_t> coords(grid.size(), 0);
    for (bool more = true; more;) {
      add(array->chunk_key(coords));
      more = false;
      for (std::size_t d = coords.size(); d-- > 0;) {
        if (++coords[d] < grid[d]) {
          more = true;
          break;
        }
        coords[d] = 0;
      }
    }
  }
  REQUIRE(values.size() > 2);
  return values;
}

hs::VolumeConvertOptions small_shards() {
  hs::VolumeConvertOptions options;
  options.brick = 2;
  options.bricks_per_shard = 2;  // shards of 4³ voxels
  options.channel_labels = {"ADF", "Ni"};
  options.time_labels = {"pristine", "charged"};
  return options;
}

// Passes block reads on to another reader and records them.
class RecordingReader final : public hs::VolumeReader {
 public:
  explicit RecordingReader(std::unique_ptr<hs::VolumeReader> inner)
      : hs::VolumeReader(inner->info()), inner_(std::move(inner)) {}
  std::vector<hs::BlockRange> blocks;

 private:
  hs::Status read_checked_block(const hs::BlockRange& block, std::span<std::uint8_t> out) override {
    blocks.push_back(block);
    return inner_->read_block(block, out);
  }
  std::unique_ptr<hs::VolumeReader> inner_;
};

}  // namespace

TEST_CASE("volume convert: the store is byte for byte the same with 1, 2 or 3 threads", "[volume_convert]") {
  const std::array<std::uint64_t, 3> shape = {13, 10, 9};  // 4 × 3 × 3 shards of 4³
  std::vector<std::unique_ptr<hs::VolumeReader>> volumes;
  for (std::uint64_t i = 0; i < 4; ++i)
    volumes.push_back(noisy_volume(shape, i + 1, "v" + std::to_string(i)));
  const std::vector<std::vector<hs::VolumeReader*>> inputs = {{volumes[0].get(), volumes[1].get()},
                                                              {volumes[2].get(), volumes[3].get()}};
  hs::VolumeConvertOptions options = small_shards();
  options.threads = 1;
  hs::MemoryStore serial;
  REQUIRE(hs::convert_volume(inputs, serial, options).ok());
  const auto expected = contents(serial, serial);
  for (const unsigned threads : {2u, 3u}) {
    options.threads = threads;
    hs::MemoryStore parallel;
    auto report = hs::convert_volume(inputs, parallel, options);
    REQUIRE(report.ok());
    CHECK(report->level0_shards == 2 * 2 * 4 * 3 * 3);
    CHECK(contents(serial, parallel) == expected);
  }
}

TEST_CASE("volume convert: shard ranges then finalize give the store of one whole conversion",
          "[volume_convert]") {
  const std::array<std::uint64_t, 3> shape = {13, 10, 9};
  std::vector<std::unique_ptr<hs::VolumeReader>> volumes;
  for (std::uint64_t i = 0; i < 4; ++i)
    volumes.push_back(noisy_volume(shape, i + 7, "v" + std::to_string(i)));
  const std::vector<std::vector<hs::VolumeReader*>> inputs = {{volumes[0].get(), volumes[1].get()},
                                                              {volumes[2].get(), volumes[3].get()}};
  hs::VolumeConvertOptions options = small_shards();
  options.semantics.assign(2, {"lattice parameter", "Å", 0.0, std::nullopt});
  options.method = hs::DownsampleMethod::mean_no_data;
  hs::MemoryStore whole;
  auto plain = hs::convert_volume(inputs, whole, options);
  REQUIRE(plain.ok());
  const std::uint64_t n = 2 * 2 * 4 * 3 * 3;
  const auto expected = contents(whole, whole);
  // The corner block of zeros (no data) makes shard 0 of every image empty: not stored.
  CHECK_FALSE(expected.at("0/c/0/0/0/0/0").has_value());

  // Cuts inside rows of shards (3 per row) and an empty range.
  for (const std::vector<std::uint64_t>& cuts :
       {std::vector<std::uint64_t>{0, 71, n}, {0, 1, 1, 35, 36, 100, n}, {0, n}}) {
    hs::MemoryStore fanned;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      hs::VolumeConvertOptions job = options;
      job.stage = hs::VolumeConvertStage::level0_shards;
      job.shard_begin = cuts[i];
      job.shard_end = cuts[i + 1];
      auto report = hs::convert_volume(inputs, fanned, job);
      REQUIRE(report.ok());
      CHECK(report->level0_shards == n);
      CHECK(report->value_range.empty());
    }
    auto metadata = fanned.get("zarr.json");
    REQUIRE(metadata.ok());
    CHECK_FALSE(metadata->has_value());  // jobs write no metadata
    hs::VolumeConvertOptions last = options;
    last.stage = hs::VolumeConvertStage::finalize;
    auto finalized = hs::convert_volume(inputs, fanned, last);
    REQUIRE(finalized.ok());
    CHECK(finalized->value_range == plain->value_range);
    CHECK(contents(whole, fanned) == expected);
  }
}

TEST_CASE("volume convert: reversed or overlong shard ranges and unfinished jobs are refused",
          "[volume_convert]") {
  const std::array<std::uint64_t, 3> shape = {13, 10, 9};
  auto volume = noisy_volume(shape, 3, "tomo.raw");
  const std::vector<std::vector<hs::VolumeReader*>> inputs = {{volume.get()}};
  hs::VolumeConvertOptions options;
  options.brick = 2;
  options.bricks_per_shard = 2;
  options.stage = hs::VolumeConvertStage::level0_shards;
  hs::MemoryStore store("out.zarr");
  options.shard_begin = 5;
  options.shard_end = 3;
  auto reversed = hs::convert_volume(inputs, store, options);
  REQUIRE_FALSE(reversed.ok());
  CHECK(reversed.error().message == "convert: shard range 5:3 is reversed (its start is after its end)");
  options.shard_begin = 0;
  options.shard_end = 37;
  auto overlong = hs::convert_volume(inputs, store, options);
  REQUIRE_FALSE(overlong.ok());
  CHECK_THAT(overlong.error().message,
             Catch::Contains(
                 "shard range 0:37 runs past the 36 level-0 shards (t × c × z × y × x = 1 × 1 × 4 × 3 × 3"));

  // Every shard but number 20 (z 2, y 0, x 2), which holds data: finalizing names it.
  for (const auto& [begin, end] : {std::pair<std::uint64_t, std::uint64_t>{0, 20}, {21, 36}}) {
    options.shard_begin = begin;
    options.shard_end = end;
    REQUIRE(hs::convert_volume(inputs, store, options).ok());
  }
  options.stage = hs::VolumeConvertStage::finalize;
  auto unfinished = hs::convert_volume(inputs, store, options);
  REQUIRE_FALSE(unfinished.ok());
  CHECK(
      unfinished.error().message ==
      "out.zarr/0/c/0/0/2/0/2: level-0 shard 20 of 36 (t 0, c 0, z 2, y 0, x 2) is missing, but its part of "
      "tomo.raw holds data: write that shard range again before finalizing");
  // Shard 0 is all zeros, the fill value, so it is missing from the store by design: fine.
  options.stage = hs::VolumeConvertStage::level0_shards;
  options.shard_begin = 20;
  options.shard_end = 21;
  REQUIRE(hs::convert_volume(inputs, store, options).ok());
  options.stage = hs::VolumeConvertStage::finalize;
  REQUIRE(hs::convert_volume(inputs, store, options).ok());
}

TEST_CASE("volume convert: odd shard edges and shards too large to hold are refused", "[volume_convert]") {
  auto volume = noisy_volume({5, 5, 5}, 1, "small.raw");
  hs::MemoryStore store;
  hs::VolumeConvertOptions options;
  options.brick = 3;
  options.bricks_per_shard = 1;
  auto odd = hs::convert_volume({{volume.get()}}, store, options);
  REQUIRE_FALSE(odd.ok());
  CHECK_THAT(odd.error().message,
             Catch::Contains("shard edge") && Catch::Contains("3 voxels") && Catch::Contains("must be even"));
  options.brick = 1024;
  options.bricks_per_shard = 2;  // 2048³ float32: 32 GiB per shard
  auto huge = hs::convert_volume({{volume.get()}}, store, options);
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == hs::ErrorCode::limit);
  options.bricks_per_shard = std::uint64_t{1} << 60;  // brick × bricks overflows 64 bits
  CHECK_FALSE(hs::convert_volume({{volume.get()}}, store, options).ok());
}

TEST_CASE("volume convert: level 0 is read once, in shard-high y-bands, in quadtree order",
          "[volume_convert]") {
  // 12 × 20 × 6 voxels with shards of 4: 3 rows along z, 5 along y.
  RecordingReader reader(noisy_volume({12, 20, 6}, 5, "tall.raw"));
  hs::VolumeConvertOptions options;
  options.brick = 2;
  options.bricks_per_shard = 2;
  std::atomic<bool> cancel{false};
  hs::MemoryStore store;
  REQUIRE(hs::convert_volume({{&reader}}, store, options).ok());
  // The expected order: rows (zr, yr) sorted by their Morton code, z bits above y bits, which is
  // the order of a quadtree whose cells are visited z-major.
  const auto morton = [](std::uint64_t zr, std::uint64_t yr) {
    std::uint64_t code = 0;
    for (int bit = 0; bit < 16; ++bit) {
      code |= ((yr >> bit) & 1) << (2 * bit);
      code |= ((zr >> bit) & 1) << (2 * bit + 1);
    }
    return code;
  };
  std::vector<std::pair<std::uint64_t, std::uint64_t>> rows;
  for (std::uint64_t zr = 0; zr < 3; ++zr)
    for (std::uint64_t yr = 0; yr < 5; ++yr) rows.emplace_back(zr, yr);
  std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return morton(a.first, a.second) < morton(b.first, b.second);
  });
  REQUIRE(reader.blocks.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("read " << i);
    CHECK(reader.blocks[i].z0 == rows[i].first * 4);
    CHECK(reader.blocks[i].y0 == rows[i].second * 4);
    CHECK(reader.blocks[i].nz == 4);
    CHECK(reader.blocks[i].ny == 4);
  }

  // Cancelling stops between rows.
  reader.blocks.clear();
  options.cancel = &cancel;
  options.progress = [&](double) { cancel = true; };
  hs::MemoryStore cancelled;
  auto stopped = hs::convert_volume({{&reader}}, cancelled, options);
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().message == "convert: cancelled");
  CHECK(reader.blocks.size() == 1);
}

namespace {

// A memory store that notes which threads write to it.
class ThreadNotingStore final : public hs::WritableStore {
 public:
  hs::Result<std::optional<hs::Bytes>> get(std::string_view key) override { return inner_.get(key); }
  hs::Result<std::optional<std::vector<hs::Bytes>>> get_ranges(std::string_view key,
                                                              std::span<const hs::ByteRange> ranges) override {
    return inner_.get_ranges(key, ranges);
  }
  hs::Result<std::optional<std::uint64_t>> size(std::string_view key) override { return inner_.size(key); }
  std::string describe(std::string_view key) const override { return inner_.describe(key); }
  hs::Status set(std::string_view key, hs::ByteView value) override {
    note();
    return inner_.set(key, value);
  }
  hs::Status erase(std::string_view key) override {
    note();
    return inner_.erase(key);
  }
  std::set<std::thread::id> writers() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return writers_;
  }

 private:
  void note() {
    const std::lock_guard<std::mutex> lock(mutex_);
    writers_.insert(std::this_thread::get_id());
  }
  hs::MemoryStore inner_;
  std::mutex mutex_;
  std::set<std::thread::id> writers_;
};

}  // namespace

TEST_CASE("volume convert: no more threads start than the memory budget holds", "[volume_convert]") {
  auto volume = noisy_volume({13, 10, 9}, 11, "v.raw");  // shards of 4³ float32: 256 bytes
  hs::VolumeConvertOptions options;
  options.brick = 2;
  options.bricks_per_shard = 2;
  options.threads = 3;
  // Rows of shards take (4·4·9 + 4·4·5 + 4·3·3 + 2·2·2) floats = 1072 bytes (levels 13×10×9,
  // 7×5×5, 4×3×3, 2×2×2), a thread 4 shards = 1024 bytes: one byte short of two threads.
  options.memory_budget_bytes = 1072 + 2 * 1024 - 1;
  ThreadNotingStore tight;
  REQUIRE(hs::convert_volume({{volume.get()}}, tight, options).ok());
  CHECK(tight.writers() == std::set<std::thread::id>{std::this_thread::get_id()});  // serial
  options.memory_budget_bytes = 1072 + 2 * 1024;
  ThreadNotingStore two;
  REQUIRE(hs::convert_volume({{volume.get()}}, two, options).ok());
#ifndef __EMSCRIPTEN__
  CHECK(two.writers().size() >= 2);
  CHECK(two.writers().size() <= 3);
#endif
  options.memory_budget_bytes = 0;  // no limit: shards come from up to three workers (natively)
  ThreadNotingStore free;
  REQUIRE(hs::convert_volume({{volume.get()}}, free, options).ok());
  // This thread writes the zarr.json files in both cases.
  CHECK(free.writers().count(std::this_thread::get_id()) == 1);
#ifndef __EMSCRIPTEN__
  CHECK(free.writers().size() >= 2);
  CHECK(free.writers().size() <= 4);
#endif
}
