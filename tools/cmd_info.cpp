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
#include "io/point_reader.h"
#include "io/volume_reader.h"
#include "points/point_store.h"
#include "points/range_file.h"
#include "points/range_table.h"
#include "store/filesystem_store.h"
#include "store/node.h"
#include "store/ome_multiscales.h"
#include "store/zarr_array.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope info PATH [--ranges FILE]\n\n"
    "Prints what PATH holds: an OME-Zarr image, a point store or a Zarr array (a folder; for a\n"
    "point store: ion count, bounds, mass range, octree, fields and counts per species), a volume\n"
    "file (MRC, TIFF, NPY, HDF5), an atom probe file (POS, EPOS, APT, ATO: ion count, bounds in\n"
    "nm, mass range and, with --ranges, counts and composition per species) or a range file (RRNG, RNG).\n";

std::string join_shape(const std::vector<std::uint64_t>& shape, const char* sep = "×") {
  std::ostringstream out;
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? sep : "") << shape[i];
  return out.str();
}

// Codec names of a chain, nested ones in brackets: "sharding_indexed[bytes, zstd]".
std::string codec_names(const json::Value& codecs) {
  std::string out;
  if (!codecs.is_array()) return out;
  for (const json::Value& c : codecs.as_array()) {
    const json::Value* name = c.find("name");
    if (!out.empty()) out += ", ";
    out += name && name->is_string() ? name->as_string() : "?";
    const json::Value* config = c.find("configuration");
    const json::Value* inner = config ? config->find("codecs") : nullptr;
    if (inner) out += "[" + codec_names(*inner) + "]";
  }
  return out;
}

int info_array(ReadableStore& store, const std::string& path) {
  auto array = ZarrArray::open(store, "");
  if (!array) return report(array.error());
  const ArrayMetadata& m = array->metadata();
  std::cout << path << ": Zarr v3 array\n"
            << "  shape       " << join_shape(m.shape) << "\n"
            << "  data type   " << data_type_name(m.data_type) << "\n"
            << "  chunks      " << join_shape(m.chunk_shape) << "\n"
            << "  bricks      " << join_shape(array->brick_shape()) << "\n"
            << "  codecs      " << codec_names(m.codecs) << "\n";
  return kExitOk;
}

int info_image(ReadableStore& store, const std::string& path, const json::Value& attributes) {
  std::vector<std::string> warnings;
  auto meta = read_volume_metadata(attributes, path, warnings);
  if (!meta) return report(meta.error());
  for (const auto& w : warnings) std::cerr << "heteroscope: warning: " << path << ": " << w << "\n";
  std::cout << path << ": OME-Zarr 0.5 image" << (meta->name.empty() ? "" : " \"" + meta->name + "\"") << "\n";
  std::cout << "  axes        ";
  for (const OmeAxis& a : meta->axes) std::cout << a.name << (a.unit.empty() ? "" : " (" + a.unit + ")") << "  ";
  std::cout << "\n  levels\n";
  for (const OmeLevel& level : meta->levels) {
    auto array = ZarrArray::open(store, level.path);
    if (!array) return report(array.error());
    const ArrayMetadata& m = array->metadata();
    std::cout << "    " << level.path << ": " << join_shape(m.shape) << " " << data_type_name(m.data_type) << ", voxel";
    for (std::size_t a = 0; a < level.scale.size(); ++a) {
      if (meta->axes[a].type == "space") std::cout << " " << meta->axes[a].name << " " << level.scale[a];
    }
    std::cout << "\n      shards " << join_shape(m.chunk_shape) << ", bricks " << join_shape(array->brick_shape())
              << ", codecs " << codec_names(m.codecs) << "\n";
  }
  for (std::size_t c = 0; c < meta->channels.size(); ++c) {
    const OmeChannel& ch = meta->channels[c];
    std::cout << "  channel " << c << "   " << ch.label << ": values " << ch.window_min << " to " << ch.window_max;
    if (c < meta->semantics.size()) {
      const ChannelSemantics& s = meta->semantics[c];
      if (!s.unit.empty()) std::cout << " " << s.unit;
      if (!s.quantity.empty()) std::cout << " (" << s.quantity << ")";
      if (s.no_data_value) std::cout << ", no data = " << *s.no_data_value;
      if (s.characteristic_range) {
        std::cout << ", characteristic " << s.characteristic_range->first << " to " << s.characteristic_range->second;
      }
    }
    std::cout << "\n";
  }
  if (!meta->time_labels.empty()) {
    std::cout << "  time points ";
    for (const auto& t : meta->time_labels) std::cout << "\"" << t << "\" ";
    std::cout << "\n";
  }
  return kExitOk;
}

// Counts and fractions per species, then the atomic composition with molecular ions decomposed.
void print_species(const RangeTable& table, std::span<const std::uint64_t> per_ion, std::uint64_t unranged,
                   std::uint64_t ion_count) {
  for (std::size_t i = 0; i < per_ion.size(); ++i) {
    std::printf("    %-10s %12llu ions  %6.2f %%\n", table.ions[i].name.c_str(),
                static_cast<unsigned long long>(per_ion[i]),
                ion_count ? 100.0 * static_cast<double>(per_ion[i]) / static_cast<double>(ion_count) : 0.0);
  }
  std::printf("    %-10s %12llu ions\n", "unranged", static_cast<unsigned long long>(unranged));
  std::cout << "  composition (at.%, molecular ions decomposed)\n";
  for (const ElementShare& e : atomic_composition(table, per_ion)) {
    std::printf("    %-4s %6.2f\n", e.element.c_str(), e.atomic_percent);
  }
}

int info_points(ReadableStore& store, const std::string& path, const json::Value& heteroscope) {
  auto a = parse_point_store_attributes(heteroscope, path + "/zarr.json");
  if (!a) return report(a.error());
  auto nodes_array = ZarrArray::open(store, std::string(kNodesArray));
  if (!nodes_array) return report(nodes_array.error());
  const ArrayMetadata& m = nodes_array->metadata();
  if (m.data_type != DataType::float64 || m.shape.size() != 2 || m.shape[1] != kNodeColumnCount ||
      m.shape[0] > std::min(a->ion_count, kMaxNodeCount)) {
    return report(make_error(ErrorCode::parse, path + "/nodes: not an M×16 float64 node table for " +
                                                   std::to_string(a->ion_count) + " ions"));
  }
  std::vector<double> values(static_cast<std::size_t>(m.shape[0] * kNodeColumnCount));
  DecodeContext context;
  const std::array<std::uint64_t, 2> start = {0, 0};
  if (const Status s = nodes_array->read_region(start, m.shape, {reinterpret_cast<std::uint8_t*>(values.data()), values.size() * 8}, context);
      !s) {
    return report(s.error());
  }
  auto nodes = decode_node_table(values, a->ion_count, a->cube, path + "/nodes");
  if (!nodes) return report(nodes.error());
  std::uint32_t depth = 0;
  for (const OctreeNode& node : *nodes) depth = std::max(depth, node.level);

  std::cout << path << ": point store (atom probe, from " << a->source << ")\n"
            << "  ions        " << a->ion_count << "\n";
  if (a->bounds_nm) {
    const auto& b = *a->bounds_nm;
    std::printf("  bounds      x %.2f to %.2f, y %.2f to %.2f, z %.2f to %.2f nm\n", b[0][0], b[1][0], b[0][1], b[1][1],
                b[0][2], b[1][2]);
  }
  if (a->mass_range_da) std::printf("  mass        %.3f to %.3f Da\n", (*a->mass_range_da)[0], (*a->mass_range_da)[1]);
  std::cout << "  octree      " << nodes->size() << " nodes, depth " << depth << ", capacity " << a->node_capacity
            << ", seed " << a->seed << "\n  fields      position, mass";
  for (const std::string& f : a->fields) std::cout << ", " << f;
  std::cout << "\n";
  for (const auto& note : a->notes) std::cout << "  note        " << note << "\n";
  if (!a->ranges.ions.empty()) {
    std::cout << "  species (stored ranges)\n";
    print_species(a->ranges, a->species_counts, a->unranged_count, a->ion_count);
  }
  return kExitOk;
}

int info_store(const std::string& path) {
  FilesystemStore store(path);
  auto node = read_node_document(store, "");
  if (!node) return report(node.error());
  const json::Value* type = node->document.find("node_type");
  if (type && type->is_string() && type->as_string() == "array") return info_array(store, path);
  const json::Value* attributes = node->document.find("attributes");
  if (attributes && attributes->find("ome")) return info_image(store, path, *attributes);
  const json::Value* heteroscope = attributes ? attributes->find("heteroscope") : nullptr;
  const json::Value* kind = heteroscope ? heteroscope->find("kind") : nullptr;
  if (kind && kind->is_string() && kind->as_string() == "points") return info_points(store, path, *heteroscope);
  return report(make_error(ErrorCode::unsupported,
                           path + ": a Zarr group that is neither an OME-Zarr image, a point store nor a Zarr array"));
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
    std::cout << "  species (" << ranges_path << ")\n";
    print_species(ranges->table, per_ion, unranged, info.ion_count);
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return info_store(path);
  if (is_range_file_name(path)) return info_range_file(path);
  auto source = open_file_source(path);
  if (!source) return report(source.error());
  if (is_point_file_name(path)) return info_point_file(std::move(*source), ranges);
  return info_volume_file(std::move(*source));
}

}  // namespace

const Command kInfoCommand = {"info", "show what a store, volume, atom probe or range file holds", kUsage, run_info};

}  // namespace hs::cli
