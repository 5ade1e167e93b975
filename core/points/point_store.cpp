// The point-cloud store format: attributes to and from JSON, node table encoding and validation.
#include "points/point_store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "points/detail/member_reader.h"
#include "points/range_table_json.h"

namespace hs {
namespace {

json::Value number(std::uint64_t n) { return json::Value(static_cast<double>(n)); }

json::Value triple(const std::array<double, 3>& v) {
  return json::Value(json::Array{json::Value(v[0]), json::Value(v[1]), json::Value(v[2])});
}

// Interleaves the cell bits of `level` into a path (OctreeNode::path).
std::uint64_t path_of_cell(const std::array<std::uint32_t, 3>& cell, int level) {
  std::uint64_t path = 0;
  for (int shift = level - 1; shift >= 0; --shift) {
    std::uint64_t child = 0;
    for (int axis = 0; axis < 3; ++axis) child |= std::uint64_t{(cell[axis] >> shift) & 1u} << axis;
    path = (path << 3) | child;
  }
  return path;
}

}  // namespace

std::string color_hex(const RgbColor& color) {
  const auto byte = [](float v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  char text[8];
  std::snprintf(text, sizeof text, "%02X%02X%02X", byte(color.r), byte(color.g), byte(color.b));
  return text;
}

std::optional<RgbColor> parse_color_hex(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::array<unsigned, 3> v{0, 0, 0};
  for (std::size_t i = 0; i < 6; ++i) {
    const char c = text[i];
    unsigned digit = 0;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    v[i / 2] = v[i / 2] * 16 + digit;
  }
  return RgbColor{static_cast<float>(v[0]) / 255.0f, static_cast<float>(v[1]) / 255.0f,
                  static_cast<float>(v[2]) / 255.0f};
}

json::Value point_store_attributes_to_json(const PointStoreAttributes& a) {
  json::Array fields, counts, notes;
  for (const std::string& f : a.fields) fields.emplace_back(f);
  for (const std::uint64_t n : a.species_counts) counts.push_back(number(n));
  for (const std::string& n : a.notes) notes.emplace_back(n);
  json::Value bounds = a.bounds_nm ? json::Value(json::Array{triple((*a.bounds_nm)[0]), triple((*a.bounds_nm)[1])})
                                   : json::Value();
  json::Value mass = a.mass_range_da
                         ? json::Value(json::Array{json::Value((*a.mass_range_da)[0]), json::Value((*a.mass_range_da)[1])})
                         : json::Value();
  json::Object octree{{"capacity", number(a.node_capacity)},
                      {"max_depth", json::Value(a.max_depth)},
                      {"seed", number(a.seed)},
                      {"cube", json::Value(json::Object{{"min_nm", triple(a.cube.min_nm)},
                                                        {"edge_nm", json::Value(a.cube.edge_nm)}})}};
  return json::Value(json::Object{
      {"kind", json::Value("points")},
      {"ion_count", number(a.ion_count)},
      {"bounds_nm", std::move(bounds)},
      {"mass_range_da", std::move(mass)},
      {"fields", json::Value(std::move(fields))},
      {"ranges", range_table_to_json(a.ranges)},
      {"species_counts", json::Value(std::move(counts))},
      {"unranged_count", number(a.unranged_count)},
      {"octree", json::Value(std::move(octree))},
      {"source", json::Value(a.source)},
      {"notes", json::Value(std::move(notes))}});
}

Result<PointStoreAttributes> parse_point_store_attributes(const json::Value& h, std::string_view source) {
  const detail::MemberReader r(std::string(source) + ": attributes.heteroscope");
  if (!h.is_object()) return r.error("", "must be an object");
  PointStoreAttributes a;
  auto kind = r.get(h, "kind", "kind", json::Type::string);
  if (!kind) return kind.error();
  if ((*kind)->as_string() != "points") return r.error("kind", "is not \"points\"");
  auto ion_count = r.integer_member(h, "ion_count", "ion_count", kMaxJsonInteger);
  if (!ion_count) return ion_count.error();
  a.ion_count = *ion_count;

  const json::Value* bounds = h.find("bounds_nm");
  if (bounds == nullptr) return r.error("bounds_nm", "is missing");
  if (!bounds->is_null()) {
    if (!bounds->is_array() || bounds->as_array().size() != 2) return r.error("bounds_nm", "must be [[min], [max]]");
    std::array<std::array<double, 3>, 2> b{};
    for (std::size_t i = 0; i < 2; ++i) {
      auto v = r.numbers(bounds->as_array()[i], 3, "bounds_nm");
      if (!v) return v.error();
      std::copy(v->begin(), v->end(), b[i].begin());
    }
    a.bounds_nm = b;
  }
  const json::Value* mass = h.find("mass_range_da");
  if (mass == nullptr) return r.error("mass_range_da", "is missing");
  if (!mass->is_null()) {
    auto v = r.numbers(*mass, 2, "mass_range_da");
    if (!v) return v.error();
    a.mass_range_da = std::array<double, 2>{(*v)[0], (*v)[1]};
  }

  auto fields = r.get(h, "fields", "fields", json::Type::array);
  if (!fields) return fields.error();
  std::size_t next_field = 0;
  for (const json::Value& f : (*fields)->as_array()) {
    const auto known = std::find_if(kPointFields.begin() + static_cast<std::ptrdiff_t>(next_field), kPointFields.end(),
                                    [&](const PointField& p) { return f.is_string() && f.as_string() == p.name; });
    if (known == kPointFields.end()) return r.error("fields", "names an unknown field or repeats one, or is out of order");
    next_field = static_cast<std::size_t>(known - kPointFields.begin()) + 1;
    a.fields.emplace_back(known->name);
  }

  const json::Value* ranges = h.find("ranges");
  if (ranges == nullptr) return r.error("ranges", "is missing");
  auto table = range_table_from_json(*ranges, std::string(source) + ": attributes.heteroscope.ranges");
  if (!table) return table.error();
  a.ranges = std::move(*table);

  auto counts = r.get(h, "species_counts", "species_counts", json::Type::array);
  if (!counts) return counts.error();
  if ((*counts)->as_array().size() != a.ranges.ions.size()) return r.error("species_counts", "must have one count per ion");
  auto unranged = r.integer_member(h, "unranged_count", "unranged_count", a.ion_count);
  if (!unranged) return unranged.error();
  a.unranged_count = *unranged;
  std::uint64_t total = a.unranged_count;
  for (const json::Value& c : (*counts)->as_array()) {
    auto n = r.integer(c, "species_counts", a.ion_count);
    if (!n) return n.error();
    a.species_counts.push_back(*n);
    total += *n;  // each <= ion_count < 2^53, at most 4097 terms: no overflow
  }
  if (total != a.ion_count) return r.error("species_counts", "and unranged_count do not add up to ion_count");

  auto octree = r.get(h, "octree", "octree", json::Type::object);
  if (!octree) return octree.error();
  auto capacity = r.integer_member(**octree, "capacity", "octree.capacity", kMaxJsonInteger);
  if (!capacity) return capacity.error();
  if (*capacity == 0) return r.error("octree.capacity", "must be at least 1");
  a.node_capacity = *capacity;
  auto depth = r.integer_member(**octree, "max_depth", "octree.max_depth", kMaxOctreeDepth);
  if (!depth) return depth.error();
  a.max_depth = static_cast<int>(*depth);
  auto seed = r.integer_member(**octree, "seed", "octree.seed", kMaxJsonInteger);
  if (!seed) return seed.error();
  a.seed = *seed;
  auto cube = r.get(**octree, "cube", "octree.cube", json::Type::object);
  if (!cube) return cube.error();
  auto cube_min = r.get(**cube, "min_nm", "octree.cube.min_nm", json::Type::array);
  if (!cube_min) return cube_min.error();
  auto min = r.numbers(**cube_min, 3, "octree.cube.min_nm");
  if (!min) return min.error();
  std::copy(min->begin(), min->end(), a.cube.min_nm.begin());
  auto edge = r.get(**cube, "edge_nm", "octree.cube.edge_nm", json::Type::number);
  if (!edge) return edge.error();
  a.cube.edge_nm = (*edge)->as_number();
  if (!(a.cube.edge_nm >= 0) || !std::isfinite(a.cube.edge_nm)) return r.error("octree.cube.edge_nm", "must be finite and >= 0");

  auto src = r.get(h, "source", "source", json::Type::string);
  if (!src) return src.error();
  a.source = (*src)->as_string();
  auto notes = r.get(h, "notes", "notes", json::Type::array);
  if (!notes) return notes.error();
  for (const json::Value& n : (*notes)->as_array()) {
    if (!n.is_string()) return r.error("notes", "must hold strings");
    a.notes.push_back(n.as_string());
  }
  return a;
}

std::vector<double> encode_node_table(std::span<const OctreeNode> nodes) {
  std::vector<double> values;
  values.reserve(nodes.size() * kNodeColumnCount);
  const auto link = [](std::uint64_t i) { return i == kNoOctreeNode ? -1.0 : static_cast<double>(i); };
  for (const OctreeNode& n : nodes) {
    const std::array<std::uint32_t, 3> cell = octree_cell_of_path(n.path, static_cast<int>(n.level));
    const std::array<double, kNodeColumnCount> row = {
        static_cast<double>(n.level), link(n.parent), link(n.first_child), static_cast<double>(n.child_mask),
        static_cast<double>(n.row_start), static_cast<double>(n.row_count), static_cast<double>(n.subtree_row_count),
        static_cast<double>(cell[0]), static_cast<double>(cell[1]), static_cast<double>(cell[2]),
        n.min_nm[0], n.min_nm[1], n.min_nm[2], n.max_nm[0], n.max_nm[1], n.max_nm[2]};
    values.insert(values.end(), row.begin(), row.end());
  }
  return values;
}

Result<std::vector<OctreeNode>> decode_node_table(std::span<const double> values, std::uint64_t ion_count,
                                                  const OctreeCube& cube, std::string_view source) {
  const std::size_t count = values.size() / kNodeColumnCount;
  const auto bad = [&](std::size_t i, const std::string& problem) {
    return make_error(ErrorCode::parse, std::string(source) + ": node " + std::to_string(i) + " " + problem);
  };
  if (values.size() % kNodeColumnCount != 0) {
    return make_error(ErrorCode::parse, std::string(source) + ": the node table does not have " +
                                            std::to_string(kNodeColumnCount) + " columns");
  }
  if ((count == 0) != (ion_count == 0)) {
    return make_error(ErrorCode::parse, std::string(source) + ": " + std::to_string(count) + " nodes for " +
                                            std::to_string(ion_count) + " ions");
  }
  std::vector<OctreeNode> nodes(count);
  std::vector<std::uint8_t> seen_mask(count, 0);
  std::uint64_t next_row = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double* v = values.data() + i * kNodeColumnCount;
    // Integer columns: whole numbers within [lowest, highest].
    const auto whole = [&](NodeColumn c, double lowest, double highest) {
      return v[c] == std::floor(v[c]) && v[c] >= lowest && v[c] <= highest;
    };
    const double n = static_cast<double>(count);
    const double rows = static_cast<double>(ion_count);
    if (!whole(kNodeLevel, 0, kMaxOctreeDepth) || !whole(kNodeParent, -1, n - 1) || !whole(kNodeFirstChild, -1, n - 1) ||
        !whole(kNodeChildMask, 0, 255) || !whole(kNodeRowStart, 0, rows) || !whole(kNodeRowCount, 0, rows) ||
        !whole(kNodeSubtreeRowCount, 0, rows)) {
      return bad(i, "has a level, link, mask or row count that is not a whole number in range");
    }
    OctreeNode& node = nodes[i];
    node.level = static_cast<std::uint32_t>(v[kNodeLevel]);
    const double cells = std::ldexp(1.0, static_cast<int>(node.level));
    if (!whole(kNodeCellX, 0, cells - 1) || !whole(kNodeCellY, 0, cells - 1) || !whole(kNodeCellZ, 0, cells - 1)) {
      return bad(i, "has a cell outside its level's grid");
    }
    const std::array<std::uint32_t, 3> cell = {static_cast<std::uint32_t>(v[kNodeCellX]),
                                               static_cast<std::uint32_t>(v[kNodeCellY]),
                                               static_cast<std::uint32_t>(v[kNodeCellZ])};
    node.path = path_of_cell(cell, static_cast<int>(node.level));
    node.parent = v[kNodeParent] < 0 ? kNoOctreeNode : static_cast<std::uint64_t>(v[kNodeParent]);
    node.first_child = v[kNodeFirstChild] < 0 ? kNoOctreeNode : static_cast<std::uint64_t>(v[kNodeFirstChild]);
    node.child_mask = static_cast<std::uint8_t>(v[kNodeChildMask]);
    node.row_start = static_cast<std::uint64_t>(v[kNodeRowStart]);
    node.row_count = static_cast<std::uint64_t>(v[kNodeRowCount]);
    node.subtree_row_count = static_cast<std::uint64_t>(v[kNodeSubtreeRowCount]);
    if (node.row_start != next_row || node.row_count > ion_count - next_row) {
      return bad(i, "rows do not continue where the previous node's end");
    }
    next_row += node.row_count;
    if (i == 0) {
      if (node.level != 0 || node.parent != kNoOctreeNode) return bad(i, "is not a root (level 0, no parent)");
    } else {
      const OctreeNode& prev = nodes[i - 1];
      if (node.parent == kNoOctreeNode || node.parent >= i) return bad(i, "has no parent before it");
      if (node.level < prev.level || (node.level == prev.level && node.path <= prev.path)) {
        return bad(i, "is out of breadth-first order");
      }
      const OctreeNode& parent = nodes[node.parent];
      const int child = static_cast<int>(node.path & 7u);
      if (parent.level + 1 != node.level || (node.path >> 3) != parent.path || !(parent.child_mask & (1u << child))) {
        return bad(i, "does not lie in its parent's cell or its parent's child mask");
      }
      if (seen_mask[node.parent] == 0 && parent.first_child != i) return bad(node.parent, "has a wrong first_child");
      seen_mask[node.parent] = static_cast<std::uint8_t>(seen_mask[node.parent] | (1u << child));
    }
    for (int axis = 0; axis < 3; ++axis) {
      node.min_nm[axis] = octree_coordinate(cube.min_nm[axis], cube.edge_nm, cell[axis], static_cast<int>(node.level));
      node.max_nm[axis] =
          octree_coordinate(cube.min_nm[axis], cube.edge_nm, std::uint64_t{cell[axis]} + 1, static_cast<int>(node.level));
      if (v[kNodeMinX + axis] != node.min_nm[axis] || v[kNodeMaxX + axis] != node.max_nm[axis]) {
        return bad(i, "bounds differ from its cell's bounds in the stored cube");
      }
    }
  }
  if (next_row != ion_count) {
    return make_error(ErrorCode::parse, std::string(source) + ": the nodes hold " + std::to_string(next_row) +
                                            " rows, not " + std::to_string(ion_count));
  }
  std::vector<std::uint64_t> subtree(count, 0);
  for (std::size_t i = count; i-- > 0;) {
    if (seen_mask[i] != nodes[i].child_mask || (nodes[i].child_mask == 0) != (nodes[i].first_child == kNoOctreeNode)) {
      return bad(i, "child mask or first_child does not match its children");
    }
    subtree[i] += nodes[i].row_count;
    if (subtree[i] != nodes[i].subtree_row_count) return bad(i, "subtree_row_count does not match its rows");
    if (i > 0) subtree[nodes[i].parent] += subtree[i];
  }
  return nodes;
}

}  // namespace hs
