// Signed distance to a triangle mesh through a bounding volume hierarchy, proxigram binning, and the
// whole-store isosurface + proxigram run.
#include "analysis/apt/proxigram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <variant>

namespace hs {
namespace {

using Vec = std::array<double, 3>;

Vec sub(const Vec& a, const Vec& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec add_scaled(const Vec& a, const Vec& d, double t) { return {a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2]}; }
double dot(const Vec& a, const Vec& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec cross(const Vec& a, const Vec& b) { return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]}; }
Vec vec(const std::array<float, 3>& v) { return {v[0], v[1], v[2]}; }

// Nearest point of triangle (a, b, c) to p, by the Voronoi regions of its vertices, edges and face.
Vec closest_on_triangle(const Vec& p, const Vec& a, const Vec& b, const Vec& c) {
  const Vec ab = sub(b, a), ac = sub(c, a), ap = sub(p, a);
  const double d1 = dot(ab, ap), d2 = dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return a;
  const Vec bp = sub(p, b);
  const double d3 = dot(ab, bp), d4 = dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return b;
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return add_scaled(a, ab, d1 / (d1 - d3));
  const Vec cp = sub(p, c);
  const double d5 = dot(ab, cp), d6 = dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return c;
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return add_scaled(a, ac, d2 / (d2 - d6));
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return add_scaled(b, sub(c, b), (d4 - d3) / ((d4 - d3) + (d5 - d6)));
  const double sum = va + vb + vc;
  if (!(sum > 0)) {  // degenerate triangle: its nearest vertex
    const double da = dot(ap, ap), db = dot(bp, bp), dc = dot(cp, cp);
    return da <= db && da <= dc ? a : db <= dc ? b : c;
  }
  return add_scaled(add_scaled(a, ab, vb / sum), ac, vc / sum);
}

// Triangles per leaf of the hierarchy.
constexpr std::uint32_t kLeafTriangles = 4;

// Squared distance from p to the box [lo, hi].
double box_distance2(const Vec& p, const std::array<float, 3>& lo, const std::array<float, 3>& hi) {
  double d2 = 0;
  for (std::size_t a = 0; a < 3; ++a) {
    const double below = static_cast<double>(lo[a]) - p[a], above = p[a] - static_cast<double>(hi[a]);
    const double d = std::max({below, above, 0.0});
    d2 += d * d;
  }
  return d2;
}

}  // namespace

// [Distance] -------------------------------------------------------------------------------------

Result<SurfaceDistance> SurfaceDistance::create(const TriangleMesh& mesh, double max_distance_nm) {
  if (!std::isfinite(max_distance_nm) || max_distance_nm <= 0) {
    return make_error(ErrorCode::invalid_argument, "proxigram: the maximum distance must be a positive number of nm");
  }
  SurfaceDistance s;
  s.mesh_ = mesh;
  s.max_distance_nm_ = max_distance_nm;
  if (mesh.triangles.size() > (std::size_t{1} << 31)) {
    return make_error(ErrorCode::limit, "proxigram: more than 2^31 triangles: coarsen the grid");
  }
  const auto count = static_cast<std::uint32_t>(mesh.triangles.size());
  if (count == 0) return s;
  std::vector<std::array<float, 3>> centre(count);
  for (std::uint32_t t = 0; t < count; ++t) {
    for (std::size_t a = 0; a < 3; ++a) {
      float sum = 0;
      for (std::uint32_t v : mesh.triangles[t]) sum += mesh.vertices_nm[v][a];
      centre[t][a] = sum / 3;
    }
  }
  s.order_.resize(count);
  for (std::uint32_t t = 0; t < count; ++t) s.order_[t] = t;
  s.nodes_.reserve(2 * static_cast<std::size_t>(count / kLeafTriangles + 1));
  // Median split on the longest axis of the triangle centres; explicit stack of (node, range).
  struct Pending {
    std::uint32_t node, begin, end;
  };
  std::vector<Pending> pending;
  s.nodes_.emplace_back();
  pending.push_back({0, 0, count});
  while (!pending.empty()) {
    const Pending job = pending.back();
    pending.pop_back();
    Node node;
    std::array<float, 3> centre_lo = centre[s.order_[job.begin]], centre_hi = centre_lo;
    node.lo = node.hi = mesh.vertices_nm[mesh.triangles[s.order_[job.begin]][0]];
    for (std::uint32_t k = job.begin; k < job.end; ++k) {
      const std::uint32_t t = s.order_[k];
      for (std::size_t a = 0; a < 3; ++a) {
        centre_lo[a] = std::min(centre_lo[a], centre[t][a]);
        centre_hi[a] = std::max(centre_hi[a], centre[t][a]);
        for (std::uint32_t v : mesh.triangles[t]) {
          node.lo[a] = std::min(node.lo[a], mesh.vertices_nm[v][a]);
          node.hi[a] = std::max(node.hi[a], mesh.vertices_nm[v][a]);
        }
      }
    }
    if (job.end - job.begin <= kLeafTriangles) {
      node.first = job.begin;
      node.count = job.end - job.begin;
    } else {
      std::size_t axis = 0;
      for (std::size_t a = 1; a < 3; ++a) {
        if (centre_hi[a] - centre_lo[a] > centre_hi[axis] - centre_lo[axis]) axis = a;
      }
      const std::uint32_t mid = job.begin + (job.end - job.begin) / 2;
      std::nth_element(s.order_.begin() + job.begin, s.order_.begin() + mid, s.order_.begin() + job.end,
                       [&](std::uint32_t x, std::uint32_t y) {
                         return centre[x][axis] != centre[y][axis] ? centre[x][axis] < centre[y][axis] : x < y;
                       });
      node.first = static_cast<std::uint32_t>(s.nodes_.size());  // children first, first + 1
      node.count = 0;
      s.nodes_.emplace_back();
      s.nodes_.emplace_back();
      pending.push_back({node.first, job.begin, mid});
      pending.push_back({node.first + 1, mid, job.end});
    }
    s.nodes_[job.node] = node;
  }
  return s;
}

std::optional<double> SurfaceDistance::signed_distance_nm(const std::array<double, 3>& p) const {
  if (nodes_.empty() || !std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) return std::nullopt;
  // Branch and bound: nodes farther than the best distance so far (at first the maximum) are
  // skipped, the nearer child visited first.
  double best = max_distance_nm_, best_cos = 0;
  bool found = false;
  // Median splits keep the depth below 33 for 2^31 triangles, so the stack never exceeds 66.
  std::array<std::uint32_t, 72> stack;
  std::size_t size = 0;
  stack[size++] = 0;
  while (size > 0) {
    const Node& node = nodes_[stack[--size]];
    const double bound = best * (1 + 1e-7) + 1e-7;
    if (box_distance2(p, node.lo, node.hi) > bound * bound) continue;
    if (node.count == 0) {
      const double left = box_distance2(p, nodes_[node.first].lo, nodes_[node.first].hi);
      const double right = box_distance2(p, nodes_[node.first + 1].lo, nodes_[node.first + 1].hi);
      assert(size + 2 <= stack.size());
      stack[size++] = left <= right ? node.first + 1 : node.first;
      stack[size++] = left <= right ? node.first : node.first + 1;
      continue;
    }
    for (std::uint32_t k = node.first; k < node.first + node.count; ++k) {
      const auto& t = mesh_.triangles[order_[k]];
      const Vec a = vec(mesh_.vertices_nm[t[0]]), b = vec(mesh_.vertices_nm[t[1]]), c = vec(mesh_.vertices_nm[t[2]]);
      const Vec d = sub(p, closest_on_triangle(p, a, b, c));
      const double distance = std::sqrt(dot(d, d));
      const double tolerance = 1e-7 * (1 + distance);
      if (distance > best + tolerance) continue;
      const Vec n = cross(sub(b, a), sub(c, a));
      const double norm = std::sqrt(dot(n, n)) * distance;
      const double cosine = norm > 0 ? dot(d, n) / norm : 0;
      if (!found || distance < best - tolerance || std::abs(cosine) > std::abs(best_cos)) best_cos = cosine;
      best = found ? std::min(best, distance) : distance;
      found = true;
    }
  }
  if (!found || !(best <= max_distance_nm_)) return std::nullopt;
  return best_cos > 0 ? -best : best;
}

// [Proxigram] ------------------------------------------------------------------------------------

std::uint64_t Proxigram::total_atoms(std::size_t bin) const {
  std::uint64_t total = 0;
  for (std::size_t e = 0; e < element_count; ++e) total += atoms[bin * element_count + e];
  return total;
}

double Proxigram::at_percent(std::size_t bin, std::size_t element) const {
  const std::uint64_t total = total_atoms(bin);
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  return 100.0 * static_cast<double>(atoms[bin * element_count + element]) / static_cast<double>(total);
}

double Proxigram::sigma_at_percent(std::size_t bin, std::size_t element) const {
  const std::uint64_t total = total_atoms(bin);
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  const double c = static_cast<double>(atoms[bin * element_count + element]) / static_cast<double>(total);
  return 100.0 * std::sqrt(c * (1 - c) / static_cast<double>(total));
}

Result<Proxigram> make_proxigram(const ProxigramParams& params, std::size_t element_count) {
  if (!std::isfinite(params.bin_nm) || params.bin_nm <= 0 || !std::isfinite(params.max_distance_nm) ||
      params.max_distance_nm <= 0) {
    return make_error(ErrorCode::invalid_argument, "proxigram: bin width and maximum distance must be positive numbers of nm");
  }
  const double bins = std::ceil(2 * params.max_distance_nm / params.bin_nm - 1e-9);
  if (bins > 1e6) return make_error(ErrorCode::limit, "proxigram: more than 10^6 bins: widen the bins");
  Proxigram p;
  p.bin_nm = params.bin_nm;
  p.min_distance_nm = -params.max_distance_nm;
  p.bin_count = std::max<std::size_t>(1, static_cast<std::size_t>(bins));
  p.element_count = element_count;
  p.ions.assign(p.bin_count, 0);
  p.atoms.assign(p.bin_count * element_count, 0);
  return p;
}

void add_to_proxigram(Proxigram& proxigram, const SurfaceDistance& surface, const IonAtomsView& ions) {
  assert(ions.element_count == proxigram.element_count);
  for (std::size_t i = 0; i < ions.ion_count(); ++i) {
    const float* p = ions.position_nm.data() + 3 * i;
    const std::optional<double> d = surface.signed_distance_nm({p[0], p[1], p[2]});
    const double offset = d ? (*d - proxigram.min_distance_nm) / proxigram.bin_nm : -1;
    if (!d || offset < 0) {
      ++proxigram.ions_beyond;
      continue;
    }
    const std::size_t bin = std::min(static_cast<std::size_t>(offset), proxigram.bin_count - 1);
    ++proxigram.ions[bin];
    for (std::size_t e = 0; e < proxigram.element_count; ++e) {
      proxigram.atoms[bin * proxigram.element_count + e] += ions.atoms[i * proxigram.element_count + e];
    }
  }
}

std::string proxigram_csv(const Proxigram& proxigram, const std::vector<std::string>& elements) {
  assert(elements.size() == proxigram.element_count);
  const auto number = [](std::string& csv, double value) {
    char cell[40] = ",";
    if (!std::isnan(value)) std::snprintf(cell, sizeof cell, ",%.10g", value);
    csv += cell;
  };
  std::string csv = "bin_start_nm,bin_end_nm,distance_nm,ions,atoms";
  for (const std::string& e : elements) csv += "," + e + "_count," + e + "_at%," + e + "_sigma_at%";
  csv += "\n";
  for (std::size_t b = 0; b < proxigram.bin_count; ++b) {
    const double start = proxigram.min_distance_nm + static_cast<double>(b) * proxigram.bin_nm;
    char head[40];
    std::snprintf(head, sizeof head, "%.10g", start);
    csv += head;
    number(csv, start + proxigram.bin_nm);
    number(csv, proxigram.bin_centre_nm(b));
    csv += "," + std::to_string(proxigram.ions[b]) + "," + std::to_string(proxigram.total_atoms(b));
    for (std::size_t e = 0; e < proxigram.element_count; ++e) {
      csv += "," + std::to_string(proxigram.atoms[b * proxigram.element_count + e]);
      number(csv, proxigram.at_percent(b, e));
      number(csv, proxigram.sigma_at_percent(b, e));
    }
    csv += "\n";
  }
  return csv;
}

// [Store] ----------------------------------------------------------------------------------------

namespace {

// Bounding box of an ROI, for clipping the grid.
void clip_to_roi(const IonRoi& roi, std::array<double, 3>& lo, std::array<double, 3>& hi) {
  std::array<double, 3> rlo{}, rhi{};
  if (const auto* box = std::get_if<BoxRoi>(&roi.shape)) {
    rlo = box->min_nm;
    rhi = box->max_nm;
  } else {
    const CylinderRoi& cyl = std::get<CylinderRoi>(roi.shape);
    for (std::size_t a = 0; a < 3; ++a) {
      const double half = 0.5 * cyl.length_nm * std::abs(cyl.axis[a]) +
                          cyl.radius_nm * std::sqrt(std::max(0.0, 1 - cyl.axis[a] * cyl.axis[a]));
      rlo[a] = cyl.centre_nm[a] - half;
      rhi[a] = cyl.centre_nm[a] + half;
    }
  }
  for (std::size_t a = 0; a < 3; ++a) {
    lo[a] = std::max(lo[a], rlo[a]);
    hi[a] = std::min(hi[a], rhi[a]);
  }
}

}  // namespace

Result<IsosurfaceResult> isosurface_on_store(const IonSource& source, const IonRoi* roi, const IsosurfaceParams& params,
                                             const AnalysisControl* control) {
  const ElementCounter counter(source.ranges());
  const std::optional<std::size_t> element = counter.element_index(params.element);
  if (!element) {
    return make_error(ErrorCode::invalid_argument,
                      source.name() + ": the range table has no element \"" + params.element + "\"");
  }
  if (!std::isfinite(params.level_at_percent)) {
    return make_error(ErrorCode::invalid_argument, "isosurface: the level must be a finite at.%");
  }
  const auto& bounds = source.attributes().bounds_nm;
  if (!bounds) return make_error(ErrorCode::invalid_argument, source.name() + ": the store holds no ions");
  std::array<double, 3> lo = (*bounds)[0], hi = (*bounds)[1];
  if (roi != nullptr) clip_to_roi(*roi, lo, hi);
  for (std::size_t a = 0; a < 3; ++a) {
    if (!(lo[a] <= hi[a])) return make_error(ErrorCode::invalid_argument, source.name() + ": the ROI holds no ions");
  }
  Result<AtomGrids> grids = make_atom_grids(lo, hi, counter.element_count(), params.grid);
  if (!grids) return grids.error();
  Result<Proxigram> proxigram = make_proxigram(params.proxigram, counter.element_count());
  if (!proxigram) return proxigram.error();

  IsosurfaceResult result;
  result.elements = counter.elements();
  std::vector<std::uint32_t> atoms;
  // Two reading passes: the first reports progress 0–0.5 of the caller's scale, the second 0.5–1.
  const AnalysisControl first_pass = sub_control(control, 0.0, 0.5);
  Status read = source.for_each_block(
      roi,
      [&](const IonBlock& block) {
        block_atoms(counter, block, atoms);
        deposit_ions(*grids, {block.xyz_nm, atoms, counter.element_count()});
        result.ions += block.size();
        return Status{};
      },
      &first_pass);
  if (!read) return read.error();
  delocalize(*grids, params.grid);
  const FloatGrid concentration = concentration_at_percent(*grids, *element, params.grid.min_total_atoms);
  Result<TriangleMesh> mesh = marching_cubes(concentration, grids->origin_nm, params.level_at_percent);
  if (!mesh) return mesh.error();
  result.mesh = std::move(*mesh);
  result.components = mesh_components(result.mesh);
  Result<SurfaceDistance> surface = SurfaceDistance::create(result.mesh, params.proxigram.max_distance_nm);
  if (!surface) return surface.error();
  const AnalysisControl second_pass = sub_control(control, 0.5, 1.0);
  read = source.for_each_block(
      roi,
      [&](const IonBlock& block) {
        block_atoms(counter, block, atoms);
        add_to_proxigram(*proxigram, *surface, {block.xyz_nm, atoms, counter.element_count()});
        return Status{};
      },
      &second_pass);
  if (!read) return read.error();
  result.proxigram = std::move(*proxigram);
  return result;
}

}  // namespace hs
