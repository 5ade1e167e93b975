// `heteroscope profile`: depth, normalised-depth or radial profiles of labelled particles over
// every channel and time point of an OME-Zarr image, written as a tidy CSV.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "analysis/profiles.h"
#include "analysis/volume_input.h"
#include "args.h"
#include "cli.h"
#include "progress.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope profile IN.zarr --labels LABELS.zarr --by depth|normalized-depth|radius\n"
    "                           [--shell W | --shells N] [--label L[,L...]] [--level N] -o OUT.csv\n\n"
    "Profiles every labelled particle from surface to core: depth below the surface (Euclidean, from\n"
    "the particle's own surface), depth / largest depth, or distance from the centroid, in shells.\n"
    "Per shell, channel and time point: voxel count, value count, mean, std, median and the fraction\n"
    "outside the channel's characteristic range. The CSV has one row per label × time × channel ×\n"
    "shell; shell bounds are in the image's length unit (named in the header, e.g. shell_start_um).\n\n"
    "Options:\n"
    "  --labels DIR       labels image (heteroscope segment) on a level of IN.zarr\n"
    "  --by KIND          depth, normalized-depth or radius\n"
    "  --shell W          shell width in the image's length unit (depth, radius; required there)\n"
    "  --shells N         number of shells of normalised depth (default 10)\n"
    "  --label L,...      only these labels (default all)\n"
    "  --level N          the level of IN.zarr the labels lie on (default: the one of their shape)\n"
    "  --memory MIB       memory for the image's channels and time points (default 4096)\n"
    "  -o, --output FILE  the CSV to write ('-' for standard output)\n";

struct Request {
  std::string input, labels, output;
  std::optional<ProfileBy> by;
  std::optional<double> shell_width;
  std::uint32_t shells = 10;
  std::vector<std::uint32_t> selected;
  std::optional<std::size_t> level;
  std::uint64_t memory_mib = 4096;
};

std::optional<std::string> parse(Args args, Request& r) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a.starts_with("-") && a != "-") {
      if (i + 1 >= args.size()) return std::string(a) + " needs a value";
      const std::string_view v = args[++i];
      if (a == "-o" || a == "--output") {
        r.output = v;
      } else if (a == "--labels") {
        r.labels = v;
      } else if (a == "--by") {
        r.by = parse_profile_by(v);
        if (!r.by) return "--by must be depth, normalized-depth or radius";
      } else if (a == "--shell") {
        const auto w = parse_number(v);
        if (!w || *w <= 0) return "--shell needs a width > 0";
        r.shell_width = *w;
      } else if (a == "--shells") {
        const auto n = parse_count(v);
        if (!n || *n == 0 || *n > 100000) return "--shells needs a whole number from 1 to 100000";
        r.shells = static_cast<std::uint32_t>(*n);
      } else if (a == "--label") {
        for (const std::string& part : split_list(v)) {
          const auto n = parse_count(part);
          if (!n || *n == 0 || *n > 0xFFFFFFFFu) return "--label needs labels from 1 to 4294967295";
          r.selected.push_back(static_cast<std::uint32_t>(*n));
        }
      } else if (a == "--level") {
        const auto n = parse_count(v);
        if (!n) return "--level needs a level number";
        r.level = static_cast<std::size_t>(*n);
      } else if (a == "--memory") {
        const auto n = parse_count(v);
        if (!n || *n == 0) return "--memory needs a whole number of MiB";
        r.memory_mib = *n;
      } else {
        return "unknown option " + std::string(a);
      }
    } else if (r.input.empty()) {
      r.input = a;
    } else {
      return "one input at a time (got '" + r.input + "' and '" + std::string(a) + "')";
    }
  }
  if (r.input.empty()) return "missing IN.zarr";
  if (r.labels.empty()) return "missing --labels LABELS.zarr";
  if (!r.by) return "missing --by depth|normalized-depth|radius";
  if (*r.by != ProfileBy::normalized_depth && !r.shell_width) return "--by " + std::string(profile_by_name(*r.by)) + " needs --shell W";
  if (r.output.empty()) return "missing -o OUT.csv";
  return std::nullopt;
}

int run_profile(Args args) {
  Request r;
  if (const auto problem = parse(args, r)) return usage_error(kProfileCommand, *problem);
  auto image_store = open_store(r.input);
  if (!image_store) return report(image_store.error());
  auto image = open_analysis_image(**image_store, r.input);
  if (!image) return report(image.error());
  auto labels_store = open_store(r.labels);
  if (!labels_store) return report(labels_store.error());
  auto labels_image = open_analysis_image(**labels_store, r.labels);
  if (!labels_image) return report(labels_image.error());

  LabelGrid labels;
  {
    ProgressBar bar("reading labels", 0);
    AnalysisControl control;
    control.progress = [&](double f) { bar.update(f); };
    auto read = read_labels(**labels_store, *labels_image, 0, &control);
    if (!read) return report(read.error());
    labels = std::move(*read);
  }
  const ImageLayout& layout = image->layout;
  const std::array<std::uint64_t, 3> shape{static_cast<std::uint64_t>(labels.shape.nz),
                                           static_cast<std::uint64_t>(labels.shape.ny),
                                           static_cast<std::uint64_t>(labels.shape.nx)};
  std::optional<std::size_t> level = r.level;
  for (std::size_t l = 0; !level && l < layout.levels.size(); ++l) {
    if (layout.levels[l].shape_zyx == shape) level = l;
  }
  const std::string shape_text = std::to_string(shape[0]) + "×" + std::to_string(shape[1]) + "×" + std::to_string(shape[2]);
  if (!level || *level >= layout.levels.size() || layout.levels[*level].shape_zyx != shape) {
    return report(make_error(ErrorCode::invalid_argument, r.labels + ": its " + shape_text + " voxels match " +
                                                              (r.level ? "not level " + std::to_string(*r.level) : "no level") +
                                                              " of " + r.input));
  }
  const std::uint64_t inputs_count = layout.time_count * layout.channel_count;
  if (inputs_count == 0) return report(make_error(ErrorCode::invalid_argument, r.input + ": no channel or time point"));
  const auto bytes = level_float_bytes(layout, *level, inputs_count);
  if (!bytes || *bytes > (r.memory_mib << 20)) {
    return report(make_error(ErrorCode::limit, r.input + ": its " + std::to_string(inputs_count) +
                                                   " channels and time points at level " + std::to_string(*level) +
                                                   " do not fit in --memory " + std::to_string(r.memory_mib) + " MiB"));
  }

  std::vector<FloatGrid> grids;
  std::vector<ProfileInput> inputs;
  {
    ProgressBar bar("reading " + r.input, 0);
    for (std::uint64_t t = 0; t < layout.time_count; ++t) {
      for (std::uint64_t c = 0; c < layout.channel_count; ++c) {
        AnalysisControl control;
        const double done = static_cast<double>(grids.size()), total = static_cast<double>(inputs_count);
        control.progress = [&](double f) { bar.update((done + f) / total); };
        auto grid = read_volume(**image_store, *image, VolumeSelection{*level, c, t}, &control);
        if (!grid) return report(grid.error());
        grids.push_back(std::move(*grid));
      }
    }
  }
  const VolumeMetadata& metadata = layout.metadata;
  for (std::uint64_t t = 0, k = 0; t < layout.time_count; ++t) {
    for (std::uint64_t c = 0; c < layout.channel_count; ++c, ++k) {
      ProfileInput in;
      in.time = t;
      in.channel = c;
      if (t < metadata.time_labels.size()) in.time_label = metadata.time_labels[t];
      if (c < metadata.channels.size()) in.channel_label = metadata.channels[c].label;
      if (c < metadata.semantics.size()) {
        in.unit = metadata.semantics[c].unit;
        in.characteristic_range = metadata.semantics[c].characteristic_range;
      }
      in.values = &grids[k];
      inputs.push_back(std::move(in));
    }
  }
  // Profiles measure in the image's length unit, whatever the labels store says.
  labels.voxel = grids.front().voxel;

  ProfileOptions options;
  options.by = *r.by;
  options.shell_width = r.shell_width.value_or(1.0);
  options.shell_count = r.shells;
  options.labels = r.selected;
  Result<ProfileTable> table = make_error(ErrorCode::invalid_argument, "");
  {
    ProgressBar bar("profiling", 0);
    AnalysisControl control;
    control.progress = [&](double f) { bar.update(f); };
    table = compute_profiles(labels, inputs, options, &control);
  }
  if (!table) return report(table.error());
  const std::string csv = profiles_csv(*table);
  if (r.output == "-") {
    std::cout << csv;
    return kExitOk;
  }
  std::ofstream out(r.output, std::ios::binary);
  out << csv;
  out.close();
  if (!out) return report(make_error(ErrorCode::io, r.output + ": cannot write (" + std::strerror(errno) + ")"));
  std::cout << r.output << ": " << table->rows.size() << " rows (" << profile_by_name(options.by) << " profiles of "
            << r.labels << " over " << inputs.size() << " channels × time points of " << r.input << " level " << *level
            << ")\n";
  return kExitOk;
}

}  // namespace

const Command kProfileCommand = {"profile", "depth or radial profiles of labelled particles, as CSV", kUsage,
                                 run_profile};

}  // namespace hs::cli
