// Atom probe file -> point store: octree order streamed into sharded row arrays, then the node
// table, the spectrum and the group attributes.
#include "points/point_store_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "points/octree_build.h"
#include "points/point_store.h"
#include "store/fill_value.h"
#include "store/group_metadata.h"
#include "store/writer_profile.h"
#include "store/zarr_writer.h"

namespace hs {
namespace {

// Ions fetched per read when gathering EPOS fields by input index: a run of sorted indices is read
// in one call while it spans at most kFieldRunIons ions and no gap exceeds kFieldGapIons.
constexpr std::uint64_t kFieldRunIons = 4096;
constexpr std::uint64_t kFieldGapIons = 256;
// Largest shard of a row array the options may ask for (rows).
constexpr std::uint64_t kMaxShardRows = std::uint64_t{1} << 24;

Result<ZarrArray> create_sharded(WritableStore& out, std::string_view path, DataType type,
                                 std::vector<std::uint64_t> shape, std::vector<std::uint64_t> shard_shape,
                                 std::vector<std::uint64_t> brick_shape, std::vector<std::optional<std::string>> names,
                                 int zstd_level, json::Object attributes = {}) {
  ArrayMetadata m;
  m.shape = std::move(shape);
  m.data_type = type;
  m.chunk_shape = std::move(shard_shape);
  auto fill = parse_fill_value(json::Value(0), type, "fill value");
  if (!fill) return fill.error();
  m.fill_value = std::move(*fill);
  m.codecs = sharded_codecs_json(type, brick_shape, zstd_level);
  m.dimension_names = std::move(names);
  m.attributes = std::move(attributes);
  return create_array(out, path, m);
}

// One row array being filled shard by shard: `columns` elements of `element_bytes` per row.
class RowArrayWriter {
 public:
  RowArrayWriter(std::string name, DataType type, std::uint64_t columns) : name_(std::move(name)), type_(type), columns_(columns) {}

  // Creates the array for up to `rows` rows (its shape is set again by finish()).
  Status create(WritableStore& out, std::uint64_t rows, const PointConvertOptions& options) {
    out_ = &out;
    options_ = &options;
    shard_rows_ = options.brick_rows * options.bricks_per_shard;
    auto array = create_sharded(out, name_, type_, shape(rows), chunk(shard_rows_), chunk(options.brick_rows),
                                names(), options.zstd_level);
    if (!array) return array.error();
    array_.emplace(std::move(*array));
    return {};
  }

  // Appends `rows` rows of native-endian elements.
  Status append(const void* data, std::uint64_t rows) {
    const std::size_t row_bytes = static_cast<std::size_t>(columns_ * data_type_size(type_));
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    while (rows > 0) {
      if (buffer_.empty()) buffer_.assign(static_cast<std::size_t>(shard_rows_) * row_bytes, 0);
      const std::uint64_t n = std::min(rows, shard_rows_ - buffered_);
      std::memcpy(buffer_.data() + buffered_ * row_bytes, bytes, static_cast<std::size_t>(n) * row_bytes);
      bytes += n * row_bytes;
      rows -= n;
      buffered_ += n;
      if (buffered_ == shard_rows_) {
        if (Status s = flush(); !s) return s;
      }
    }
    return {};
  }

  // Writes the last partial shard and the array's final shape.
  Status finish() {
    if (Status s = flush(); !s) return s;
    Bytes().swap(buffer_);
    auto array = create_sharded(*out_, name_, type_, shape(rows_), chunk(shard_rows_), chunk(options_->brick_rows),
                                names(), options_->zstd_level);
    return array ? Status{} : Status{array.error()};
  }

  std::uint64_t shards_written() const { return shards_; }

 private:
  Status flush() {
    if (buffered_ == 0) return {};
    std::fill(buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_ * columns_ * data_type_size(type_)), buffer_.end(), 0);
    const std::vector<std::uint64_t> coords = columns_ == 1 ? std::vector<std::uint64_t>{shard_}
                                                            : std::vector<std::uint64_t>{shard_, 0};
    if (Status s = write_chunk(*out_, *array_, coords, buffer_); !s) return s;
    rows_ += buffered_;
    buffered_ = 0;
    ++shard_;
    ++shards_;
    return {};
  }
  std::vector<std::uint64_t> shape(std::uint64_t rows) const {
    return columns_ == 1 ? std::vector<std::uint64_t>{rows} : std::vector<std::uint64_t>{rows, columns_};
  }
  std::vector<std::uint64_t> chunk(std::uint64_t rows) const { return shape(rows); }
  std::vector<std::optional<std::string>> names() const {
    return columns_ == 1 ? std::vector<std::optional<std::string>>{"row"}
                         : std::vector<std::optional<std::string>>{"row", "xyz"};
  }

  std::string name_;
  DataType type_;
  std::uint64_t columns_;
  WritableStore* out_ = nullptr;
  const PointConvertOptions* options_ = nullptr;
  std::uint64_t shard_rows_ = 0;
  std::optional<ZarrArray> array_;
  Bytes buffer_;
  std::uint64_t buffered_ = 0, rows_ = 0, shard_ = 0, shards_ = 0;
};

// The data of optional field `f` (kPointFields order) in a batch.
const void* field_data(const IonBatch& batch, std::size_t f) {
  switch (f) {
    case 0: return batch.tof_ns.data();
    case 1: return batch.vdc_v.data();
    case 2: return batch.vpulse_v.data();
    case 3: return batch.det_x_mm.data();
    case 4: return batch.det_y_mm.data();
    case 5: return batch.delta_pulse.data();
    default: return batch.multiplicity.data();
  }
}

// Copies field `f` of batch `from` at `i` to `to` at `j`.
void copy_field(const IonBatch& from, std::size_t i, IonBatch& to, std::size_t j, std::size_t f) {
  switch (f) {
    case 0: to.tof_ns[j] = from.tof_ns[i]; break;
    case 1: to.vdc_v[j] = from.vdc_v[i]; break;
    case 2: to.vpulse_v[j] = from.vpulse_v[i]; break;
    case 3: to.det_x_mm[j] = from.det_x_mm[i]; break;
    case 4: to.det_y_mm[j] = from.det_y_mm[i]; break;
    case 5: to.delta_pulse[j] = from.delta_pulse[i]; break;
    default: to.multiplicity[j] = from.multiplicity[i]; break;
  }
}

// Mass spectrum and per-species counts, accumulated over the written rows.
struct MassStatistics {
  std::vector<std::uint64_t> bins;
  std::uint64_t outside = 0;
  IonCounts counts;
  float min_mass = std::numeric_limits<float>::infinity();
  float max_mass = -std::numeric_limits<float>::infinity();
  std::array<float, 3> low{}, high{};
  std::uint64_t rows = 0;
};

class Converter {
 public:
  Converter(PointReader& reader, const RangeTable* ranges, WritableStore& out, const PointConvertOptions& options)
      : reader_(reader), ranges_(ranges), out_(out), options_(options), info_(reader.info()) {
    stats_.counts.per_ion.assign(ranges ? ranges->ions.size() : 0, 0);
  }

  Result<PointConvertReport> run() {
    if (Status s = check_options(); !s) return s.error();
    PointConvertReport report;
    if (ranges_) report.warnings = overlap_warnings(*ranges_);

    arrays_.emplace_back(std::string(kPositionArray), DataType::float32, 3);
    arrays_.emplace_back(std::string(kMassArray), DataType::float32, 1);
    for (std::size_t f = 0; f < kPointFields.size(); ++f) {
      if (!(info_.fields.*kPointFields[f].present)) continue;
      field_indices_.push_back(f);
      arrays_.emplace_back(std::string(kPointFields[f].name), kPointFields[f].type, 1);
    }
    for (RowArrayWriter& array : arrays_) {
      if (Status s = array.create(out_, info_.ion_count, options_); !s) return s.error();
    }

    OctreeBuildOptions octree;
    octree.node_capacity = options_.node_capacity;
    octree.max_depth = options_.max_depth;
    octree.seed = options_.seed;
    octree.memory_budget_bytes = options_.memory_budget_bytes;
    octree.temp_dir = options_.temp_dir;
    octree.source_name = info_.source;
    octree.progress = options_.progress;
    octree.cancel = options_.cancel;
    if (!field_indices_.empty()) {
      octree.write_input_indices = [this](std::span<const std::uint64_t> indices) { return write_fields(indices); };
    }
    IonBatch read_batch;
    const IonReadFn read = [&](std::uint64_t first, std::uint64_t count, std::span<Ion> ions) -> Status {
      if (Status s = reader_.read(first, count, read_batch); !s) return s;
      for (std::size_t i = 0; i < ions.size(); ++i) {
        ions[i] = Ion{read_batch.x_nm[i], read_batch.y_nm[i], read_batch.z_nm[i], read_batch.mass_da[i]};
      }
      return {};
    };
    const IonWriteFn write = [this](std::span<const Ion> rows) { return write_rows(rows); };
    auto built = build_octree(info_.ion_count, read, write, octree);
    if (!built) return built.error();
    for (RowArrayWriter& array : arrays_) {
      if (Status s = array.finish(); !s) return s.error();
      report.shards_written += array.shards_written();
    }
    if (Status s = write_nodes(*built); !s) return s.error();
    if (Status s = write_spectrum(); !s) return s.error();

    report.ion_count = built->row_count;
    report.skipped_non_finite = built->skipped_non_finite;
    report.node_count = built->nodes.size();
    for (const OctreeNode& node : built->nodes) report.depth = std::max(report.depth, static_cast<int>(node.level));
    report.notes = info_.notes;
    report.notes.insert(report.notes.end(), built->notes.begin(), built->notes.end());
    report.notes.insert(report.notes.end(), report.warnings.begin(), report.warnings.end());
    if (stats_.outside > 0) {
      report.notes.push_back(info_.source + ": " + std::to_string(stats_.outside) +
                             " ions have a mass below 0 or from " + std::to_string(static_cast<int>(kMaxSpectrumMassDa)) +
                             " Da up and are left out of the spectrum");
    }
    if (Status s = write_group_attributes(*built, report); !s) return s.error();
    return report;
  }

 private:
  Status check_options() const {
    const auto fail = [&](const std::string& what) {
      return Status{make_error(ErrorCode::invalid_argument, info_.source + ": " + what)};
    };
    if (options_.brick_rows == 0 || options_.bricks_per_shard == 0 || options_.brick_rows > kMaxShardRows ||
        options_.bricks_per_shard > kMaxShardRows / options_.brick_rows) {
      return fail("rows per brick and bricks per shard must be at least 1, and a shard at most 2^24 rows");
    }
    if (options_.seed >= kMaxJsonInteger) return fail("the octree seed must be below 2^53");
    if (options_.node_capacity >= kMaxJsonInteger) return fail("the node capacity must be below 2^53");
    if (info_.ion_count >= kMaxJsonInteger) return fail("too many ions");
    if (ranges_) return validate_range_table(*ranges_, info_.source + ": range table");
    return {};
  }

  Status write_rows(std::span<const Ion> rows) {
    positions_.clear();
    masses_.clear();
    for (const Ion& ion : rows) {
      positions_.insert(positions_.end(), {ion.x_nm, ion.y_nm, ion.z_nm});
      masses_.push_back(ion.mass_da);
      add_statistics(ion);
    }
    if (ranges_) {
      const IonCounts counts = count_ions(*ranges_, masses_);
      for (std::size_t i = 0; i < counts.per_ion.size(); ++i) stats_.counts.per_ion[i] += counts.per_ion[i];
      stats_.counts.unranged += counts.unranged;
    }
    if (Status s = arrays_[0].append(positions_.data(), rows.size()); !s) return s;
    return arrays_[1].append(masses_.data(), rows.size());
  }

  void add_statistics(const Ion& ion) {
    const std::array<float, 3> p{ion.x_nm, ion.y_nm, ion.z_nm};
    for (int axis = 0; axis < 3; ++axis) {
      stats_.low[axis] = stats_.rows == 0 ? p[axis] : std::min(stats_.low[axis], p[axis]);
      stats_.high[axis] = stats_.rows == 0 ? p[axis] : std::max(stats_.high[axis], p[axis]);
    }
    ++stats_.rows;
    stats_.min_mass = std::min(stats_.min_mass, ion.mass_da);
    stats_.max_mass = std::max(stats_.max_mass, ion.mass_da);
    const double scaled = static_cast<double>(ion.mass_da) * kSpectrumBinsPerDa;
    if (!(ion.mass_da >= 0) || !(ion.mass_da < kMaxSpectrumMassDa)) {
      ++stats_.outside;
      return;
    }
    const auto bin = static_cast<std::size_t>(scaled);
    if (bin >= stats_.bins.size()) {
      // Bins up to the next whole Da: 100 × (floor(mass) + 1).
      const auto whole = static_cast<std::size_t>(std::floor(ion.mass_da)) + 1;
      stats_.bins.resize(std::max(bin + 1, whole * static_cast<std::size_t>(kSpectrumBinsPerDa)), 0);
    }
    ++stats_.bins[bin];
  }

  // Gathers the optional fields of the input ions `indices` (the rows just written) and appends them.
  Status write_fields(std::span<const std::uint64_t> indices) {
    const std::size_t n = indices.size();
    fields_.resize(n, info_.fields);
    order_.resize(n);
    for (std::size_t i = 0; i < n; ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return indices[a] < indices[b]; });
    for (std::size_t k = 0; k < n;) {
      const std::uint64_t first = indices[order_[k]];
      std::size_t end = k + 1;
      while (end < n && indices[order_[end]] - first < kFieldRunIons &&
             indices[order_[end]] - indices[order_[end - 1]] <= kFieldGapIons) {
        ++end;
      }
      const std::uint64_t count = indices[order_[end - 1]] - first + 1;
      if (Status s = reader_.read(first, count, scratch_); !s) return s;
      for (std::size_t j = k; j < end; ++j) {
        const auto at = static_cast<std::size_t>(indices[order_[j]] - first);
        for (const std::size_t f : field_indices_) copy_field(scratch_, at, fields_, order_[j], f);
      }
      k = end;
    }
    for (std::size_t a = 0; a < field_indices_.size(); ++a) {
      if (Status s = arrays_[2 + a].append(field_data(fields_, field_indices_[a]), n); !s) return s;
    }
    return {};
  }

  Status write_nodes(const OctreeBuildResult& built) {
    const std::vector<double> values = encode_node_table(built.nodes);
    json::Array columns;
    for (const std::string_view c : kNodeColumns) columns.emplace_back(std::string(c));
    const std::uint64_t count = built.nodes.size();
    auto array = create_sharded(out_, kNodesArray, DataType::float64, {count, kNodeColumnCount},
                                {kNodeShardRows, kNodeColumnCount}, {kNodeBrickRows, kNodeColumnCount},
                                {"node", "column"}, options_.zstd_level,
                                json::Object{{"columns", json::Value(std::move(columns))}});
    if (!array) return array.error();
    std::vector<double> shard(kNodeShardRows * kNodeColumnCount);
    for (std::uint64_t first = 0; first < count; first += kNodeShardRows) {
      const std::uint64_t n = std::min(kNodeShardRows, count - first);
      std::fill(shard.begin(), shard.end(), 0.0);
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(first * kNodeColumnCount),
                  static_cast<std::ptrdiff_t>(n * kNodeColumnCount), shard.begin());
      const std::array<std::uint64_t, 2> coords = {first / kNodeShardRows, 0};
      const ByteView bytes(reinterpret_cast<const std::uint8_t*>(shard.data()), shard.size() * sizeof(double));
      if (Status s = write_chunk(out_, *array, coords, bytes); !s) return s;
    }
    return {};
  }

  Status write_spectrum() {
    const std::uint64_t count = stats_.bins.size();
    const std::uint64_t shard_bins = kPointShardRows;
    json::Object attributes{{"bin_width_da", json::Value(kSpectrumBinWidthDa)},
                            {"origin_da", json::Value(0)},
                            {"outside_count", json::Value(static_cast<double>(stats_.outside))}};
    auto array = create_sharded(out_, kSpectrumArray, DataType::uint64, {count}, {shard_bins}, {kPointBrickRows},
                                {"bin"}, options_.zstd_level, std::move(attributes));
    if (!array) return array.error();
    std::vector<std::uint64_t> shard(static_cast<std::size_t>(shard_bins));
    for (std::uint64_t first = 0; first < count; first += shard_bins) {
      const std::uint64_t n = std::min(shard_bins, count - first);
      std::fill(shard.begin(), shard.end(), 0);
      std::copy_n(stats_.bins.begin() + static_cast<std::ptrdiff_t>(first), static_cast<std::ptrdiff_t>(n), shard.begin());
      const std::array<std::uint64_t, 1> coords = {first / shard_bins};
      const ByteView bytes(reinterpret_cast<const std::uint8_t*>(shard.data()), shard.size() * sizeof(std::uint64_t));
      if (Status s = write_chunk(out_, *array, coords, bytes); !s) return s;
    }
    return {};
  }

  Status write_group_attributes(const OctreeBuildResult& built, const PointConvertReport& report) {
    PointStoreAttributes a;
    a.ion_count = built.row_count;
    if (stats_.rows > 0) {
      a.bounds_nm = std::array<std::array<double, 3>, 2>{
          std::array<double, 3>{stats_.low[0], stats_.low[1], stats_.low[2]},
          std::array<double, 3>{stats_.high[0], stats_.high[1], stats_.high[2]}};
      a.mass_range_da = std::array<double, 2>{stats_.min_mass, stats_.max_mass};
    }
    for (const std::size_t f : field_indices_) a.fields.emplace_back(kPointFields[f].name);
    if (ranges_) a.ranges = *ranges_;
    a.species_counts = stats_.counts.per_ion;
    a.unranged_count = ranges_ ? stats_.counts.unranged : built.row_count;
    a.node_capacity = options_.node_capacity;
    a.max_depth = options_.max_depth;
    a.seed = options_.seed;
    a.cube = built.cube;
    a.source = info_.source;
    a.notes = report.notes;
    GroupMetadata group;
    group.attributes = json::Object{{"heteroscope", point_store_attributes_to_json(a)}};
    return write_group(out_, "", group);
  }

  PointReader& reader_;
  const RangeTable* ranges_;
  WritableStore& out_;
  const PointConvertOptions& options_;
  const PointFileInfo& info_;
  std::vector<RowArrayWriter> arrays_;  // position, mass, then the fields in field_indices_ order
  std::vector<std::size_t> field_indices_;
  MassStatistics stats_;
  std::vector<float> positions_, masses_;  // one write batch
  IonBatch fields_, scratch_;
  std::vector<std::size_t> order_;
};

}  // namespace

Result<PointConvertReport> convert_points(PointReader& reader, const RangeTable* ranges, WritableStore& out,
                                          const PointConvertOptions& options) {
  Converter converter(reader, ranges, out, options);
  return converter.run();
}

}  // namespace hs
