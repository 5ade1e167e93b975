// Reading the atom probe job's reply into structs, strictly.
#include "data/apt_run.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "analysis/apt/apt_params_json.h"
#include "data/reply_reader.h"

namespace hs {
namespace {

constexpr double kMaxWhole = 9007199254740992.0;  // 2^53: every whole number up to it is exact

// The bins' edges and counts; `centre_key` names centres given by the reply (empty: computed).
AptBins read_bins(const ReplyReader& bins, const char* centre_key) {
  AptBins out;
  out.start_nm = bins.numbers("start_nm");
  const std::size_t n = out.start_nm.size();
  out.end_nm = bins.numbers("end_nm", n);
  out.ions = bins.numbers("ions", n);
  out.atoms = bins.numbers("atoms", n);
  if (centre_key[0] != '\0') {
    out.centre_nm = bins.numbers(centre_key, n);
  } else if (!bins.failed()) {
    for (std::size_t i = 0; i < n; ++i) out.centre_nm.push_back(0.5 * (out.start_nm[i] + out.end_nm[i]));
  }
  return out;
}

std::vector<AptElementSeries> read_element_series(const ReplyReader& reply, std::size_t bins) {
  std::vector<AptElementSeries> out;
  for (const ReplyReader& e : reply.objects("elements")) {
    out.push_back({e.text("element"), e.numbers("count", bins), e.numbers("at_percent", bins), e.numbers("sigma", bins)});
  }
  return out;
}

AptProfileResult read_profile(const ReplyReader& reply) {
  AptProfileResult out;
  out.axis_label = reply.text("axis_label");
  const ReplyReader bins = reply.object("bins");
  out.bins = read_bins(bins, "");
  const std::size_t n = out.bins.start_nm.size();
  out.unranged_ions = bins.numbers("unranged_ions", n);
  out.elements = read_element_series(reply, n);
  for (const ReplyReader& r : reply.objects("ratios")) out.ratios.push_back({r.text("name"), r.numbers("value", n)});
  const ReplyReader totals = reply.object("totals");
  out.total_ions = totals.number("ions");
  out.total_unranged_ions = totals.number("unranged_ions");
  out.total_atoms = totals.number("atoms");
  for (const ReplyReader& e : totals.objects("elements")) {
    out.total_elements.push_back(
        {e.text("element"), e.number("count"), e.number("at_percent", true), e.number("sigma", true)});
  }
  for (const ReplyReader& r : totals.objects("ratios")) {
    out.total_ratios.push_back({r.text("name"), r.number("value", true)});
  }
  return out;
}

AptFrequencyResult read_frequency(const ReplyReader& reply) {
  AptFrequencyResult out;
  out.axis_label = reply.text("axis_label");
  for (const ReplyReader& d : reply.objects("distributions")) {
    AptDistribution row;
    row.element = d.text("element");
    const std::uint64_t n = d.whole("block_atoms", 1, static_cast<double>(kMaxBlockAtoms));
    row.block_atoms = static_cast<double>(n);
    row.blocks = d.number("blocks");
    row.at_percent = d.number("at_percent", true);
    row.observed = d.numbers("observed", static_cast<std::size_t>(n) + 1);
    row.expected = d.numbers("expected", static_cast<std::size_t>(n) + 1);
    row.chi2 = d.number("chi2", true);
    row.dof = d.number("dof", true);
    row.p_value = d.number("p_value", true);
    row.mu = d.number("mu", true);
    out.distributions.push_back(std::move(row));
  }
  return out;
}

AptProxigramResult read_proxigram(const ReplyReader& reply) {
  AptProxigramResult out;
  out.element = reply.text("element");
  out.level_at_percent = reply.number("level_at_percent");
  out.ions = reply.number("ions");
  out.ions_beyond = reply.number("ions_beyond");
  out.bins = read_bins(reply.object("bins"), "distance_nm");
  out.elements = read_element_series(reply, out.bins.start_nm.size());
  for (const ReplyReader& c : reply.objects("components")) {
    out.components.push_back({c.triple("centre_nm"), c.number("volume_nm3", true), c.number("area_nm2", true),
                              c.flag("closed"), c.number("triangles")});
  }
  const ReplyReader mesh = reply.object("mesh");
  out.mesh_vertices_nm = mesh.floats("vertices", 3);
  const std::uint64_t vertices = std::min<std::uint64_t>(out.mesh_vertices_nm.size() / 3, std::uint64_t{1} << 32);
  out.mesh_triangles = mesh.indices("triangles", 0, vertices);
  if (out.mesh_triangles.size() % 3 != 0) mesh.fail("triangles", "must hold three indices per triangle");
  out.mesh_triangle_count =
      mesh.whole("triangle_count", static_cast<double>(out.mesh_triangles.size() / 3), kMaxWhole);
  return out;
}

AptClustersResult read_clusters(const ReplyReader& reply) {
  AptClustersResult out;
  out.species = reply.texts("species");
  out.elements = reply.texts("elements");
  out.ions = reply.number("ions");
  out.solute_ions = reply.number("solute_ions");
  std::uint32_t largest_id = 0;
  for (const ReplyReader& c : reply.objects("clusters")) {
    AptClusterRow row;
    row.id = static_cast<std::uint32_t>(c.whole("id", 1, std::numeric_limits<std::uint32_t>::max()));
    row.solute_ions = c.number("solute_ions");
    row.ions = c.number("ions");
    row.atoms = c.numbers("atoms", out.elements.size());
    row.at_percent = c.numbers("at_percent", out.elements.size());
    row.centroid_nm = c.triple("centroid_nm");
    row.radius_of_gyration_nm = c.number("radius_of_gyration_nm", true);
    largest_id = std::max(largest_id, row.id);
    out.clusters.push_back(std::move(row));
  }
  const ReplyReader members = reply.object("members");
  out.member_xyz_nm = members.floats("xyz", 3);
  out.member_cluster = members.indices("cluster", 1, std::uint64_t{largest_id} + 1);
  if (out.member_cluster.size() != out.member_xyz_nm.size() / 3) {
    members.fail("cluster", "must hold one cluster id per position");
  }
  out.member_count = members.whole("count", static_cast<double>(out.member_cluster.size()), kMaxWhole);
  return out;
}

}  // namespace

Result<AptResult> parse_apt_result(const json::Value& reply) {
  if (!reply.is_object()) return make_error(ErrorCode::parse, "apt reply: not an object");
  std::string problem;
  const ReplyReader r(&reply, "", problem);
  const std::string kind = r.text("kind");
  AptResult out;
  if (kind == apt_analysis_name(AptAnalysis::profile)) {
    out.data = read_profile(r);
  } else if (kind == apt_analysis_name(AptAnalysis::freqdist)) {
    out.data = read_frequency(r);
  } else if (kind == apt_analysis_name(AptAnalysis::proxigram)) {
    out.data = read_proxigram(r);
  } else if (kind == apt_analysis_name(AptAnalysis::clusters)) {
    out.data = read_clusters(r);
  } else {
    r.fail("kind", "must be \"profile\", \"freqdist\", \"proxigram\" or \"clusters\"");
  }
  out.notes = r.texts("notes");
  out.csv = r.text("csv");
  if (!r.is_null("roi") && !r.failed()) {
    auto roi = roi_from_json(*reply.find("roi"), "apt reply: roi");
    if (!roi) return make_error(ErrorCode::parse, roi.error().message);
    out.roi = std::move(*roi);
  }
  if (!problem.empty()) return make_error(ErrorCode::parse, "apt reply: " + problem);
  return out;
}

json::Value AptRun::to_json() const {
  static constexpr const char* kNames[] = {"idle", "running", "done", "failed"};
  json::Object out;
  out.emplace_back("status", kNames[static_cast<int>(status)]);
  out.emplace_back("progress", progress);
  out.emplace_back("error", error);
  json::Value kind = result ? json::Value(apt_analysis_name(result->kind())) : json::Value();
  out.emplace_back("kind", std::move(kind));
  json::Array notes;
  if (result) {
    for (const std::string& n : result->notes) notes.emplace_back(n);
  }
  out.emplace_back("notes", std::move(notes));
  json::Value csv = result ? json::Value(result->csv) : json::Value();
  out.emplace_back("csv", std::move(csv));
  return out;
}

}  // namespace hs
