// Dropped files: sorting them into data file + range file, then a zip store or a conversion into memory.
#include "dataset/local_dataset.h"

#include <utility>

#include "io/ascii_case.h"
#include "io/point_reader.h"
#include "io/volume_reader.h"
#include "points/point_store_writer.h"
#include "points/range_file.h"
#include "store/memory_store.h"
#include "store/zip_store.h"
#include "volume/volume_convert.h"

namespace hs {
namespace {

Error refused(const std::string& what) { return make_error(ErrorCode::invalid_argument, what); }

Result<LocalDataset> open_points(std::unique_ptr<ByteSource> data, ByteSource* range_source,
                                 const LocalOpenOptions& options) {
  std::optional<RangeFile> ranges;
  if (range_source != nullptr) {
    auto r = read_range_file(*range_source);
    if (!r) return r.error();
    ranges = std::move(*r);
  }
  const std::string name = data->name();
  auto reader = open_point_file(std::move(data));
  if (!reader) return reader.error();
  auto store = std::make_unique<MemoryStore>(name);
  PointConvertOptions convert;
  convert.memory_budget_bytes = options.max_convert_bytes * 2;  // in memory: the browser has no disk to spill to
  convert.progress = options.progress;
  convert.cancel = options.cancel;
  auto report = convert_points(**reader, ranges ? &ranges->table : nullptr, *store, convert);
  if (!report) return report.error();
  LocalDataset out{std::move(store), name, {}};
  if (ranges) {
    for (const auto& w : ranges->warnings) out.notes.push_back(range_source->name() + ": " + w);
  }
  for (const auto& w : report->warnings) out.notes.push_back(w);
  return out;
}

Result<LocalDataset> open_volume_file(std::unique_ptr<ByteSource> data, const LocalOpenOptions& options) {
  const std::string name = data->name();
  auto reader = open_volume(std::move(data));
  if (!reader) return reader.error();
  auto store = std::make_unique<MemoryStore>(name);
  VolumeConvertOptions convert;
  convert.name = name;
  convert.progress = options.progress;
  convert.cancel = options.cancel;
  const std::vector<std::vector<VolumeReader*>> inputs = {{reader->get()}};
  auto report = convert_volume(inputs, *store, convert);
  if (!report) return report.error();
  LocalDataset out{std::move(store), name, (*reader)->info().notes};
  if (!(*reader)->info().voxel_size_nm_zyx) out.notes.push_back(name + " states no voxel size; 1 µm is assumed");
  return out;
}

}  // namespace

Result<LocalDataset> open_local_dataset(std::vector<std::unique_ptr<ByteSource>> files,
                                        const LocalOpenOptions& options) {
  std::unique_ptr<ByteSource> data;
  std::unique_ptr<ByteSource> ranges;
  for (auto& file : files) {
    const std::string& name = file->name();
    auto& slot = is_range_file_name(name) ? ranges : data;
    if (slot) {
      return refused("dropped together: " + slot->name() + " and " + name +
                     "; drop one data file (with at most one range file) at a time");
    }
    slot = std::move(file);
  }
  if (!data) {
    return refused(ranges ? ranges->name() + ": a range file alone; drop it together with its .pos/.epos/.apt file"
                          : std::string("no file was dropped"));
  }
  const std::string name = data->name();
  if (ends_with_ignoring_case(name, ".zip")) {
    if (ranges) return refused(ranges->name() + ": a range file goes with an atom probe file, not with a zip store");
    auto zip = ZipStore::open(std::move(data));
    if (!zip) return zip.error();
    return LocalDataset{std::move(*zip), name, {}};
  }
  if (data->size() > options.max_convert_bytes) {
    return make_error(ErrorCode::limit, name + ": " + std::to_string(data->size() >> 20) +
                                            " MiB is too large to convert in the browser (limit " +
                                            std::to_string(options.max_convert_bytes >> 20) +
                                            " MiB); convert it with `heteroscope convert` and open the store");
  }
  if (is_point_file_name(name)) return open_points(std::move(data), ranges.get(), options);
  if (ranges) return refused(ranges->name() + ": a range file goes with an atom probe file, not with " + name);
  return open_volume_file(std::move(data), options);
}

}  // namespace hs
