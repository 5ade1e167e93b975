// An atom probe job: open the store, apply edited ranges, run one analysis, describe it as JSON.
#include "analysis/apt/apt_job.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "analysis/apt/apt_params_json.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/mesh_reduce.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/ordered_ions.h"
#include "analysis/apt/ratios.h"

namespace hs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A number, or null where JSON has none (NaN, infinities).
json::Value number_or_null(double value) {
  return std::isfinite(value) ? json::Value(value) : json::Value();
}

template <typename T>
json::Value number_array(const std::vector<T>& values) {
  json::Array out;
  out.reserve(values.size());
  for (const T& v : values) out.push_back(number_or_null(static_cast<double>(v)));
  return out;
}

// {"element", "count", "at_percent", "sigma"}: scalars for a total, arrays for bins.
json::Value element_entry(const std::string& element, json::Value count, json::Value at_percent,
                          json::Value sigma) {
  json::Object o;
  o.emplace_back("element", element);
  o.emplace_back("count", std::move(count));
  o.emplace_back("at_percent", std::move(at_percent));
  o.emplace_back("sigma", std::move(sigma));
  return o;
}

json::Value named_value(const char* name, json::Value value) {
  json::Object o;
  o.emplace_back("name", name);
  o.emplace_back("value", std::move(value));
  return o;
}

std::string axis_label(const IonRoi& roi) {
  if (std::holds_alternative<CylinderRoi>(roi.shape))
    return "distance along the cylinder axis from its start (nm)";
  return std::string(1, "xyz"[roi.box_axis]) + " from the box's lower face (nm)";
}

// Indices of `symbols` in the counter's elements; an unknown one is an error listing the known ones.
Result<std::vector<std::size_t>> element_indices(const ElementCounter& counter,
                                                 const std::vector<std::string>& symbols,
                                                 const std::string& name) {
  std::vector<std::size_t> out;
  for (const std::string& symbol : symbols) {
    const auto e = counter.element_index(symbol);
    if (!e) {
      std::string known;
      for (const std::string& k : counter.elements()) known += (known.empty() ? "" : ", ") + k;
      return make_error(ErrorCode::invalid_argument, name + ": the range table has no element \"" + symbol +
                                                         "\" (it has " + (known.empty() ? "none" : known) +
                                                         ")");
    }
    out.push_back(*e);
  }
  return out;
}

// The ROI of a profile or frequency distribution: the job's, or the CLI's default cylinder along z.
Result<IonRoi> profile_roi(const AptJob& job, const IonSource& source) {
  if (job.roi) return *job.roi;
  const auto& bounds = source.attributes().bounds_nm;
  if (!bounds)
    return make_error(ErrorCode::invalid_argument,
                      source.name() + ": holds no ions (no bounds to place the ROI in)");
  auto cylinder = default_cylinder(*bounds, 2);
  if (!cylinder) return cylinder.error();
  return IonRoi{*cylinder, 2};
}

// The ratios a counter's table supports, with how to read each from CathodeRatios.
struct RatioColumn {
  const char* name;
  double CathodeRatios::*value;
};

std::vector<RatioColumn> ratio_columns(const RatioSpecies& species) {
  std::vector<RatioColumn> columns;
  if (species.has_li_fraction()) columns.push_back({"Li/(Li+Ni+Co+Mn)", &CathodeRatios::li_fraction});
  if (species.has_ni_fraction()) columns.push_back({"Ni/(Ni+Co+Mn)", &CathodeRatios::ni_fraction});
  if (species.has_o2_to_o()) columns.push_back({"O2+/O+", &CathodeRatios::o2_to_o});
  return columns;
}

std::uint64_t ranged_ions(const ProfileBin& bin) {
  std::uint64_t ions = 0;
  for (std::uint64_t n : bin.species_ions) ions += n;
  return ions;
}

// 100 × the fraction of element e in `bin` and its σ, NaN when the bin has no atoms.
double bin_at_percent(const ProfileBin& bin, std::size_t e) {
  return bin.atoms == 0 ? kNaN : 100 * CompositionProfile::fraction(bin, e);
}
double bin_sigma(const ProfileBin& bin, std::size_t e) {
  return bin.atoms == 0 ? kNaN : 100 * CompositionProfile::sigma(bin, e);
}

json::Object reply_head(AptAnalysis kind, const IonRoi* roi) {
  json::Object reply;
  reply.emplace_back("kind", apt_analysis_name(kind));
  reply.emplace_back("roi", roi != nullptr ? roi_to_json(*roi) : json::Value());
  return reply;
}

Result<json::Value> run_profile(const IonSource& source, const AptJob& job, const AnalysisControl* control) {
  auto roi = profile_roi(job, source);
  if (!roi) return roi.error();
  const ElementCounter counter(source.ranges());
  auto profile = composition_profile(source, *roi, counter, job.profile, control);
  if (!profile) return profile.error();
  const std::size_t element_count = profile->elements.size();
  const RatioSpecies ratio_species(counter);
  const std::vector<RatioColumn> ratios = ratio_columns(ratio_species);

  json::Array start, end, ions, unranged, atoms;
  std::vector<json::Array> counts(element_count), at_percent(element_count), sigma(element_count);
  std::vector<json::Array> ratio_values(ratios.size());
  for (const ProfileBin& bin : profile->bins) {
    start.emplace_back(bin.start_nm);
    end.emplace_back(bin.end_nm);
    ions.emplace_back(static_cast<double>(ranged_ions(bin)));
    unranged.emplace_back(static_cast<double>(bin.unranged_ions));
    atoms.emplace_back(static_cast<double>(bin.atoms));
    for (std::size_t e = 0; e < element_count; ++e) {
      counts[e].emplace_back(static_cast<double>(bin.element_atoms[e]));
      at_percent[e].push_back(number_or_null(bin_at_percent(bin, e)));
      sigma[e].push_back(number_or_null(bin_sigma(bin, e)));
    }
    const CathodeRatios r = ratio_species.ratios(bin.species_ions, bin.element_atoms);
    for (std::size_t k = 0; k < ratios.size(); ++k)
      ratio_values[k].push_back(number_or_null(r.*ratios[k].value));
  }
  json::Object bins;
  bins.emplace_back("start_nm", std::move(start));
  bins.emplace_back("end_nm", std::move(end));
  bins.emplace_back("ions", std::move(ions));
  bins.emplace_back("unranged_ions", std::move(unranged));
  bins.emplace_back("atoms", std::move(atoms));
  json::Array elements, ratio_list, total_elements, total_ratios;
  const ProfileBin& total = profile->total;
  for (std::size_t e = 0; e < element_count; ++e) {
    elements.push_back(element_entry(profile->elements[e], std::move(counts[e]), std::move(at_percent[e]),
                                     std::move(sigma[e])));
    total_elements.push_back(element_entry(profile->elements[e], static_cast<double>(total.element_atoms[e]),
                                           number_or_null(bin_at_percent(total, e)),
                                           number_or_null(bin_sigma(total, e))));
  }
  const CathodeRatios total_r = ratio_species.ratios(total.species_ions, total.element_atoms);
  for (std::size_t k = 0; k < ratios.size(); ++k) {
    ratio_list.push_back(named_value(ratios[k].name, std::move(ratio_values[k])));
    total_ratios.push_back(named_value(ratios[k].name, number_or_null(total_r.*ratios[k].value)));
  }
  json::Object totals;
  totals.emplace_back("ions", static_cast<double>(ranged_ions(total)));
  totals.emplace_back("unranged_ions", static_cast<double>(total.unranged_ions));
  totals.emplace_back("atoms", static_cast<double>(total.atoms));
  totals.emplace_back("elements", std::move(total_elements));
  totals.emplace_back("ratios", std::move(total_ratios));

  json::Object reply = reply_head(AptAnalysis::profile, &*roi);
  reply.emplace_back("axis_label", axis_label(*roi));
  reply.emplace_back("bins", std::move(bins));
  reply.emplace_back("elements", std::move(elements));
  reply.emplace_back("ratios", std::move(ratio_list));
  reply.emplace_back("totals", std::move(totals));
  reply.emplace_back("notes", json::Array{});
  reply.emplace_back("csv", profile_csv(*profile, counter));
  return json::Value(std::move(reply));
}

Result<json::Value> run_freqdist(const IonSource& source, const AptJob& job, const AnalysisControl* control) {
  if (job.species.empty()) {
    return make_error(ErrorCode::invalid_argument, "apt freqdist: no species to test (e.g. Cr)");
  }
  auto roi = profile_roi(job, source);
  if (!roi) return roi.error();
  const ElementCounter counter(source.ranges());
  auto elements = element_indices(counter, job.species, source.name());
  if (!elements) return elements.error();
  auto ions = ordered_ions(source, *roi, counter, control);
  if (!ions) return ions.error();
  std::vector<FrequencyDistribution> results;
  json::Array distributions;
  for (std::size_t e : *elements) {
    auto d = frequency_distribution(*ions, counter, e, job.frequency);
    if (!d) return d.error();
    json::Object o;
    o.emplace_back("element", d->element);
    o.emplace_back("block_atoms", static_cast<double>(d->block_atoms));
    o.emplace_back("blocks", static_cast<double>(d->blocks));
    o.emplace_back("at_percent", number_or_null(100 * d->fraction));
    o.emplace_back("observed", number_array(d->observed));
    o.emplace_back("expected", number_array(d->expected));
    o.emplace_back("chi2", number_or_null(d->chi.chi2));
    o.emplace_back("dof", number_or_null(d->chi.dof));
    o.emplace_back("p_value", number_or_null(d->chi.p_value));
    o.emplace_back("mu", number_or_null(d->mu));
    distributions.emplace_back(std::move(o));
    results.push_back(std::move(*d));
  }
  json::Object reply = reply_head(AptAnalysis::freqdist, &*roi);
  reply.emplace_back("axis_label", axis_label(*roi));
  reply.emplace_back("distributions", std::move(distributions));
  reply.emplace_back("notes", json::Array{});
  reply.emplace_back("csv", frequency_csv(results));
  return json::Value(std::move(reply));
}

// The mesh drawn: `mesh` reduced to at most `max_triangles` triangles (mesh_reduce.h), as flat
// arrays, with the full mesh's triangle count and the merging cube's edge (0: not reduced).
json::Value mesh_json(const TriangleMesh& mesh, const ReducedMesh& drawn) {
  json::Array vertices, triangles;
  for (const auto& v : drawn.mesh.vertices_nm) {
    for (float c : v) vertices.emplace_back(static_cast<double>(c));
  }
  for (const auto& t : drawn.mesh.triangles) {
    for (std::uint32_t v : t) triangles.emplace_back(static_cast<double>(v));
  }
  json::Object o;
  o.emplace_back("vertices", std::move(vertices));
  o.emplace_back("triangles", std::move(triangles));
  o.emplace_back("triangle_count", static_cast<double>(mesh.triangles.size()));
  o.emplace_back("drawn_cell_nm", drawn.cell_nm);
  return o;
}

json::Value triple_json(const std::array<double, 3>& v) {
  return json::Array{v[0], v[1], v[2]};
}

Result<json::Value> run_proxigram(const IonSource& source, const AptJob& job,
                                  const AnalysisControl* control) {
  if (job.isosurface.element.empty()) {
    return make_error(ErrorCode::invalid_argument, "apt proxigram: no element for the isosurface (e.g. Mn)");
  }
  const IonRoi* roi = job.roi ? &*job.roi : nullptr;
  auto result = isosurface_on_store(source, roi, job.isosurface, control);
  if (!result) return result.error();
  const Proxigram& px = result->proxigram;
  json::Array start, end, centre, ions, atoms;
  std::vector<json::Array> counts(px.element_count), at_percent(px.element_count), sigma(px.element_count);
  for (std::size_t b = 0; b < px.bin_count; ++b) {
    const double from = px.min_distance_nm + static_cast<double>(b) * px.bin_nm;
    start.emplace_back(from);
    end.emplace_back(from + px.bin_nm);
    centre.emplace_back(px.bin_centre_nm(b));
    ions.emplace_back(static_cast<double>(px.ions[b]));
    atoms.emplace_back(static_cast<double>(px.total_atoms(b)));
    for (std::size_t e = 0; e < px.element_count; ++e) {
      counts[e].emplace_back(static_cast<double>(px.atoms[b * px.element_count + e]));
      at_percent[e].push_back(number_or_null(px.at_percent(b, e)));
      sigma[e].push_back(number_or_null(px.sigma_at_percent(b, e)));
    }
  }
  json::Object bins;
  bins.emplace_back("start_nm", std::move(start));
  bins.emplace_back("end_nm", std::move(end));
  bins.emplace_back("distance_nm", std::move(centre));
  bins.emplace_back("ions", std::move(ions));
  bins.emplace_back("atoms", std::move(atoms));
  json::Array elements;
  for (std::size_t e = 0; e < px.element_count; ++e) {
    elements.push_back(element_entry(result->elements[e], std::move(counts[e]), std::move(at_percent[e]),
                                     std::move(sigma[e])));
  }
  json::Array components;
  for (const MeshComponent& m : result->components) {
    json::Object o;
    o.emplace_back("centre_nm", triple_json(m.centroid_nm));
    o.emplace_back("volume_nm3", number_or_null(m.volume_nm3));
    o.emplace_back("area_nm2", number_or_null(m.area_nm2));
    o.emplace_back("closed", m.closed);
    o.emplace_back("triangles", static_cast<double>(m.triangles.size()));
    components.emplace_back(std::move(o));
  }
  json::Array notes;
  const ReducedMesh drawn = reduce_mesh(result->mesh, job.max_mesh_triangles);
  if (drawn.mesh.triangles.size() < result->mesh.triangles.size()) {
    char cell[32];
    std::snprintf(cell, sizeof cell, "%.3g", drawn.cell_nm);
    notes.emplace_back("mesh: drawn reduced, " + std::to_string(drawn.mesh.triangles.size()) + " of " +
                       std::to_string(result->mesh.triangles.size()) + " triangles (vertices merged in " + cell +
                       " nm cubes); the proxigram uses the full surface");
  }
  json::Object reply = reply_head(AptAnalysis::proxigram, roi);
  reply.emplace_back("element", job.isosurface.element);
  reply.emplace_back("level_at_percent", job.isosurface.level_at_percent);
  reply.emplace_back("ions", static_cast<double>(result->ions));
  reply.emplace_back("ions_beyond", static_cast<double>(px.ions_beyond));
  reply.emplace_back("bins", std::move(bins));
  reply.emplace_back("elements", std::move(elements));
  reply.emplace_back("components", std::move(components));
  reply.emplace_back("mesh", mesh_json(result->mesh, drawn));
  reply.emplace_back("notes", std::move(notes));
  reply.emplace_back("csv", proxigram_csv(px, result->elements));
  return json::Value(std::move(reply));
}

Result<json::Value> run_clusters(const IonSource& source, const AptJob& job, const AnalysisControl* control) {
  if (job.species.empty()) {
    return make_error(ErrorCode::invalid_argument, "apt clusters: no solute species (e.g. Mn)");
  }
  const IonRoi* roi = job.roi ? &*job.roi : nullptr;
  auto found = clusters_on_store(source, roi, job.species, job.clusters, control);
  if (!found) return found.error();
  if (control != nullptr && control->cancelled()) return cancelled_error("apt clusters");
  const std::vector<Cluster>& clusters = found->result.clusters;
  json::Array table;
  for (const Cluster& c : clusters) {
    std::uint64_t total = 0;
    for (std::uint64_t a : c.atoms) total += a;
    std::vector<double> at_percent;
    for (std::uint64_t a : c.atoms)
      at_percent.push_back(total > 0 ? 100.0 * static_cast<double>(a) / static_cast<double>(total) : kNaN);
    json::Object o;
    o.emplace_back("id", static_cast<double>(c.id));
    o.emplace_back("solute_ions", static_cast<double>(c.solute_ions));
    o.emplace_back("ions", static_cast<double>(c.ions));
    o.emplace_back("atoms", number_array(c.atoms));
    o.emplace_back("at_percent", number_array(at_percent));
    o.emplace_back("centroid_nm", triple_json(c.centroid_nm));
    o.emplace_back("radius_of_gyration_nm", number_or_null(c.radius_of_gyration_nm));
    table.emplace_back(std::move(o));
  }
  json::Array xyz, cluster_of;
  std::uint64_t members = 0;
  const std::vector<std::uint32_t>& cluster_of_ion = found->result.cluster_of_ion;
  for (std::size_t i = 0; i < cluster_of_ion.size(); ++i) {
    if (cluster_of_ion[i] == 0) continue;
    if (members++ >= job.max_member_ions) continue;
    for (std::size_t a = 0; a < 3; ++a) xyz.emplace_back(static_cast<double>(found->xyz_nm[3 * i + a]));
    cluster_of.emplace_back(static_cast<double>(cluster_of_ion[i]));
  }
  json::Object member_json;
  member_json.emplace_back("xyz", std::move(xyz));
  member_json.emplace_back("cluster", std::move(cluster_of));
  member_json.emplace_back("count", static_cast<double>(members));
  json::Array notes;
  if (members > job.max_member_ions) {
    notes.emplace_back("members: the first " + std::to_string(job.max_member_ions) + " of " +
                       std::to_string(members) +
                       " ions in clusters are sent (store order, an even subsample)");
  }
  json::Array species, elements;
  for (const std::string& s : job.species) species.emplace_back(s);
  for (const std::string& e : found->elements) elements.emplace_back(e);
  json::Object reply = reply_head(AptAnalysis::clusters, roi);
  reply.emplace_back("species", std::move(species));
  reply.emplace_back("elements", std::move(elements));
  reply.emplace_back("ions", static_cast<double>(found->rows.size()));
  reply.emplace_back("solute_ions", static_cast<double>(found->result.solute_ions));
  reply.emplace_back("clusters", std::move(table));
  reply.emplace_back("members", std::move(member_json));
  reply.emplace_back("notes", std::move(notes));
  reply.emplace_back("csv", clusters_csv(clusters, found->elements));
  return json::Value(std::move(reply));
}

}  // namespace

const char* apt_analysis_name(AptAnalysis kind) {
  switch (kind) {
    case AptAnalysis::profile:
      return "profile";
    case AptAnalysis::freqdist:
      return "freqdist";
    case AptAnalysis::proxigram:
      return "proxigram";
    case AptAnalysis::clusters:
      return "clusters";
  }
  return "profile";
}

Result<json::Value> run_apt_job(ReadableStore& store, const std::string& name, const AptJob& job,
                                const AnalysisControl* control) {
  auto source = IonSource::open(store, "", name);
  if (!source) return source.error();
  if (job.ranges) {
    if (Status s = source->use_ranges(*job.ranges); !s) return s.error();
  }
  switch (job.kind) {
    case AptAnalysis::profile:
      return run_profile(*source, job, control);
    case AptAnalysis::freqdist:
      return run_freqdist(*source, job, control);
    case AptAnalysis::proxigram:
      return run_proxigram(*source, job, control);
    case AptAnalysis::clusters:
      return run_clusters(*source, job, control);
  }
  return make_error(ErrorCode::invalid_argument, name + ": unknown atom probe analysis");
}

}  // namespace hs
