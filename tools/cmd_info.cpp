// `heteroscope info`: what a Zarr store, a volume file, an atom probe file or a range file holds.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <span>
#include <sstream>

#include "cli.h"
#include "dataset/dataset_summary.h"
#include "io/point_reader.h"
#include "io/volume_reader.h"
#include "points/range_file.h"
#include "points/range_table.h"
#include "store/curl_transport_native.h"
#include "store/filesystem_store.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope info PATH|URL [--ranges FILE]\n\n"
    "Prints what PATH holds: an OME-Zarr image, a point store or a Zarr array (a folder, or an\n"
    "http(s) URL read with Range requests; for a point store: ion count, bounds, mass range,\n"
    "octree, fields and counts per species), a volume\n"
    "file (MRC, TIFF, NPY, HDF5), an atom probe file (POS, EPOS, APT, ATO: ion count, bounds in\n"
    "nm, mass range and, with --ranges, counts and composition per species) or a range file (RRNG, RNG).\n";

// Prints the summary of the Zarr dataset at `location` (a folder or an http(s) URL).
int info_store(ReadableStore& store, const std::string& location) {
  auto summary = summarize_dataset(store, location);
  if (!summary) return report(summary.error());
  for (const auto& w : summary->warnings) std::cerr << "heteroscope: warning: " << location << ": " << w << "\n";
  std::cout << summary->title << "\n" << summary->details;
  return kExitOk;
}

int info_volume_file(std::unique_ptr<ByteSource> source) {
  const std::string name = source->name();
  auto reader = open_volume(std::move(source));
  if (!reader) return report(reader.error());
  const VolumeInfo& v = (*reader)->info();
  std::cout << name << ": " << v.format << " volume\n"
            << "  shape       " << v.shape_zyx[0] << "×" << v.shape_zyx[1] << "×" << v.shape_zyx[2] << " (z×y×x)\n"
            << "  data type   " << data_type_name(v.dtype) << "\n";
  if (v.voxel_size_nm_zyx) {
    std::cout << "  voxel size  " << (*v.voxel_size_nm_zyx)[0] << " × " << (*v.voxel_size_nm_zyx)[1] << " × "
              << (*v.voxel_size_nm_zyx)[2] << " nm (z×y×x)\n";
  } else {
    std::cout << "  voxel size  not stated in the file\n";
  }
  for (const auto& note : v.notes) std::cout << "  note        " << note << "\n";
  return kExitOk;
}

Result<RangeFile> read_range_path(const std::string& path) {
  auto source = open_file_source(path);
  if (!source) return source.error();
  return read_range_file(**source);
}

int info_point_file(std::unique_ptr<ByteSource> source, const std::string& ranges_path) {
  const std::string name = source->name();
  auto reader = open_point_file(std::move(source));
  if (!reader) return report(reader.error());
  std::optional<RangeFile> ranges;
  if (!ranges_path.empty()) {
    auto r = read_range_path(ranges_path);
    if (!r) return report(r.error());
    ranges = std::move(*r);
  }
  const PointFileInfo& info = (*reader)->info();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double lo[4] = {kInf, kInf, kInf, kInf}, hi[4] = {-kInf, -kInf, -kInf, -kInf};
  std::vector<std::uint64_t> per_ion(ranges ? ranges->table.ions.size() : 0);
  std::uint64_t unranged = 0;
  IonBatch batch;
  constexpr std::uint64_t kBatch = std::uint64_t{1} << 20;
  for (std::uint64_t first = 0; first < info.ion_count; first += kBatch) {
    const std::uint64_t count = std::min(kBatch, info.ion_count - first);
    if (const Status s = (*reader)->read(first, count, batch); !s) return report(s.error());
    const std::vector<float>* fields[4] = {&batch.x_nm, &batch.y_nm, &batch.z_nm, &batch.mass_da};
    for (int f = 0; f < 4; ++f) {
      for (float v : *fields[f]) {
        if (!std::isfinite(v)) continue;
        lo[f] = std::min(lo[f], static_cast<double>(v));
        hi[f] = std::max(hi[f], static_cast<double>(v));
      }
    }
    if (ranges) {
      const IonCounts counts = count_ions(ranges->table, batch.mass_da);
      for (std::size_t i = 0; i < per_ion.size(); ++i) per_ion[i] += counts.per_ion[i];
      unranged += counts.unranged;
    }
  }
  std::cout << name << ": " << info.format << " atom probe reconstruction\n"
            << "  ions        " << info.ion_count << (info.has_epos_fields ? " (with detector fields)" : "") << "\n";
  if (info.ion_count > 0) {
    std::printf("  bounds      x %.2f to %.2f, y %.2f to %.2f, z %.2f to %.2f nm\n", lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
    std::printf("  mass        %.3f to %.3f Da\n", lo[3], hi[3]);
  }
  for (const auto& note : info.notes) std::cout << "  note        " << note << "\n";
  if (ranges) {
    std::cout << "  species (" << ranges_path << ")\n" << species_lines(ranges->table, per_ion, unranged, info.ion_count);
  }
  return kExitOk;
}

int info_range_file(const std::string& path) {
  auto ranges = read_range_path(path);
  if (!ranges) return report(ranges.error());
  for (const auto& w : ranges->warnings) std::cerr << "heteroscope: warning: " << path << ": " << w << "\n";
  std::cout << path << ": " << ranges->table.ions.size() << " ions, " << ranges->table.ranges.size() << " ranges\n";
  for (const MassRange& r : ranges->table.ranges) {
    std::printf("  %9.3f – %9.3f Da  %s\n", r.low_da, r.high_da, ranges->table.ions[r.ion_index].name.c_str());
  }
  return kExitOk;
}

int run_info(Args args) {
  std::string path, ranges;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--ranges" && i + 1 < args.size()) ranges = args[++i];
    else if (path.empty() && !args[i].starts_with("-")) path = args[i];
    else return usage_error(kInfoCommand, "unexpected argument '" + std::string(args[i]) + "'");
  }
  if (path.empty()) return usage_error(kInfoCommand, "missing PATH");
  if (is_http_url(path)) return info_store(*open_curl_http_store(path), path);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    FilesystemStore store(path);
    return info_store(store, path);
  }
  if (is_range_file_name(path)) return info_range_file(path);
  auto source = open_file_source(path);
  if (!source) return report(source.error());
  if (is_point_file_name(path)) return info_point_file(std::move(*source), ranges);
  return info_volume_file(std::move(*source));
}

}  // namespace

const Command kInfoCommand = {"info", "show what a store, volume, atom probe or range file holds", kUsage, run_info};

}  // namespace hs::cli
