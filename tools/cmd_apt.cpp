// `heteroscope apt <analysis>`: atom probe analyses of a point store (core/analysis/apt), one
// function per analysis behind a small dispatcher; the same code the viewer runs.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/apt/clusters.h"
#include "analysis/apt/composition_profile.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/frequency_distribution.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/ordered_ions.h"
#include "analysis/apt/proxigram.h"
#include "analysis/apt/ratios.h"
#include "analysis/apt/roi.h"
#include "args.h"
#include "cli.h"
#include "progress.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope apt profile STORE [ROI options] [--bin W | --bin-ions N] -o OUT.csv\n"
    "       heteroscope apt freqdist STORE --species E[,E...] [--block N] [ROI options] -o OUT.csv\n"
    "       heteroscope apt proxigram STORE --element E --level P [proxigram options] [ROI options] -o OUT.csv\n"
    "       heteroscope apt clusters STORE --species E[,E...] [cluster options] [ROI options] -o OUT.csv\n\n"
    "Atom probe analyses of a point store (a folder, a .zip of one, or an http(s) URL), over every\n"
    "ion inside the ROI.\n\n"
    "  profile    composition along the ROI: per bin the atoms of each element (molecular ions\n"
    "             decomposed), at.% and sigma = sqrt(c(1-c)/N), and the ratios Li/(Li+Ni+Co+Mn),\n"
    "             Ni/(Ni+Co+Mn) and O2+/O+; prints the ROI totals\n"
    "  freqdist   frequency distribution of each element in blocks of N atoms taken in order along\n"
    "             the ROI's axis, against the binomial; prints chi2, its p-value and Pearson mu\n"
    "  proxigram  isoconcentration surface of element E at P at.% (concentration on a voxel grid,\n"
    "             Gaussian delocalisation, marching cubes), then per bin of signed distance to it\n"
    "             (positive inside, on the high side) the atoms, at.% and sigma of every element;\n"
    "             prints the surface's closed components (centre, volume)\n"
    "  clusters   maximum-separation cluster search on the solute elements; writes the cluster\n"
    "             table (ions, composition, centroid, radius of gyration)\n\n"
    "ROI options (default: a cylinder of radius 12.5 nm through the centre of the data along z,\n"
    "over the data's whole length; proxigram and clusters: all the data unless an ROI option is given):\n"
    "  --axis x|y|z        direction of the cylinder (or of a box's profile)\n"
    "  --radius R          cylinder radius, nm\n"
    "  --length L          cylinder length, nm (default: the data's extent along the axis)\n"
    "  --centre X,Y,Z      cylinder centre, nm (default: the centre of the data's bounds)\n"
    "  --box X0,Y0,Z0,X1,Y1,Z1   a box ROI instead of the cylinder, profiled along --axis\n"
    "Profile options:\n"
    "  --bin W             bin width along the axis, nm (default 0.5)\n"
    "  --bin-ions N        bins of N ranged ions each instead of a fixed width\n"
    "Frequency distribution options:\n"
    "  --species E[,E...]  elements to test, e.g. Cr,Ni (symbols of the store's range table)\n"
    "  --block N           atoms per block (default 100)\n"
    "Proxigram options:\n"
    "  --element E         element of the isosurface, e.g. Mn\n"
    "  --level P           the isosurface's concentration, at.%\n"
    "  --voxel V           grid spacing, nm (default 1)\n"
    "  --sigma S|SX,SY,SZ  Gaussian delocalisation, nm (default 1)\n"
    "  --min-atoms N       voxels with fewer atoms (after delocalisation) have no value (default 1)\n"
    "  --bin W             bin width of the distance, nm (default 0.5)\n"
    "  --max-distance D    distances binned from -D to D nm (default 10)\n"
    "Cluster options:\n"
    "  --species E[,E...]  solute elements, e.g. Mn\n"
    "  --dmax D            largest distance linking two solute ions, nm (default 0.5)\n"
    "  --nmin N            fewest solute ions of a cluster (default 10)\n"
    "  --envelope L        other ions within L nm of a cluster's solute ions join it (default 0.5)\n"
    "  --erosion E         members within E nm of a matrix ion leave (default 0)\n"
    "Common:\n"
    "  -o, --output FILE   CSV to write\n";

// ROI and output options shared by every analysis.
struct Common {
  std::string store;
  std::string output;
  int axis = 2;
  double radius_nm = kDefaultCylinderRadiusNm;
  std::optional<double> length_nm;
  std::optional<std::array<double, 3>> centre_nm;
  std::optional<std::array<double, 6>> box_nm;
  bool roi_given = false;  // --radius, --length, --centre or --box was given
};

// Handles argument args[i] (and its value) if it is a common option or the store. nullopt when
// handled; "" when not one of them; otherwise the problem.
std::optional<std::string> parse_common(Args args, std::size_t& i, Common& c) {
  const std::string_view a = args[i];
  const auto value = [&]() -> std::optional<std::string_view> {
    if (i + 1 >= args.size()) return std::nullopt;
    return args[++i];
  };
  if (a == "-o" || a == "--output") {
    const auto v = value();
    if (!v) return "-o needs a file";
    c.output = *v;
  } else if (a == "--axis") {
    const auto v = value();
    if (!v || v->size() != 1 || (*v)[0] < 'x' || (*v)[0] > 'z') return "--axis must be x, y or z";
    c.axis = (*v)[0] - 'x';
  } else if (a == "--radius" || a == "--length") {
    const auto v = value();
    const auto n = v ? parse_number(*v) : std::nullopt;
    if (!n || !(*n > 0)) return std::string(a) + " needs a length in nm above 0";
    (a == "--radius" ? c.radius_nm : c.length_nm.emplace()) = *n;
    c.roi_given = true;
  } else if (a == "--centre" || a == "--center") {
    const auto v = value();
    const auto parts = v ? split_list(*v) : std::vector<std::string>{};
    std::array<double, 3> centre{};
    for (std::size_t k = 0; k < 3 && parts.size() == 3; ++k) {
      const auto n = parse_number(parts[k]);
      if (!n) return "--centre needs X,Y,Z in nm";
      centre[k] = *n;
    }
    if (parts.size() != 3) return "--centre needs X,Y,Z in nm";
    c.centre_nm = centre;
    c.roi_given = true;
  } else if (a == "--box") {
    const auto v = value();
    const auto parts = v ? split_list(*v) : std::vector<std::string>{};
    if (parts.size() != 6) return "--box needs X0,Y0,Z0,X1,Y1,Z1 in nm";
    std::array<double, 6> box{};
    for (std::size_t k = 0; k < 6; ++k) {
      const auto n = parse_number(parts[k]);
      if (!n) return "--box needs X0,Y0,Z0,X1,Y1,Z1 in nm";
      box[k] = *n;
    }
    c.box_nm = box;
    c.roi_given = true;
  } else if (a.starts_with("-")) {
    return "";
  } else if (c.store.empty()) {
    c.store = a;
  } else {
    return "one store at a time (got '" + c.store + "' and '" + std::string(a) + "')";
  }
  return std::nullopt;
}

std::optional<std::string> check_common(const Common& c) {
  if (c.store.empty()) return "missing STORE";
  if (c.output.empty()) return "missing -o OUT.csv";
  if (c.box_nm && (c.length_nm || c.centre_nm)) return "--box cannot go with --length or --centre";
  return std::nullopt;
}

Result<IonRoi> make_roi(const Common& c, const IonSource& source) {
  if (c.box_nm) {
    const auto& b = *c.box_nm;
    return make_box_roi({b[0], b[1], b[2]}, {b[3], b[4], b[5]}, c.axis);
  }
  const auto& bounds = source.attributes().bounds_nm;
  if (!bounds && (!c.length_nm || !c.centre_nm)) {
    return make_error(ErrorCode::invalid_argument, source.name() + ": holds no ions (no bounds to place the ROI in)");
  }
  const std::array<std::array<double, 3>, 2> b = bounds ? *bounds : std::array<std::array<double, 3>, 2>{};
  auto cylinder = default_cylinder(b, c.axis, c.radius_nm, c.length_nm, c.centre_nm);
  if (!cylinder) return cylinder.error();
  return IonRoi{*cylinder, c.axis};
}

Status write_text(const std::string& path, const std::string& text) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!file) return make_error(ErrorCode::io, path + ": cannot create (" + std::strerror(errno) + ")");
  if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
    return make_error(ErrorCode::io, path + ": write failed (" + std::strerror(errno) + ")");
  }
  return {};
}

// An ROI opened for an analysis: the store, its ions and ranges, and a progress bar.
struct Session {
  std::unique_ptr<ReadableStore> store;
  std::optional<IonSource> source;
  std::optional<ElementCounter> counter;
  std::optional<IonRoi> roi;
  std::unique_ptr<ProgressBar> bar;
  AnalysisControl control;
};

Result<std::unique_ptr<Session>> open_session(const Common& c, const char* label) {
  auto session = std::make_unique<Session>();
  auto opened = open_store(c.store);
  if (!opened) return opened.error();
  session->store = std::move(*opened);
  auto source = IonSource::open(*session->store, "", c.store);
  if (!source) return source.error();
  session->source.emplace(std::move(*source));
  session->counter.emplace(session->source->ranges());
  auto roi = make_roi(c, *session->source);
  if (!roi) return roi.error();
  session->roi = *roi;
  const double bytes = 16.0 * static_cast<double>(session->source->candidate_rows(&*session->roi));
  session->bar = std::make_unique<ProgressBar>(label, bytes);
  session->control.progress = [bar = session->bar.get()](double f) { bar->update(f); };
  return session;
}

void print_number(const char* label, double value) {
  if (std::isnan(value)) return;
  std::printf("  %-18s %.4f\n", label, value);
}

int run_profile(Args args) {
  Common c;
  ProfileParams params;
  bool bin_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (auto problem = parse_common(args, i, c); !problem) continue;
    else if (!problem->empty()) return usage_error(kAptCommand, *problem);
    const std::string_view a = args[i];
    const std::optional<std::string_view> v = i + 1 < args.size() ? std::optional(args[++i]) : std::nullopt;
    if (a == "--bin") {
      const auto n = v ? parse_number(*v) : std::nullopt;
      if (!n || !(*n > 0)) return usage_error(kAptCommand, "--bin needs a width in nm above 0");
      params.bin_nm = *n;
      bin_given = true;
    } else if (a == "--bin-ions") {
      const auto n = v ? parse_count(*v) : std::nullopt;
      if (!n || *n == 0) return usage_error(kAptCommand, "--bin-ions needs a whole number above 0");
      params.bin_ions = *n;
    } else {
      return usage_error(kAptCommand, "unknown option " + std::string(a));
    }
  }
  if (auto problem = check_common(c)) return usage_error(kAptCommand, *problem);
  if (params.bin_ions > 0 && bin_given) return usage_error(kAptCommand, "--bin and --bin-ions exclude each other");
  auto session = open_session(c, "apt profile");
  if (!session) return report(session.error());
  Session& s = **session;
  auto profile = composition_profile(*s.source, *s.roi, *s.counter, params, &s.control);
  s.bar.reset();
  if (!profile) return report(profile.error());
  if (Status w = write_text(c.output, profile_csv(*profile, *s.counter)); !w) return report(w.error());
  const ProfileBin& total = profile->total;
  std::printf("%s: %s\n  %zu bins, %llu atoms in the ROI\n", c.store.c_str(), profile->roi.c_str(),
              profile->bins.size(), static_cast<unsigned long long>(total.atoms));
  for (std::size_t e = 0; e < profile->elements.size(); ++e) {
    std::printf("  %-4s %8.3f ± %.3f at.%%\n", profile->elements[e].c_str(), 100 * CompositionProfile::fraction(total, e),
                100 * CompositionProfile::sigma(total, e));
  }
  const CathodeRatios r = RatioSpecies(*s.counter).ratios(total.species_ions, total.element_atoms);
  print_number("Li/(Li+Ni+Co+Mn)", r.li_fraction);
  print_number("Ni/(Ni+Co+Mn)", r.ni_fraction);
  print_number("O2+/O+", r.o2_to_o);
  std::printf("wrote %s\n", c.output.c_str());
  return kExitOk;
}

int run_freqdist(Args args) {
  Common c;
  FrequencyParams params;
  std::vector<std::string> species;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (auto problem = parse_common(args, i, c); !problem) continue;
    else if (!problem->empty()) return usage_error(kAptCommand, *problem);
    const std::string_view a = args[i];
    const std::optional<std::string_view> v = i + 1 < args.size() ? std::optional(args[++i]) : std::nullopt;
    if (a == "--species") {
      if (!v || v->empty()) return usage_error(kAptCommand, "--species needs element symbols, e.g. Cr,Ni");
      species = split_list(*v);
    } else if (a == "--block") {
      const auto n = v ? parse_count(*v) : std::nullopt;
      if (!n || *n == 0 || *n > kMaxBlockAtoms) {
        return usage_error(kAptCommand, "--block needs a whole number of atoms from 1 to " + std::to_string(kMaxBlockAtoms));
      }
      params.block_atoms = *n;
    } else {
      return usage_error(kAptCommand, "unknown option " + std::string(a));
    }
  }
  if (species.empty()) return usage_error(kAptCommand, "missing --species (e.g. --species Cr)");
  if (auto problem = check_common(c)) return usage_error(kAptCommand, *problem);
  auto session = open_session(c, "apt freqdist");
  if (!session) return report(session.error());
  Session& s = **session;
  std::vector<std::size_t> elements;
  for (const std::string& name : species) {
    const auto e = s.counter->element_index(name);
    if (!e) {
      std::string known;
      for (const std::string& k : s.counter->elements()) known += (known.empty() ? "" : ", ") + k;
      return report(make_error(ErrorCode::invalid_argument, c.store + ": unknown species '" + name +
                                                                "': the range table has " +
                                                                (known.empty() ? "no elements" : known)));
    }
    elements.push_back(*e);
  }
  auto ions = ordered_ions(*s.source, *s.roi, *s.counter, &s.control);
  s.bar.reset();
  if (!ions) return report(ions.error());
  std::vector<FrequencyDistribution> results;
  std::printf("%s: %s\n", c.store.c_str(), s.roi->describe().c_str());
  for (std::size_t e : elements) {
    auto d = frequency_distribution(*ions, *s.counter, e, params);
    if (!d) return report(d.error());
    std::printf("  %-4s %llu blocks of %llu atoms, %.4f at.%%: chi2 = %.4f (%g dof), p-value = %.4g, mu = %.4f\n",
                d->element.c_str(), static_cast<unsigned long long>(d->blocks),
                static_cast<unsigned long long>(d->block_atoms), 100 * d->fraction, d->chi.chi2, d->chi.dof,
                d->chi.p_value, d->mu);
    results.push_back(std::move(*d));
  }
  if (Status w = write_text(c.output, frequency_csv(results)); !w) return report(w.error());
  std::printf("wrote %s\n", c.output.c_str());
  return kExitOk;
}

// Whole data unless an ROI option was given (a surface or a cluster search is about the whole run).
const IonRoi* analysis_roi(const Common& c, const Session& s) { return c.roi_given ? &*s.roi : nullptr; }

// The finite number in `value`, or NaN when it is missing or not a number (NaN fails every
// range check below).
double number_or_nan(const std::optional<std::string_view>& value) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return value ? parse_number(*value).value_or(nan) : nan;
}

// Parses "S" or "SX,SY,SZ" (nm, each >= 0) into `sigma`.
bool parse_sigma(std::string_view text, std::array<double, 3>& sigma) {
  const std::vector<std::string> parts = split_list(text);
  if (parts.size() != 1 && parts.size() != 3) return false;
  for (std::size_t k = 0; k < 3; ++k) {
    const auto n = parse_number(parts[parts.size() == 1 ? 0 : k]);
    if (!n || !(*n >= 0)) return false;
    sigma[k] = *n;
  }
  return true;
}

int run_proxigram(Args args) {
  Common c;
  IsosurfaceParams params;
  bool level_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (auto problem = parse_common(args, i, c); !problem) continue;
    else if (!problem->empty()) return usage_error(kAptCommand, *problem);
    const std::string_view a = args[i];
    const std::optional<std::string_view> v = i + 1 < args.size() ? std::optional(args[++i]) : std::nullopt;
    const double n = number_or_nan(v);
    if (a == "--element") {
      if (!v || v->empty()) return usage_error(kAptCommand, "--element needs an element symbol, e.g. Mn");
      params.element = *v;
    } else if (a == "--level") {
      if (std::isnan(n)) return usage_error(kAptCommand, "--level needs a concentration in at.%");
      params.level_at_percent = n;
      level_given = true;
    } else if (a == "--voxel" || a == "--bin" || a == "--max-distance") {
      if (!(n > 0)) return usage_error(kAptCommand, std::string(a) + " needs a length in nm above 0");
      (a == "--voxel" ? params.grid.voxel_nm : a == "--bin" ? params.proxigram.bin_nm : params.proxigram.max_distance_nm) = n;
    } else if (a == "--sigma") {
      if (!v || !parse_sigma(*v, params.grid.sigma_nm)) return usage_error(kAptCommand, "--sigma needs S or SX,SY,SZ in nm, 0 or more");
    } else if (a == "--min-atoms") {
      if (!(n >= 0)) return usage_error(kAptCommand, "--min-atoms needs a number of atoms, 0 or more");
      params.grid.min_total_atoms = n;
    } else {
      return usage_error(kAptCommand, "unknown option " + std::string(a));
    }
  }
  if (params.element.empty()) return usage_error(kAptCommand, "missing --element (e.g. --element Mn)");
  if (!level_given) return usage_error(kAptCommand, "missing --level (the isosurface's at.%, e.g. --level 12)");
  if (auto problem = check_common(c)) return usage_error(kAptCommand, *problem);
  auto session = open_session(c, "apt proxigram");
  if (!session) return report(session.error());
  Session& s = **session;
  auto result = isosurface_on_store(*s.source, analysis_roi(c, s), params, &s.control);
  s.bar.reset();
  if (!result) return report(result.error());
  if (Status w = write_text(c.output, proxigram_csv(result->proxigram, result->elements)); !w) return report(w.error());
  std::size_t closed = 0;
  for (const MeshComponent& m : result->components) closed += m.closed ? 1 : 0;
  std::printf("%s: %s at %.4g at.%%, %llu ions: %zu triangles, %.4g nm2, %zu components (%zu closed)\n", c.store.c_str(),
              params.element.c_str(), params.level_at_percent, static_cast<unsigned long long>(result->ions),
              result->mesh.triangles.size(), mesh_area_nm2(result->mesh), result->components.size(), closed);
  for (const MeshComponent& m : result->components) {
    if (!m.closed || m.volume_nm3 < 1) continue;
    std::printf("  closed: centre %.2f, %.2f, %.2f nm, volume %.4g nm3, area %.4g nm2\n", m.centroid_nm[0],
                m.centroid_nm[1], m.centroid_nm[2], m.volume_nm3, m.area_nm2);
  }
  std::printf("  %llu ions beyond %.4g nm of the surface\nwrote %s\n",
              static_cast<unsigned long long>(result->proxigram.ions_beyond), params.proxigram.max_distance_nm,
              c.output.c_str());
  return kExitOk;
}

int run_clusters(Args args) {
  Common c;
  ClusterParams params;
  std::vector<std::string> species;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (auto problem = parse_common(args, i, c); !problem) continue;
    else if (!problem->empty()) return usage_error(kAptCommand, *problem);
    const std::string_view a = args[i];
    const std::optional<std::string_view> v = i + 1 < args.size() ? std::optional(args[++i]) : std::nullopt;
    const double n = number_or_nan(v);
    if (a == "--species") {
      if (!v || v->empty()) return usage_error(kAptCommand, "--species needs solute element symbols, e.g. Mn,Cr");
      species = split_list(*v);
    } else if (a == "--dmax") {
      if (!(n > 0)) return usage_error(kAptCommand, "--dmax needs a length in nm above 0");
      params.d_max_nm = n;
    } else if (a == "--envelope" || a == "--erosion") {
      if (!(n >= 0)) return usage_error(kAptCommand, std::string(a) + " needs a length in nm, 0 or more");
      (a == "--envelope" ? params.envelope_nm : params.erosion_nm) = n;
    } else if (a == "--nmin") {
      const auto count = v ? parse_count(*v) : std::nullopt;
      if (!count || *count == 0) return usage_error(kAptCommand, "--nmin needs a whole number above 0");
      params.min_solute_ions = *count;
    } else {
      return usage_error(kAptCommand, "unknown option " + std::string(a));
    }
  }
  if (species.empty()) return usage_error(kAptCommand, "missing --species (the solute elements, e.g. --species Mn)");
  if (auto problem = check_common(c)) return usage_error(kAptCommand, *problem);
  auto session = open_session(c, "apt clusters");
  if (!session) return report(session.error());
  Session& s = **session;
  auto found = clusters_on_store(*s.source, analysis_roi(c, s), species, params, &s.control);
  s.bar.reset();
  if (!found) return report(found.error());
  if (Status w = write_text(c.output, clusters_csv(found->result.clusters, found->elements)); !w) return report(w.error());
  std::uint64_t members = 0;
  for (const Cluster& cl : found->result.clusters) members += cl.ions;
  std::printf("%s: %zu clusters of at least %llu solute ions (d_max %.4g nm), %llu of %llu ions in clusters, %llu solute ions\nwrote %s\n",
              c.store.c_str(), found->result.clusters.size(), static_cast<unsigned long long>(params.min_solute_ions),
              params.d_max_nm, static_cast<unsigned long long>(members),
              static_cast<unsigned long long>(found->rows.size()),
              static_cast<unsigned long long>(found->result.solute_ions), c.output.c_str());
  return kExitOk;
}

struct Analysis {
  std::string_view name;
  int (*run)(Args args);
};

constexpr Analysis kAnalyses[] = {
    {"profile", run_profile},
    {"freqdist", run_freqdist},
    {"proxigram", run_proxigram},
    {"clusters", run_clusters},
};

int run_apt(Args args) {
  if (args.empty()) return usage_error(kAptCommand, "which analysis? (profile, freqdist, proxigram, clusters)");
  for (std::string_view a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
  }
  for (const Analysis& a : kAnalyses) {
    if (args[0] == a.name) return a.run(args.subspan(1));
  }
  std::string names;
  for (const Analysis& a : kAnalyses) names += (names.empty() ? "" : ", ") + std::string(a.name);
  return usage_error(kAptCommand, "unknown analysis '" + std::string(args[0]) + "' (one of " + names + ")");
}

}  // namespace

const Command kAptCommand = {"apt", "atom probe analyses: composition profile, frequency distribution, proxigram, clusters", kUsage,
                             run_apt};

}  // namespace hs::cli
