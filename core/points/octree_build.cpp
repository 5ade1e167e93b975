// Octree level-of-detail order for point clouds: a bounds pass, then a build in memory or, when
// the ions exceed the memory budget, through temporary files.
//
// Scheme
// ------
// Pass 1 streams the input once: the bounds of the finite ions (the others are counted and
// skipped) and, when all ion_count records fit the budget, the records themselves.
//
// In memory (the records of one cell in one array): a node picks its kept ions with nth_element
// and sorts them, partitions the rest in place into its 8 octants (std::partition by z, then y,
// then x leaves child c's ions in the c-th range), and recurses into its children in child order.
// Every node's rows then lie contiguous in the array in depth-first order; the ranges are listed
// per level in visiting order, which within one level is path order, and written level by level.
// nth_element and partition arrange records differently in different standard libraries, but the
// output does not depend on it: priorities are distinct, so each node's kept set is fixed by the
// definition, and its rows are sorted.
//
// Spilled: place(cell, source) handles the ions of a cell that its ancestors did not keep, read
// from `source` (the input for the root, a temporary file below):
//  - when they fit the budget: load them and build the subtree in memory as above;
//  - when the cell is at max_depth: its node keeps them all; they are sorted by selection passes,
//    each rereading the source and keeping, in a max-heap of the budget's size, the lowest
//    priorities above the highest one written so far;
//  - otherwise one streaming pass: a max-heap of node_capacity records holds the lowest priorities
//    seen so far; an ion that does not enter the heap or is evicted from it is appended to its
//    child's temporary file. At the end the heap is exactly the node's kept set and each child's
//    file holds exactly the ions of the child's cell that its ancestors did not keep. The node is
//    written and the heap freed, then place() recurses into each child in child order and deletes
//    the child's file after it.
// Breadth-first order across the whole tree: the rows of one level must come in path order, but
// subtrees finish one after the other. So a finished node's rows are appended to a temporary file
// per level, and the output is the concatenation of the level files 0, 1, 2... Within a level
// file nodes come in path order: place() visits cells depth first in child order, so of two nodes
// of one level (disjoint subtrees) the one with the smaller path finishes first; a node is written
// before its descendants, but those lie on other levels. The node entries are collected in the
// same order, so the node table comes out breadth-first too. A spilled build reads the input
// again (and again for selection passes at the root); each reread must find the same finite ions
// inside the first pass's bounds, else the build fails rather than write an inconsistent tree.
//
// Memory: in memory, 24 bytes per ion. Spilled, the largest of: the heap (node_capacity records),
// a selection pass or a subtree loaded in memory (both at most the budget), never two at once; plus
// fixed buffers: an input batch (16384 ions and records, 640 KiB), an output batch (384 KiB), 8
// child writers and up to max_depth + 1 level writers (48 KiB each); the node table; and a
// recursion of at most max_depth frames. (Measured: 2e6 ions, budget 1.9 MiB, peak 2.6 MiB.)
// Disk: the level files (all rows) plus the child files not yet visited (at most all rows).
#include "points/octree_build.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include "points/detail/octree_record.h"
#include "points/detail/record_file.h"
#include "points/splitmix64.h"

namespace hs {
namespace {

using detail::lower_priority;
using detail::OctreeRecord;
using detail::RecordFileReader;
using detail::RecordFileWriter;

// Ions per read, per write to the caller and per cancellation check.
constexpr std::size_t kBatchIons = 16384;

bool is_finite(const Ion& ion) {
  return std::isfinite(ion.x_nm) && std::isfinite(ion.y_nm) && std::isfinite(ion.z_nm) &&
         std::isfinite(ion.mass_da);
}

// One octree cell: level, path (as OctreeNode::path) and integer coordinates at its level.
struct Cell {
  int level = 0;
  std::uint64_t path = 0;
  std::array<std::uint32_t, 3> coords{0, 0, 0};
};

Cell child_cell(const Cell& cell, int child) {
  Cell c{cell.level + 1, (cell.path << 3) | static_cast<std::uint64_t>(child), cell.coords};
  for (int axis = 0; axis < 3; ++axis)
    c.coords[axis] = 2 * c.coords[axis] + ((static_cast<unsigned>(child) >> axis) & 1u);
  return c;
}

int child_of(const OctreeMidPlanes& mid, const Ion& ion) {
  return mid.child_of(ion.x_nm, ion.y_nm, ion.z_nm);
}

// Bounds of the finite ions seen so far.
struct IonBounds {
  std::array<float, 3> low{0, 0, 0};
  std::array<float, 3> high{0, 0, 0};
  bool empty = true;

  void add(const Ion& ion) {
    const std::array<float, 3> p{ion.x_nm, ion.y_nm, ion.z_nm};
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = empty ? p[axis] : std::min(low[axis], p[axis]);
      high[axis] = empty ? p[axis] : std::max(high[axis], p[axis]);
    }
    empty = false;
  }
  bool contains(const Ion& ion) const {
    const std::array<float, 3> p{ion.x_nm, ion.y_nm, ion.z_nm};
    for (int axis = 0; axis < 3; ++axis) {
      if (!(p[axis] >= low[axis] && p[axis] <= high[axis])) return false;
    }
    return true;
  }
};

// The root cube: corner at the box's minimum, edge the largest extent, widened by the last bits
// rounding may have cost so that every ion lies inside.
OctreeCube cube_of(const IonBounds& bounds) {
  OctreeCube cube;
  for (int axis = 0; axis < 3; ++axis) {
    cube.min_nm[axis] = bounds.low[axis];
    cube.edge_nm = std::max(cube.edge_nm, double{bounds.high[axis]} - double{bounds.low[axis]});
  }
  for (int axis = 0; axis < 3; ++axis) {
    while (octree_coordinate(cube.min_nm[axis], cube.edge_nm, 1, 0) < bounds.high[axis]) {
      cube.edge_nm = std::nextafter(cube.edge_nm, std::numeric_limits<double>::infinity());
    }
  }
  return cube;
}

// Cancellation and progress: the build runs in phases, each covering a share of [0, 1].
class JobControl {
 public:
  explicit JobControl(const OctreeBuildOptions& options) : options_(options) {}

  Status check() const {
    if (options_.cancel != nullptr && options_.cancel->load()) {
      return make_error(ErrorCode::io, options_.source_name + ": octree build cancelled");
    }
    return {};
  }
  void start_phase(double begin, double end, std::uint64_t units) {
    begin_ = begin;
    end_ = end;
    units_ = units;
    done_ = 0;
    report(begin);
  }
  // Counts `units` of the phase done; an error once cancelled.
  Status advance(std::uint64_t units) {
    done_ += units;
    if (units_ > 0)
      report(begin_ + (end_ - begin_) * static_cast<double>(done_) / static_cast<double>(units_));
    return check();
  }
  void finish() { report(1.0); }

 private:
  // Reports at most about a thousand times per build.
  void report(double fraction) {
    if (!options_.progress || (fraction < reported_ + 0.001 && fraction < 1.0)) return;
    reported_ = std::min(fraction, 1.0);
    options_.progress(reported_);
  }

  const OctreeBuildOptions& options_;
  double begin_ = 0, end_ = 0, reported_ = -1;
  std::uint64_t units_ = 0, done_ = 0;
};

// A stream of records: the finite input ions with their priorities, or a temporary file.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Fills the front of `out` (not empty): the number of records, 0 at the end.
  virtual Result<std::size_t> read(std::span<OctreeRecord> out) = 0;
  virtual Status rewind() = 0;
};

// The input after pass 1, which checks that it is still what pass 1 saw.
class InputSource final : public RecordSource {
 public:
  InputSource(const IonReadFn& read, std::uint64_t ion_count, const OctreeBuildOptions& options,
              const IonBounds& bounds, std::uint64_t finite_count)
      : read_(read),
        ion_count_(ion_count),
        options_(options),
        bounds_(bounds),
        finite_count_(finite_count),
        ions_(static_cast<std::size_t>(std::min<std::uint64_t>(kBatchIons, ion_count))) {}

  Result<std::size_t> read(std::span<OctreeRecord> out) override {
    std::size_t n = 0;
    while (n == 0 && next_ < ion_count_) {
      const std::size_t count = static_cast<std::size_t>(
          std::min<std::uint64_t>(std::min<std::size_t>(out.size(), ions_.size()), ion_count_ - next_));
      const std::span<Ion> ions(ions_.data(), count);
      if (Status status = read_(next_, count, ions); !status) return status.error();
      for (std::size_t i = 0; i < count; ++i) {
        if (!is_finite(ions[i])) continue;
        if (!bounds_.contains(ions[i])) return changed("ion " + std::to_string(next_ + i) + " moved");
        out[n++] = OctreeRecord{ions[i], splitmix64(options_.seed ^ (next_ + i))};
      }
      next_ += count;
      seen_ += n;
    }
    if (next_ == ion_count_ && seen_ != finite_count_) {
      return changed("it held " + std::to_string(finite_count_) + " finite ions, then " +
                     std::to_string(seen_));
    }
    return n;
  }
  Status rewind() override {
    next_ = 0;
    seen_ = 0;
    return {};
  }

 private:
  Error changed(const std::string& what) const {
    return make_error(ErrorCode::io, options_.source_name + ": the input changed between two reads: " + what);
  }

  const IonReadFn& read_;
  std::uint64_t ion_count_;
  const OctreeBuildOptions& options_;
  IonBounds bounds_;
  std::uint64_t finite_count_;
  std::vector<Ion> ions_;
  std::uint64_t next_ = 0;  // input index of the next ion to read
  std::uint64_t seen_ = 0;  // finite ions returned since the start
};

class FileSource final : public RecordSource {
 public:
  explicit FileSource(RecordFileReader reader) : reader_(std::move(reader)) {}
  Result<std::size_t> read(std::span<OctreeRecord> out) override { return reader_.read(out); }
  Status rewind() override { return reader_.rewind(); }

 private:
  RecordFileReader reader_;
};

// Where finished nodes' rows go: appended level by level, each level in path order.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual Status append(int level, std::span<const OctreeRecord> rows) = 0;
};

// The caller's writers, fed in batches of kBatchIons rows.
class OutputSink final : public RowSink {
 public:
  OutputSink(const IonWriteFn& write, const OctreeBuildOptions& options, JobControl& job)
      : write_(write), options_(options), job_(job) {
    ions_.reserve(kBatchIons);
    if (options_.write_input_indices) indices_.reserve(kBatchIons);
  }

  Status append(int /*level*/, std::span<const OctreeRecord> rows) override {
    for (const OctreeRecord& row : rows) {
      ions_.push_back(row.ion);
      if (options_.write_input_indices) indices_.push_back(options_.seed ^ splitmix64_inverse(row.priority));
      if (ions_.size() == kBatchIons) {
        if (Status status = flush(); !status) return status;
      }
    }
    return {};
  }
  Status flush() {
    if (ions_.empty()) return {};
    if (Status status = write_(ions_); !status) return status;
    if (options_.write_input_indices) {
      if (Status status = options_.write_input_indices(indices_); !status) return status;
    }
    const std::size_t count = ions_.size();
    ions_.clear();
    indices_.clear();
    return job_.advance(count);
  }

 private:
  const IonWriteFn& write_;
  const OctreeBuildOptions& options_;
  JobControl& job_;
  std::vector<Ion> ions_;
  std::vector<std::uint64_t> indices_;
};

// One temporary file per level; copied to the output level after level at the end.
class LevelFiles final : public RowSink {
 public:
  LevelFiles(const detail::TempDirectory& directory, int max_depth, JobControl& job)
      : directory_(directory), writers_(static_cast<std::size_t>(max_depth) + 1), job_(job) {}

  Status append(int level, std::span<const OctreeRecord> rows) override {
    std::optional<RecordFileWriter>& writer = writers_[static_cast<std::size_t>(level)];
    if (!writer) {
      Result<RecordFileWriter> created =
          RecordFileWriter::create(directory_.file("level-" + std::to_string(level)));
      if (!created) return created.error();
      writer.emplace(std::move(*created));
    }
    if (Status status = writer->append(rows); !status) return status;
    return job_.advance(rows.size());
  }

  // Sends every level's rows to `out`, deleting each file after use.
  Status copy_to(OutputSink& out) {
    std::vector<OctreeRecord> batch(kBatchIons);
    for (std::size_t level = 0; level < writers_.size(); ++level) {
      std::optional<RecordFileWriter>& writer = writers_[level];
      if (!writer) continue;
      const std::string path = writer->path();
      Status closed = writer->close();
      writer.reset();
      if (!closed) return closed;
      Result<RecordFileReader> reader = RecordFileReader::open(path);
      if (!reader) return reader.error();
      for (;;) {
        Result<std::size_t> n = reader->read(batch);
        if (!n) return n.error();
        if (*n == 0) break;
        if (Status status = out.append(static_cast<int>(level), std::span(batch.data(), *n)); !status)
          return status;
      }
      std::remove(path.c_str());
    }
    return out.flush();
  }

 private:
  const detail::TempDirectory& directory_;
  std::vector<std::optional<RecordFileWriter>> writers_;
  JobControl& job_;
};

// A max-heap (by priority) of at most `limit` records: the lowest priorities offered.
class LowestPriorities {
 public:
  explicit LowestPriorities(std::size_t limit) : limit_(limit) { heap_.reserve(limit); }

  // Offers a record: nullopt if it was kept and nothing left, else the record that left (the
  // offered one or the evicted highest).
  std::optional<OctreeRecord> offer(const OctreeRecord& record) {
    if (heap_.size() < limit_) {
      heap_.push_back(record);
      std::push_heap(heap_.begin(), heap_.end(), lower_priority);
      return std::nullopt;
    }
    if (!lower_priority(record, heap_.front())) return record;
    std::pop_heap(heap_.begin(), heap_.end(), lower_priority);
    const OctreeRecord evicted = std::exchange(heap_.back(), record);
    std::push_heap(heap_.begin(), heap_.end(), lower_priority);
    return evicted;
  }
  // The kept records by increasing priority; the heap is spent.
  std::vector<OctreeRecord> take_sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), lower_priority);
    return std::move(heap_);
  }

 private:
  std::size_t limit_;
  std::vector<OctreeRecord> heap_;
};

// Partitions records in place into octants: child c's records end up in [starts[c], starts[c + 1]).
std::array<std::size_t, 9> partition_octants(std::span<OctreeRecord> records, const OctreeMidPlanes& mid) {
  using It = std::span<OctreeRecord>::iterator;
  const auto split = [&mid](It first, It last, int axis) {
    return std::partition(first, last, [&mid, axis](const OctreeRecord& r) {
      return ((child_of(mid, r.ion) >> axis) & 1) == 0;
    });
  };
  const It first = records.begin();
  const It last = records.end();
  const It z = split(first, last, 2);
  const It y0 = split(first, z, 1);
  const It y1 = split(z, last, 1);
  const std::array<It, 9> bounds{first, split(first, y0, 0), y0,  split(y0, z, 0), z, split(z, y1, 0),
                                 y1,    split(y1, last, 0),  last};
  std::array<std::size_t, 9> starts{};
  for (std::size_t i = 0; i < bounds.size(); ++i) starts[i] = static_cast<std::size_t>(bounds[i] - first);
  return starts;
}

class OctreeBuilder {
 public:
  OctreeBuilder(const OctreeBuildOptions& options, JobControl& job)
      : options_(options),
        job_(job),
        entries_(static_cast<std::size_t>(options.max_depth) + 1),
        budget_records_(
            std::min<std::uint64_t>(options.memory_budget_bytes / kOctreeBytesPerIon,
                                    std::numeric_limits<std::ptrdiff_t>::max() / kOctreeBytesPerIon)) {}

  Result<OctreeBuildResult> run(std::uint64_t ion_count, const IonReadFn& read, const IonWriteFn& write);

 private:
  // Rows [begin, begin + count) of a subtree's array hold the node at `path`.
  struct RowRange {
    std::uint64_t path = 0;
    std::size_t begin = 0;
    std::size_t count = 0;
  };
  using LevelRanges = std::vector<std::vector<RowRange>>;  // [level - subtree level]

  Status build_in_memory(std::span<OctreeRecord> records, const Cell& cell, RowSink& out);
  Status arrange(std::span<OctreeRecord> records, std::size_t offset, const Cell& cell, int base_level,
                 LevelRanges& ranges);
  Status place(RecordSource& source, std::uint64_t count, const Cell& cell, RowSink& out);
  Status load(RecordSource& source, std::uint64_t count, std::vector<OctreeRecord>& records);
  Status split_streaming(RecordSource& source, const Cell& cell, RowSink& out);
  Status select_in_passes(RecordSource& source, std::uint64_t count, const Cell& cell, RowSink& out);
  void add_node(int level, std::uint64_t path, std::uint64_t row_count);
  Error count_error(std::uint64_t expected, std::uint64_t found) const;

  const OctreeBuildOptions& options_;
  JobControl& job_;
  std::vector<std::vector<OctreeNodeEntry>> entries_;  // [level], each in path order
  std::uint64_t budget_records_;
  OctreeCube cube_;
  const detail::TempDirectory* temp_ = nullptr;  // set while spilling
  std::uint64_t overfull_nodes_ = 0;
  std::uint64_t largest_overfull_ = 0;
};

Result<OctreeBuildResult> OctreeBuilder::run(std::uint64_t ion_count, const IonReadFn& read,
                                             const IonWriteFn& write) {
  const std::string& name = options_.source_name;
  const bool load_now = ion_count <= budget_records_;

  // Pass 1: bounds, and the records when they fit.
  job_.start_phase(0, load_now ? 0.3 : 0.1, ion_count);
  std::vector<OctreeRecord> records;
  if (load_now) records.reserve(static_cast<std::size_t>(ion_count));
  IonBounds bounds;
  std::uint64_t finite_count = 0;
  std::vector<Ion> batch(static_cast<std::size_t>(std::min<std::uint64_t>(kBatchIons, ion_count)));
  for (std::uint64_t first = 0; first < ion_count; first += batch.size()) {
    const std::span<Ion> ions(
        batch.data(), static_cast<std::size_t>(std::min<std::uint64_t>(batch.size(), ion_count - first)));
    if (Status status = read(first, ions.size(), ions); !status) return status.error();
    for (std::size_t i = 0; i < ions.size(); ++i) {
      if (!is_finite(ions[i])) continue;
      bounds.add(ions[i]);
      ++finite_count;
      if (load_now) records.push_back(OctreeRecord{ions[i], splitmix64(options_.seed ^ (first + i))});
    }
    if (Status status = job_.advance(ions.size()); !status) return status.error();
  }
  std::vector<Ion>().swap(batch);

  OctreeBuildResult result;
  result.cube = cube_ = cube_of(bounds);
  result.row_count = finite_count;
  result.skipped_non_finite = ion_count - finite_count;
  OutputSink output(write, options_, job_);
  const Cell root;
  if (finite_count > 0) {
    job_.start_phase(load_now ? 0.3 : 0.1, 1.0, finite_count);
    Status placed;
    if (load_now) {
      placed = build_in_memory(records, root, output);
    } else if (finite_count <= budget_records_) {
      InputSource input(read, ion_count, options_, bounds, finite_count);
      placed = place(input, finite_count, root, output);
    } else {
      const std::uint64_t capacity_bytes = options_.node_capacity * kOctreeBytesPerIon;
      if (options_.node_capacity > budget_records_) {
        return make_error(ErrorCode::invalid_argument,
                          name + ": " + std::to_string(finite_count) +
                              " ions do not fit the memory budget of " +
                              std::to_string(options_.memory_budget_bytes) +
                              " bytes, and building through temporary files needs room for one node (" +
                              std::to_string(options_.node_capacity) + " ions, " +
                              std::to_string(capacity_bytes) + " bytes)");
      }
      Result<std::unique_ptr<detail::TempDirectory>> directory =
          detail::TempDirectory::create(options_.temp_dir);
      if (!directory) {
        return make_error(directory.error().code,
                          name + ": " + std::to_string(finite_count) +
                              " ions do not fit the memory budget: " + directory.error().message);
      }
      temp_ = directory->get();
      result.spilled = true;
      LevelFiles levels(**directory, options_.max_depth, job_);
      job_.start_phase(0.1, 0.7, finite_count);
      InputSource input(read, ion_count, options_, bounds, finite_count);
      placed = place(input, finite_count, root, levels);
      if (placed) {
        job_.start_phase(0.7, 1.0, finite_count);
        placed = levels.copy_to(output);
      }
      temp_ = nullptr;
    }
    if (placed) placed = output.flush();
    if (!placed) return placed.error();
  }

  std::vector<OctreeNodeEntry> entries;
  for (const std::vector<OctreeNodeEntry>& level : entries_)
    entries.insert(entries.end(), level.begin(), level.end());
  result.nodes = assemble_octree_nodes(entries, cube_);
  result.overfull_node_count = overfull_nodes_;
  if (result.skipped_non_finite > 0) {
    result.notes.push_back(name + ": " + std::to_string(result.skipped_non_finite) + " of " +
                           std::to_string(ion_count) +
                           " ions skipped: a coordinate or the mass is NaN or infinite");
  }
  if (overfull_nodes_ > 0) {
    result.notes.push_back(name + ": " + std::to_string(overfull_nodes_) + " node(s) at the maximum depth " +
                           std::to_string(options_.max_depth) + " hold more than " +
                           std::to_string(options_.node_capacity) + " ions (the largest " +
                           std::to_string(largest_overfull_) + "): many ions share nearly one position");
  }
  job_.finish();
  return result;
}

Status OctreeBuilder::build_in_memory(std::span<OctreeRecord> records, const Cell& cell, RowSink& out) {
  LevelRanges ranges(static_cast<std::size_t>(options_.max_depth - cell.level) + 1);
  if (Status status = arrange(records, 0, cell, cell.level, ranges); !status) return status;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const int level = cell.level + static_cast<int>(i);
    for (const RowRange& range : ranges[i]) {
      if (Status status = out.append(level, records.subspan(range.begin, range.count)); !status)
        return status;
      add_node(level, range.path, range.count);
    }
  }
  return {};
}

Status OctreeBuilder::arrange(std::span<OctreeRecord> records, std::size_t offset, const Cell& cell,
                              int base_level, LevelRanges& ranges) {
  if (Status status = job_.check(); !status) return status;
  const bool leaf = records.size() <= options_.node_capacity || cell.level == options_.max_depth;
  const std::size_t kept = leaf ? records.size() : static_cast<std::size_t>(options_.node_capacity);
  const auto kept_end = records.begin() + static_cast<std::ptrdiff_t>(kept);
  if (!leaf) std::nth_element(records.begin(), kept_end, records.end(), lower_priority);
  std::sort(records.begin(), kept_end, lower_priority);
  ranges[static_cast<std::size_t>(cell.level - base_level)].push_back(RowRange{cell.path, offset, kept});
  if (leaf) return {};

  const std::span<OctreeRecord> rest = records.subspan(kept);
  const std::array<std::size_t, 9> starts =
      partition_octants(rest, octree_mid_planes(cube_, cell.coords, cell.level));
  for (int child = 0; child < 8; ++child) {
    const std::size_t begin = starts[static_cast<std::size_t>(child)];
    const std::size_t end = starts[static_cast<std::size_t>(child) + 1];
    if (begin == end) continue;
    Status status = arrange(rest.subspan(begin, end - begin), offset + kept + begin, child_cell(cell, child),
                            base_level, ranges);
    if (!status) return status;
  }
  return {};
}

Status OctreeBuilder::place(RecordSource& source, std::uint64_t count, const Cell& cell, RowSink& out) {
  if (count <= budget_records_) {
    std::vector<OctreeRecord> records;
    if (Status status = load(source, count, records); !status) return status;
    return build_in_memory(records, cell, out);
  }
  if (cell.level == options_.max_depth) return select_in_passes(source, count, cell, out);
  return split_streaming(source, cell, out);
}

Status OctreeBuilder::load(RecordSource& source, std::uint64_t count, std::vector<OctreeRecord>& records) {
  records.resize(static_cast<std::size_t>(count));
  std::size_t loaded = 0;
  while (loaded < records.size()) {
    Result<std::size_t> n =
        source.read(std::span(records).subspan(loaded, std::min(kBatchIons, records.size() - loaded)));
    if (!n) return n.error();
    if (*n == 0) return count_error(count, loaded);
    loaded += *n;
    if (Status status = job_.check(); !status) return status;
  }
  // The source must end here: a spare batch must come back empty.
  std::vector<OctreeRecord> spare(kBatchIons);
  Result<std::size_t> n = source.read(spare);
  if (!n) return n.error();
  return *n == 0 ? Status{} : Status{count_error(count, loaded + *n)};
}

Status OctreeBuilder::split_streaming(RecordSource& source, const Cell& cell, RowSink& out) {
  const OctreeMidPlanes mid = octree_mid_planes(cube_, cell.coords, cell.level);
  std::array<std::optional<RecordFileWriter>, 8> children;
  std::vector<OctreeRecord> kept;
  {
    LowestPriorities heap(static_cast<std::size_t>(options_.node_capacity));
    std::vector<OctreeRecord> batch(kBatchIons);
    for (;;) {
      Result<std::size_t> n = source.read(batch);
      if (!n) return n.error();
      if (*n == 0) break;
      for (std::size_t i = 0; i < *n; ++i) {
        const std::optional<OctreeRecord> left = heap.offer(batch[i]);
        if (!left) continue;
        const int child = child_of(mid, left->ion);
        std::optional<RecordFileWriter>& writer = children[static_cast<std::size_t>(child)];
        if (!writer) {
          const Cell c = child_cell(cell, child);
          Result<RecordFileWriter> created = RecordFileWriter::create(
              temp_->file("node-" + std::to_string(c.level) + "-" + std::to_string(c.path)));
          if (!created) return created.error();
          writer.emplace(std::move(*created));
        }
        if (Status status = writer->append(*left); !status) return status;
      }
      if (Status status = job_.check(); !status) return status;
    }
    kept = heap.take_sorted();
  }
  if (Status status = out.append(cell.level, kept); !status) return status;
  add_node(cell.level, cell.path, kept.size());
  std::vector<OctreeRecord>().swap(kept);

  std::array<std::uint64_t, 8> counts{};
  std::array<std::string, 8> paths;
  for (std::size_t child = 0; child < 8; ++child) {
    if (!children[child]) continue;
    counts[child] = children[child]->record_count();
    paths[child] = children[child]->path();
    if (Status status = children[child]->close(); !status) return status;
    children[child].reset();
  }
  for (std::size_t child = 0; child < 8; ++child) {
    if (counts[child] == 0) continue;
    Result<RecordFileReader> reader = RecordFileReader::open(paths[child]);
    if (!reader) return reader.error();
    FileSource child_source(std::move(*reader));
    if (Status status = place(child_source, counts[child], child_cell(cell, static_cast<int>(child)), out);
        !status) {
      return status;
    }
    std::remove(paths[child].c_str());
  }
  return {};
}

Status OctreeBuilder::select_in_passes(RecordSource& source, std::uint64_t count, const Cell& cell,
                                       RowSink& out) {
  std::vector<OctreeRecord> batch(kBatchIons);
  std::uint64_t written = 0;
  std::optional<std::uint64_t> highest_written;
  while (written < count) {
    if (Status status = source.rewind(); !status) return status;
    LowestPriorities heap(static_cast<std::size_t>(budget_records_));
    for (;;) {
      Result<std::size_t> n = source.read(batch);
      if (!n) return n.error();
      if (*n == 0) break;
      for (std::size_t i = 0; i < *n; ++i) {
        if (!highest_written || batch[i].priority > *highest_written) (void)heap.offer(batch[i]);
      }
      if (Status status = job_.check(); !status) return status;
    }
    const std::vector<OctreeRecord> lowest = heap.take_sorted();
    if (lowest.empty()) return count_error(count, written);
    if (Status status = out.append(cell.level, lowest); !status) return status;
    written += lowest.size();
    highest_written = lowest.back().priority;
  }
  add_node(cell.level, cell.path, count);
  return {};
}

void OctreeBuilder::add_node(int level, std::uint64_t path, std::uint64_t row_count) {
  entries_[static_cast<std::size_t>(level)].push_back(
      OctreeNodeEntry{static_cast<std::uint32_t>(level), path, row_count});
  if (row_count > options_.node_capacity) {
    ++overfull_nodes_;
    largest_overfull_ = std::max(largest_overfull_, row_count);
  }
}

Error OctreeBuilder::count_error(std::uint64_t expected, std::uint64_t found) const {
  return make_error(ErrorCode::io, options_.source_name + ": the octree build expected " +
                                       std::to_string(expected) + " ions in a pass but found " +
                                       std::to_string(found) + ": the input or a temporary file changed");
}

}  // namespace

Result<OctreeBuildResult> build_octree(std::uint64_t ion_count, const IonReadFn& read,
                                       const IonWriteFn& write, const OctreeBuildOptions& options) {
  if (options.node_capacity == 0) {
    return make_error(ErrorCode::invalid_argument,
                      options.source_name + ": the octree node capacity must be at least 1");
  }
  if (options.max_depth < 0 || options.max_depth > kMaxOctreeDepth) {
    return make_error(ErrorCode::invalid_argument, options.source_name + ": octree depth " +
                                                       std::to_string(options.max_depth) + " is outside 0.." +
                                                       std::to_string(kMaxOctreeDepth));
  }
  JobControl job(options);
  OctreeBuilder builder(options, job);
  return builder.run(ion_count, read, write);
}

}  // namespace hs
