// `heteroscope convert`: volume files -> sharded OME-Zarr image, atom probe files -> point store
// (DESIGN.md writer profile).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "args.h"
#include "cli.h"
#include "io/point_reader.h"
#include "points/point_store.h"
#include "points/point_store_writer.h"
#include "points/range_file.h"
#include "progress.h"
#include "store/filesystem_store.h"
#include "volume/volume_convert.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope convert INPUT... -o OUT.zarr [options]\n"
    "       heteroscope convert RUN.pos|.epos|.apt|.ato [RANGES.rrng|.rng] -o OUT.zarr [options]\n\n"
    "Converts volume files (MRC/MAP, TIFF stacks, NPY, raw, HDF5/EMD) into a sharded, zstd-\n"
    "compressed OME-Zarr 0.5 image with a multiscale pyramid. Several inputs become channels\n"
    "(--channels) or time points (--time), time-major: t0c0 t0c1 ... t1c0 ...\n"
    "An atom probe file becomes a point store: ions in octree level-of-detail order, the node\n"
    "table, the mass spectrum and, from a range file, the ranges and counts per species.\n\n"
    "A huge volume can be converted by several jobs (e.g. a Slurm array): each runs the same\n"
    "command with --shards I:J for its range of level-0 shards, then one run with --finalize\n"
    "builds the pyramid and writes the metadata. The store is the same as one plain run's.\n\n"
    "Options:\n"
    "  -o, --output DIR          output store (a folder, conventionally NAME.zarr)\n"
    "  --force                   empty an existing store at DIR first (only a folder with a zarr.json)\n"
    "  --shards I:J              write only level-0 shards I .. J-1 (C order over t,c,z,y,x) and no\n"
    "                            metadata; prints how many shards there are in all (0:0 just counts)\n"
    "  --finalize                after every --shards job: build levels 1.. from the stored level 0\n"
    "                            and write the metadata (same inputs and options as the jobs)\n"
    "  --threads N               threads compressing shards (default: one per core, as many as\n"
    "                            --memory allows)\n"
    "  --memory MIB              memory budget in MiB (default 1024; 0: no limit); each thread\n"
    "                            needs up to about four shards beside the rows being converted\n"
    "  --ranges FILE             range file (RRNG or RNG) of an atom probe input\n"
    "  --capacity N              ions per octree node before it splits (default 65536)\n"
    "  --seed N                  seed of the octree's random order (default 0, below 2^53)\n"
    "  --channels A,B,...        channel labels (one per channel)\n"
    "  --time P,Q,...            time-point labels (one per time point)\n"
    "  --voxel-size V|Z,Y,X      voxel size in --unit (overrides the file header)\n"
    "  --unit um|nm|A|mm         unit of the voxel size and of the output axes (default um)\n"
    "  --shape Z,Y,X --dtype T   raw input layout (T: uint8 ... float64); --big-endian,\n"
    "  --header-bytes N          bytes to skip at the start of a raw file\n"
    "  --dataset PATH            HDF5 dataset (default: tomviz EMD /data/tomography/data)\n"
    "  --quantity NAME           what the values are, e.g. \"lattice parameter\"\n"
    "  --value-unit U            their unit, e.g. Å\n"
    "  --no-data V               value meaning 'no measurement' (e.g. 0 in refined XRD-CT maps)\n"
    "  --range LO:HI             characteristic range of the values (e.g. 8.076:8.145)\n"
    "  --method mean|mean-no-data|mode   pyramid reduction (default mean; mean-no-data when\n"
    "                            --no-data is given; mode for labels)\n"
    "  --zstd-level N            compression level (default 3)\n"
    "  --brick N                 brick edge in voxels (default 64)\n"
    "  --shard-bricks N          shard edge in bricks (default 4)\n";

const std::map<std::string, std::string, std::less<>> kUnits = {
    {"um", "micrometer"}, {"µm", "micrometer"}, {"nm", "nanometer"}, {"A", "angstrom"},
    {"Å", "angstrom"},    {"mm", "millimeter"}, {"pm", "picometer"}};

struct Request {
  std::vector<std::string> inputs;
  std::string output;
  bool force = false;
  std::vector<std::string> channels, times;
  std::optional<std::array<double, 3>> voxel_size;
  std::string unit = "micrometer";
  std::optional<std::array<std::uint64_t, 3>> raw_shape;
  std::optional<DataType> raw_dtype;
  bool big_endian = false;
  std::uint64_t header_bytes = 0;
  std::string dataset;
  ChannelSemantics semantics;
  bool has_semantics = false;
  std::optional<DownsampleMethod> method;
  int zstd_level = 3;
  std::uint64_t brick = 64, shard_bricks = 4;
  std::string ranges;  // atom probe inputs: the range file
  std::optional<std::uint64_t> capacity, seed;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> shards;  // --shards I:J
  bool finalize = false;
  unsigned threads = 0;  // 0: one per core
  std::optional<std::uint64_t> memory_mib;
};

// Parses the command line; returns a usage message on error.
std::optional<std::string> parse(Args args, Request& r) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "-o" || a == "--output") {
      const auto v = value();
      if (!v) return "-o needs a folder";
      r.output = *v;
    } else if (a == "--force") {
      r.force = true;
    } else if (a == "--finalize") {
      r.finalize = true;
    } else if (a == "--big-endian") {
      r.big_endian = true;
    } else if (a.starts_with("-")) {
      const auto v = value();
      if (!v) return std::string(a) + " needs a value";
      if (a == "--channels") {
        r.channels = split_list(*v);
      } else if (a == "--time") {
        r.times = split_list(*v);
      } else if (a == "--voxel-size") {
        r.voxel_size = parse_triple(*v);
        if (!r.voxel_size || (*r.voxel_size)[0] <= 0 || (*r.voxel_size)[1] <= 0 || (*r.voxel_size)[2] <= 0) {
          return "--voxel-size needs V or Z,Y,X with positive numbers";
        }
      } else if (a == "--unit") {
        const auto u = kUnits.find(*v);
        if (u == kUnits.end()) return "--unit must be um, nm, A, mm or pm";
        r.unit = u->second;
      } else if (a == "--shape") {
        const auto t = parse_triple(*v);
        if (!t) return "--shape needs Z,Y,X";
        r.raw_shape = std::array<std::uint64_t, 3>{};
        for (int k = 0; k < 3; ++k) {
          if (!((*t)[k] >= 1) || (*t)[k] != static_cast<double>(static_cast<std::uint64_t>((*t)[k]))) {
            return "--shape needs positive integers";
          }
          (*r.raw_shape)[k] = static_cast<std::uint64_t>((*t)[k]);
        }
      } else if (a == "--dtype") {
        r.raw_dtype = parse_data_type(*v);
        if (!r.raw_dtype) return "--dtype must be one of bool, int8 ... uint64, float32, float64";
      } else if (a == "--header-bytes") {
        const auto n = parse_count(*v);
        if (!n) return "--header-bytes needs a whole number";
        r.header_bytes = *n;
      } else if (a == "--ranges") {
        r.ranges = *v;
      } else if (a == "--capacity" || a == "--seed") {
        const auto n = parse_count(*v);
        if (!n || (a == "--capacity" && *n == 0) || *n >= kMaxJsonInteger) {
          return std::string(a) + " needs a whole number" + (a == "--capacity" ? " from 1" : "") + " below 2^53";
        }
        (a == "--capacity" ? r.capacity : r.seed) = *n;
      } else if (a == "--dataset") {
        r.dataset = *v;
      } else if (a == "--quantity") {
        r.semantics.quantity = *v;
        r.has_semantics = true;
      } else if (a == "--value-unit") {
        r.semantics.unit = *v;
        r.has_semantics = true;
      } else if (a == "--no-data") {
        r.semantics.no_data_value = parse_number(*v);
        if (!r.semantics.no_data_value) return "--no-data needs a number";
        r.has_semantics = true;
      } else if (a == "--range") {
        const auto parts = split_list(*v, ':');
        const auto lo = parts.size() == 2 ? parse_number(parts[0]) : std::nullopt;
        const auto hi = parts.size() == 2 ? parse_number(parts[1]) : std::nullopt;
        if (!lo || !hi || !(*lo < *hi)) return "--range needs LO:HI with LO < HI";
        r.semantics.characteristic_range = std::make_pair(*lo, *hi);
        r.has_semantics = true;
      } else if (a == "--method") {
        if (*v == "mean") r.method = DownsampleMethod::mean;
        else if (*v == "mean-no-data") r.method = DownsampleMethod::mean_no_data;
        else if (*v == "mode") r.method = DownsampleMethod::mode;
        else return "--method must be mean, mean-no-data or mode";
      } else if (a == "--zstd-level") {
        const auto n = parse_number(*v);
        if (!n || *n < 1 || *n > 22 || *n != static_cast<int>(*n)) return "--zstd-level must be 1 to 22";
        r.zstd_level = static_cast<int>(*n);
      } else if (a == "--shards") {
        const auto parts = split_list(*v, ':');
        const auto first = parts.size() == 2 ? parse_count(parts[0]) : std::nullopt;
        const auto end = parts.size() == 2 ? parse_count(parts[1]) : std::nullopt;
        if (!first || !end) return "--shards needs I:J, whole numbers (shards I to J-1)";
        r.shards = std::make_pair(*first, *end);
      } else if (a == "--memory") {
        const auto n = parse_count(*v);
        if (!n || *n > (std::uint64_t{1} << 40)) return "--memory needs a whole number of MiB";
        r.memory_mib = *n;
      } else if (a == "--threads") {
        const auto n = parse_count(*v);
        if (!n || *n == 0 || *n > 1024) return "--threads needs a whole number from 1 to 1024";
        r.threads = static_cast<unsigned>(*n);
      } else if (a == "--brick" || a == "--shard-bricks") {
        const auto n = parse_count(*v);
        if (!n || *n == 0 || *n > 1024) return std::string(a) + " needs a whole number from 1 to 1024";
        (a == "--brick" ? r.brick : r.shard_bricks) = *n;
      } else {
        return "unknown option " + std::string(a);
      }
    } else if (is_range_file_name(a)) {
      if (!r.ranges.empty()) return "more than one range file";
      r.ranges = a;
    } else {
      r.inputs.emplace_back(a);
    }
  }
  if (r.inputs.empty()) return "no input files";
  if (r.output.empty()) return "missing -o OUT.zarr";
  if (r.raw_shape.has_value() != r.raw_dtype.has_value()) return "--shape and --dtype go together";
  if (r.method == DownsampleMethod::mean_no_data && !r.semantics.no_data_value) {
    return "--method mean-no-data needs --no-data";
  }
  if (r.shards && r.finalize) return "--shards and --finalize are separate runs";
  if (r.force && (r.shards || r.finalize)) {
    return "--force cannot go with --shards or --finalize: it would delete the shards of the other jobs";
  }
  return std::nullopt;
}

// Splits the inputs into [time][channel] following the labels.
Result<std::vector<std::vector<std::string>>> arrange(const Request& r) {
  const std::size_t n = r.inputs.size();
  std::size_t times = r.times.empty() ? 0 : r.times.size();
  std::size_t channels = r.channels.empty() ? 0 : r.channels.size();
  if (times == 0 && channels == 0) channels = n, times = 1;
  else if (times == 0) times = channels ? n / channels : 1;
  else if (channels == 0) channels = n / times;
  if (times * channels != n || times == 0 || channels == 0) {
    return make_error(ErrorCode::invalid_argument, std::to_string(n) + " inputs do not make " +
                                                       std::to_string(r.times.size()) + " time points × " +
                                                       std::to_string(r.channels.size()) + " channels");
  }
  std::vector<std::vector<std::string>> grid(times);
  for (std::size_t t = 0; t < times; ++t) grid[t].assign(r.inputs.begin() + t * channels, r.inputs.begin() + (t + 1) * channels);
  return grid;
}

// True when `inner` is `folder` or lies below it (both made absolute, symlinks resolved).
bool lies_inside(const std::filesystem::path& inner, const std::filesystem::path& folder) {
  std::error_code error;
  const std::filesystem::path a = std::filesystem::weakly_canonical(inner, error);
  const std::filesystem::path b = std::filesystem::weakly_canonical(folder, error);
  if (error) return false;
  auto i = a.begin();
  for (auto f = b.begin(); f != b.end(); ++f, ++i) {
    if (f->empty()) continue;  // the trailing "" of "dir/"
    if (i == a.end() || *i != *f) return false;
  }
  return true;
}

// Deletes everything inside r.output (not the folder itself), so no array of an older conversion
// survives. Called only when a zarr.json shows that the folder is a Zarr store; refuses when an
// input lies inside it.
Status empty_store(const Request& r) {
  for (const std::string& input : r.inputs) {
    if (lies_inside(input, r.output)) {
      return make_error(ErrorCode::invalid_argument,
                        input + ": the input lies inside " + r.output + ", which --force would empty");
    }
  }
  std::error_code error;
  for (std::filesystem::directory_iterator entry(r.output, error), end; !error && entry != end;
       entry.increment(error)) {
    std::filesystem::remove_all(entry->path(), error);
    if (error) {
      return make_error(ErrorCode::io, entry->path().string() + ": cannot remove (" + error.message() + ")");
    }
  }
  if (error) return make_error(ErrorCode::io, r.output + ": cannot list (" + error.message() + ")");
  return {};
}

// Makes r.output ready for a new store: an existing one (a zarr.json at its top) is an error
// without --force and is emptied with it. A --shards job may only add to an unfinished store.
Status prepare_output(FilesystemStore& store, const Request& r) {
  auto existing = store.size("zarr.json");
  if (!existing) return existing.error();
  if (!existing->has_value()) return {};
  if (r.shards) {
    return make_error(ErrorCode::invalid_argument,
                      r.output + ": a finished Zarr store is already there (--shards jobs write into a new one)");
  }
  if (!r.force) {
    return make_error(ErrorCode::invalid_argument, r.output + ": a Zarr store is already there (use --force to replace it)");
  }
  return empty_store(r);
}

int run_convert_points(const Request& r) {
  if (r.inputs.size() != 1) {
    return usage_error(kConvertCommand, "an atom probe file converts on its own (plus at most one range file)");
  }
  auto source = open_file_source(r.inputs.front());
  if (!source) return report(source.error());
  const double total_bytes = static_cast<double>((*source)->size());
  auto reader = open_point_file(std::move(*source));
  if (!reader) return report(reader.error());
  std::optional<RangeFile> ranges;
  if (!r.ranges.empty()) {
    auto range_source = open_file_source(r.ranges);
    if (!range_source) return report(range_source.error());
    auto file = read_range_file(**range_source);
    if (!file) return report(file.error());
    for (const auto& w : file->warnings) std::cerr << "heteroscope: warning: " << w << "\n";
    ranges = std::move(*file);
  }
  FilesystemStore store(r.output);
  if (const Status s = prepare_output(store, r); !s) return report(s.error());
  PointConvertOptions options;
  if (r.capacity) options.node_capacity = *r.capacity;
  if (r.seed) options.seed = *r.seed;
  options.zstd_level = r.zstd_level;
  // More ions than the memory budget holds spill to temporary files beside the output.
  options.temp_dir = parent_directory(r.output);
  if (r.memory_mib && *r.memory_mib > 0) options.memory_budget_bytes = *r.memory_mib << 20;
  ProgressBar bar("converting", total_bytes);
  options.progress = [&](double f) { bar.update(f); };
  auto result = convert_points(**reader, ranges ? &ranges->table : nullptr, store, options);
  if (!result) return report(result.error());
  for (const auto& note : result->notes) std::cerr << "heteroscope: note: " << note << "\n";
  std::cout << r.output << ": " << result->ion_count << " ions, " << result->node_count << " octree nodes (depth "
            << result->depth << "), " << (ranges ? ranges->table.ions.size() : 0) << " species, "
            << result->shards_written << " shards\n";
  return kExitOk;
}

int run_convert(Args args) {
  Request r;
  if (const auto problem = parse(args, r)) return usage_error(kConvertCommand, *problem);
  for (const auto& input : r.inputs) {
    if (!is_point_file_name(input)) continue;
    if (r.shards || r.finalize) return usage_error(kConvertCommand, "--shards and --finalize are for volume inputs");
    return run_convert_points(r);
  }
  if (!r.ranges.empty()) return usage_error(kConvertCommand, "a range file goes with an atom probe file");
  auto grid = arrange(r);
  if (!grid) return usage_error(kConvertCommand, grid.error().message);

  VolumeOpenOptions open_options;
  open_options.hdf5_dataset = r.dataset;
  if (r.raw_shape) open_options.raw = RawLayout{*r.raw_shape, *r.raw_dtype, r.big_endian, r.header_bytes};
  std::vector<std::unique_ptr<VolumeReader>> readers;
  std::vector<std::vector<VolumeReader*>> inputs(grid->size());
  double total_bytes = 0;
  for (std::size_t t = 0; t < grid->size(); ++t) {
    for (const std::string& path : (*grid)[t]) {
      auto source = open_file_source(path);
      if (!source) return report(source.error());
      auto reader = open_volume(std::move(*source), open_options);
      if (!reader) return report(reader.error());
      for (const auto& note : (*reader)->info().notes) std::cerr << "heteroscope: note: " << path << ": " << note << "\n";
      total_bytes += static_cast<double>((*reader)->slice_bytes() * (*reader)->info().shape_zyx[0]);
      inputs[t].push_back(reader->get());
      readers.push_back(std::move(*reader));
    }
  }

  FilesystemStore store(r.output);
  if (!r.finalize) {
    if (const Status s = prepare_output(store, r); !s) return report(s.error());
  }
  VolumeConvertOptions options;
  options.voxel_size_zyx = r.voxel_size;
  options.unit = r.unit;
  options.channel_labels = r.channels;
  options.time_labels = r.times;
  options.zstd_level = r.zstd_level;
  options.brick = r.brick;
  options.bricks_per_shard = r.shard_bricks;
  options.threads = r.threads;
  if (r.memory_mib) options.memory_budget_bytes = *r.memory_mib << 20;
  if (r.shards) {
    options.stage = VolumeConvertStage::level0_shards;
    options.shard_begin = r.shards->first;
    options.shard_end = r.shards->second;
  } else if (r.finalize) {
    options.stage = VolumeConvertStage::finalize;
  }
  if (r.has_semantics) options.semantics.assign(inputs.front().size(), r.semantics);
  options.method = r.method.value_or(r.semantics.no_data_value ? DownsampleMethod::mean_no_data : DownsampleMethod::mean);
  if (!r.voxel_size && !inputs.front().front()->info().voxel_size_nm_zyx) {
    std::cerr << "heteroscope: warning: " << r.inputs.front() << " states no voxel size; using 1 " << r.unit
              << " (set --voxel-size)\n";
  }
  ProgressBar bar("converting", total_bytes);
  options.progress = [&](double f) { bar.update(f); };
  auto result = convert_volume(inputs, store, options);
  if (!result) return report(result.error());
  if (r.shards) {
    std::cout << r.output << ": level-0 shards " << r.shards->first << ":" << r.shards->second << " written, of "
              << result->level0_shards << " in all; run --finalize once every shard is written\n";
    return kExitOk;
  }
  std::cout << r.output << ": " << result->shape_zyx[0] << "×" << result->shape_zyx[1] << "×" << result->shape_zyx[2]
            << " voxels, " << inputs.size() << " time point(s) × " << inputs.front().size() << " channel(s), "
            << result->levels << " levels, " << result->shards_written << " shards\n";
  return kExitOk;
}

}  // namespace

const Command kConvertCommand = {"convert", "convert volume files or atom probe files into sharded Zarr stores", kUsage,
                                 run_convert};

}  // namespace hs::cli
