// Describing a dataset from its metadata: the text of `heteroscope info` and the viewer's dataset window.
#include "dataset/dataset_summary.h"

#include <algorithm>
#include <array>
#include <cstdarg>
#include <cstdio>

#include "points/point_store.h"
#include "store/node.h"
#include "store/ome_multiscales.h"
#include "store/zarr_array.h"

namespace hs {
namespace {

// printf into a std::string (the lines are short; longer ones are cut, never overflowed).
[[gnu::format(printf, 1, 2)]] std::string format(const char* pattern, ...) {
  std::array<char, 512> buffer{};
  va_list args;
  va_start(args, pattern);
  std::vsnprintf(buffer.data(), buffer.size(), pattern, args);
  va_end(args);
  return buffer.data();
}

std::string join_shape(const std::vector<std::uint64_t>& shape) {
  std::string out;
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "×" : "") + std::to_string(shape[i]);
  return out;
}

// Shortest decimal form that reads back as the same double ("0.5", "8.076", "1e-06").
std::string number(double value) { return format("%.*g", 15, value); }

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

Result<DatasetSummary> summarize_array(ReadableStore& store, const std::string& name) {
  auto array = ZarrArray::open(store, "");
  if (!array) return array.error();
  const ArrayMetadata& m = array->metadata();
  DatasetSummary s{DatasetKind::array, name + ": Zarr v3 array", "", {}, {}};
  s.details = "  shape       " + join_shape(m.shape) + "\n" +                         //
              "  data type   " + std::string(data_type_name(m.data_type)) + "\n" +    //
              "  chunks      " + join_shape(m.chunk_shape) + "\n" +                   //
              "  bricks      " + join_shape(array->brick_shape()) + "\n" +            //
              "  codecs      " + codec_names(m.codecs) + "\n";
  return s;
}

std::string channel_line(std::size_t c, const VolumeMetadata& meta) {
  const OmeChannel& ch = meta.channels[c];
  std::string line = "  channel " + std::to_string(c) + "   " + ch.label + ": values " + number(ch.window_min) +
                     " to " + number(ch.window_max);
  if (c < meta.semantics.size()) {
    const ChannelSemantics& s = meta.semantics[c];
    if (!s.unit.empty()) line += " " + s.unit;
    if (!s.quantity.empty()) line += " (" + s.quantity + ")";
    if (s.no_data_value) line += ", no data = " + number(*s.no_data_value);
    if (s.characteristic_range) {
      line += ", characteristic " + number(s.characteristic_range->first) + " to " +
              number(s.characteristic_range->second);
    }
  }
  return line + "\n";
}

Result<DatasetSummary> summarize_image(ReadableStore& store, const std::string& name, const json::Value& attributes) {
  DatasetSummary s{DatasetKind::image, "", "", {}, {}};
  auto meta = read_volume_metadata(attributes, name, s.warnings);
  if (!meta) return meta.error();
  s.title = name + ": OME-Zarr 0.5 image" + (meta->name.empty() ? "" : " \"" + meta->name + "\"");
  s.details = "  axes       ";
  for (const OmeAxis& a : meta->axes) s.details += " " + a.name + (a.unit.empty() ? "" : " (" + a.unit + ")");
  s.details += "\n  levels\n";
  for (const OmeLevel& level : meta->levels) {
    auto array = ZarrArray::open(store, level.path);
    if (!array) return array.error();
    const ArrayMetadata& m = array->metadata();
    s.documents.emplace_back(level.path, array_metadata_to_json(m));
    s.details += "    " + level.path + ": " + join_shape(m.shape) + " " + std::string(data_type_name(m.data_type)) +
                 ", voxel";
    for (std::size_t a = 0; a < level.scale.size() && a < meta->axes.size(); ++a) {
      if (meta->axes[a].type == "space") s.details += " " + meta->axes[a].name + " " + number(level.scale[a]);
    }
    s.details += "\n      shards " + join_shape(m.chunk_shape) + ", bricks " + join_shape(array->brick_shape()) +
                 ", codecs " + codec_names(m.codecs) + "\n";
  }
  for (std::size_t c = 0; c < meta->channels.size(); ++c) s.details += channel_line(c, *meta);
  if (!meta->time_labels.empty()) {
    s.details += "  time points";
    for (const auto& t : meta->time_labels) s.details += " \"" + t + "\"";
    s.details += "\n";
  }
  return s;
}

Result<DatasetSummary> summarize_points(ReadableStore& store, const std::string& name, const json::Value& heteroscope) {
  auto a = parse_point_store_attributes(heteroscope, name + "/zarr.json");
  if (!a) return a.error();
  auto nodes_array = ZarrArray::open(store, std::string(kNodesArray));
  if (!nodes_array) return nodes_array.error();
  const ArrayMetadata& m = nodes_array->metadata();
  if (m.data_type != DataType::float64 || m.shape.size() != 2 || m.shape[1] != kNodeColumnCount ||
      m.shape[0] > std::min(a->ion_count, kMaxNodeCount)) {
    return make_error(ErrorCode::parse, name + "/nodes: not an M×16 float64 node table for " +
                                            std::to_string(a->ion_count) + " ions");
  }
  std::vector<double> values(static_cast<std::size_t>(m.shape[0] * kNodeColumnCount));
  DecodeContext context;
  const std::array<std::uint64_t, 2> start = {0, 0};
  if (const Status st = nodes_array->read_region(
          start, m.shape, {reinterpret_cast<std::uint8_t*>(values.data()), values.size() * sizeof(double)}, context);
      !st) {
    return st.error();
  }
  auto nodes = decode_node_table(values, a->ion_count, a->cube, name + "/nodes");
  if (!nodes) return nodes.error();
  std::uint32_t depth = 0;
  for (const OctreeNode& node : *nodes) depth = std::max(depth, node.level);

  DatasetSummary s{DatasetKind::points, name + ": point store (atom probe, from " + a->source + ")", "", {}, {}};
  s.documents.emplace_back(std::string(kNodesArray), array_metadata_to_json(m));
  auto spectrum_array = ZarrArray::open(store, std::string(kSpectrumArray));
  if (!spectrum_array) return spectrum_array.error();
  s.documents.emplace_back(std::string(kSpectrumArray), array_metadata_to_json(spectrum_array->metadata()));
  s.details = "  ions        " + std::to_string(a->ion_count) + "\n";
  if (a->bounds_nm) {
    const auto& b = *a->bounds_nm;
    s.details += format("  bounds      x %.2f to %.2f, y %.2f to %.2f, z %.2f to %.2f nm\n", b[0][0], b[1][0], b[0][1],
                        b[1][1], b[0][2], b[1][2]);
  }
  if (a->mass_range_da) {
    s.details += format("  mass        %.3f to %.3f Da\n", (*a->mass_range_da)[0], (*a->mass_range_da)[1]);
  }
  s.details += "  octree      " + std::to_string(nodes->size()) + " nodes, depth " + std::to_string(depth) +
               ", capacity " + std::to_string(a->node_capacity) + ", seed " + std::to_string(a->seed) +
               "\n  fields      position, mass";
  for (const std::string& f : a->fields) s.details += ", " + f;
  s.details += "\n";
  for (const auto& note : a->notes) s.details += "  note        " + note + "\n";
  if (!a->ranges.ions.empty()) {
    s.details += "  species (stored ranges)\n" +
                 species_lines(a->ranges, a->species_counts, a->unranged_count, a->ion_count);
  }
  return s;
}

}  // namespace

std::string species_lines(const RangeTable& table, std::span<const std::uint64_t> per_ion, std::uint64_t unranged,
                          std::uint64_t ion_count) {
  std::string out;
  for (std::size_t i = 0; i < per_ion.size() && i < table.ions.size(); ++i) {
    out += format("    %-10s %12llu ions  %6.2f %%\n", table.ions[i].name.c_str(),
                  static_cast<unsigned long long>(per_ion[i]),
                  ion_count ? 100.0 * static_cast<double>(per_ion[i]) / static_cast<double>(ion_count) : 0.0);
  }
  out += format("    %-10s %12llu ions\n", "unranged", static_cast<unsigned long long>(unranged));
  out += "  composition (at.%, molecular ions decomposed)\n";
  for (const ElementShare& e : atomic_composition(table, per_ion)) {
    out += format("    %-4s %6.2f\n", e.element.c_str(), e.atomic_percent);
  }
  return out;
}

Result<DatasetSummary> summarize_dataset(ReadableStore& store, const std::string& name) {
  auto node = read_node_document(store, "");
  if (!node) return node.error();
  const json::Value* type = node->document.find("node_type");
  const json::Value* attributes = node->document.find("attributes");
  const json::Value* heteroscope = attributes ? attributes->find("heteroscope") : nullptr;
  const json::Value* kind = heteroscope ? heteroscope->find("kind") : nullptr;
  Result<DatasetSummary> summary =
      type && type->is_string() && type->as_string() == "array" ? summarize_array(store, name)
      : attributes && attributes->find("ome")                    ? summarize_image(store, name, *attributes)
      : kind && kind->is_string() && kind->as_string() == "points"
          ? summarize_points(store, name, *heteroscope)
          : Result<DatasetSummary>(make_error(
                ErrorCode::unsupported,
                name + ": a Zarr group that is neither an OME-Zarr image, a point store nor a Zarr array"));
  if (summary) summary->documents.emplace(summary->documents.begin(), "", std::move(node->document));
  return summary;
}

const char* dataset_kind_name(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::image: return "image";
    case DatasetKind::points: return "points";
    case DatasetKind::array: return "array";
  }
  return "array";
}

}  // namespace hs
