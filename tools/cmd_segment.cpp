// `heteroscope segment`: segments the particles of an OME-Zarr image with a recipe (default: Otsu,
// fill holes, watershed split) and writes them as an OME-Zarr labels image, with a particle summary.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "analysis/labels_writer.h"
#include "analysis/particles.h"
#include "analysis/recipe.h"
#include "analysis/volume_input.h"
#include "args.h"
#include "cli.h"
#include "progress.h"
#include "store/filesystem_store.h"
#include "store/http_store.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope segment IN.zarr -o LABELS.zarr [--recipe FILE.json] [recipe options] [--force]\n\n"
    "Segments the particles of one channel and time point of an OME-Zarr image (a folder or an http(s)\n"
    "URL) and writes them as an OME-Zarr labels image (uint32, labels 1..N, a mode-downsampled\n"
    "pyramid). Prints the particle count and a summary of the largest particles. Without recipe\n"
    "options: Otsu on the valid voxels (in maps with no-data voxels, such as XRD-CT refinements: the\n"
    "voxels with data), fill holes, watershed split of touching particles.\n\n"
    "Options:\n"
    "  -o, --output DIR        the labels store to write\n"
    "  --recipe FILE.json      a recipe (see core/analysis/recipe.h); options below override it\n"
    "  --level N|auto          pyramid level (default auto: the finest that fits --memory)\n"
    "  --memory MIB            memory budget for the level choice (default 2048)\n"
    "  --channel C, --time T   which channel and time point (default 0)\n"
    "  --smooth none|median|gaussian:SIGMA    smoothing (SIGMA in the image's length unit)\n"
    "  --threshold KIND        auto (the default: valid when some voxel has no data, else otsu),\n"
    "                          valid (the voxels with data), otsu, manual:V (keeps values >= V), or\n"
    "                          multi-otsu:K:F (K classes, 2..4; keeps classes F..K-1, F from 1)\n"
    "  --bins N                histogram bins of (multi-)Otsu (default 256)\n"
    "  --no-fill-holes         keep holes\n"
    "  --opening R             binary opening with a ball of radius R (length unit)\n"
    "  --min-voxels N          remove objects of fewer voxels\n"
    "  --connectivity 6|18|26  of labelling and the watershed (default 6)\n"
    "  --no-watershed          connected components only\n"
    "  --h H                   watershed marker height (length unit; default: a quarter of a voxel edge)\n"
    "  --print-recipe          print the recipe used as JSON\n"
    "  --force                 write over an existing store at DIR (keys the labels writer writes are replaced)\n";

struct Request {
  std::string input, output, recipe_path;
  std::vector<std::pair<std::string_view, std::string_view>> overrides;  // option, value ("" for flags)
  std::uint64_t memory_mib = 2048;
  bool force = false;
  bool print_recipe = false;
};

std::optional<std::string> parse(Args args, Request& r) {
  constexpr std::string_view kValued[] = {"--level", "--channel", "--time", "--smooth", "--threshold", "--bins",
                                          "--opening", "--min-voxels", "--connectivity", "--h"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const bool valued = std::find(std::begin(kValued), std::end(kValued), a) != std::end(kValued);
    if (valued || a == "-o" || a == "--output" || a == "--recipe" || a == "--memory") {
      if (i + 1 >= args.size()) return std::string(a) + " needs a value";
      const std::string_view v = args[++i];
      if (valued) r.overrides.emplace_back(a, v);
      else if (a == "--recipe") r.recipe_path = v;
      else if (a == "--memory") {
        const auto n = parse_count(v);
        if (!n || *n == 0) return "--memory needs a whole number of MiB";
        r.memory_mib = *n;
      } else r.output = v;
    } else if (a == "--no-fill-holes" || a == "--no-watershed") {
      r.overrides.emplace_back(a, "");
    } else if (a == "--force") {
      r.force = true;
    } else if (a == "--print-recipe") {
      r.print_recipe = true;
    } else if (a.starts_with("-")) {
      return "unknown option " + std::string(a);
    } else if (r.input.empty()) {
      r.input = a;
    } else {
      return "one input at a time (got '" + r.input + "' and '" + std::string(a) + "')";
    }
  }
  if (r.input.empty()) return "missing IN.zarr";
  if (r.output.empty()) return "missing -o LABELS.zarr";
  return std::nullopt;
}

// Applies one command-line option to the recipe; a message when its value is bad.
std::optional<std::string> apply(SegmentationRecipe& recipe, std::string_view option, std::string_view value) {
  const std::string text(value);
  if (option == "--no-fill-holes") {
    recipe.fill_holes = false;
  } else if (option == "--no-watershed") {
    recipe.watershed = false;
  } else if (option == "--level") {
    if (value == "auto") {
      recipe.level.reset();
    } else {
      const auto n = parse_count(value);
      if (!n) return "--level needs a level number or auto";
      recipe.level = *n;
    }
  } else if (option == "--channel" || option == "--time" || option == "--bins" || option == "--min-voxels") {
    const auto n = parse_count(value);
    if (!n) return std::string(option) + " needs a whole number";
    if (option == "--channel") recipe.channel = *n;
    if (option == "--time") recipe.time = *n;
    if (option == "--min-voxels") recipe.min_voxels = *n;
    if (option == "--bins") {
      if (*n < 2 || *n > 65536) return "--bins must be from 2 to 65536";
      recipe.histogram_bins = static_cast<std::uint32_t>(*n);
    }
  } else if (option == "--opening" || option == "--h") {
    const auto x = parse_number(value);
    if (!x || *x < 0 || (option == "--h" && *x == 0)) return std::string(option) + " needs a length > 0";
    if (option == "--opening") recipe.opening_radius = *x;
    else recipe.watershed_h = *x;
  } else if (option == "--connectivity") {
    if (value != "6" && value != "18" && value != "26") return "--connectivity must be 6, 18 or 26";
    recipe.connectivity = static_cast<Connectivity>(*parse_count(value));
  } else if (option == "--smooth") {
    if (value == "none") recipe.smoothing = SmoothingKind::none;
    else if (value == "median") recipe.smoothing = SmoothingKind::median;
    else if (value.starts_with("gaussian:")) {
      const auto sigma = parse_number(value.substr(9));
      if (!sigma || *sigma <= 0) return "--smooth gaussian:SIGMA needs a length > 0";
      recipe.smoothing = SmoothingKind::gaussian;
      recipe.gaussian_sigma = *sigma;
    } else {
      return "--smooth must be none, median or gaussian:SIGMA";
    }
  } else if (option == "--threshold") {
    const std::vector<std::string> parts = split_list(value, ':');
    if (parts.size() == 1 && parts[0] == "otsu") {
      recipe.threshold = ThresholdKind::otsu;
    } else if (parts.size() == 1 && parts[0] == "auto") {
      recipe.threshold = ThresholdKind::automatic;
    } else if (parts.size() == 1 && parts[0] == "valid") {
      recipe.threshold = ThresholdKind::valid;
    } else if (parts.size() == 2 && parts[0] == "manual" && parse_number(parts[1])) {
      recipe.threshold = ThresholdKind::manual;
      recipe.threshold_value = *parse_number(parts[1]);
    } else if (parts.size() == 3 && parts[0] == "multi-otsu" && parse_count(parts[1]) && parse_count(parts[2]) &&
               *parse_count(parts[1]) >= 2 && *parse_count(parts[1]) <= 4 && *parse_count(parts[2]) >= 1 &&
               *parse_count(parts[2]) < *parse_count(parts[1])) {
      recipe.threshold = ThresholdKind::multi_otsu;
      recipe.multi_otsu_classes = static_cast<int>(*parse_count(parts[1]));
      recipe.multi_otsu_foreground = static_cast<int>(*parse_count(parts[2]));
    } else {
      return "--threshold must be auto, valid, otsu, manual:V or multi-otsu:K:F (K 2..4, F 1..K-1)";
    }
  }
  return std::nullopt;
}

// Prints the particle count and the largest particles.
void print_summary(const ParticleTable& table, const std::string& value_name) {
  const std::vector<Particle>& particles = table.particles;
  const std::string unit = table.unit.empty() ? "voxel" : table.unit;
  std::size_t border = 0;
  for (const Particle& p : particles) border += p.touches_border;
  std::cout << "  particles   " << particles.size() << " (" << border << " touching the border)\n";
  if (particles.empty()) return;
  std::vector<const Particle*> by_size;
  for (const Particle& p : particles) by_size.push_back(&p);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const Particle* a, const Particle* b) { return a->voxel_count > b->voxel_count; });
  constexpr std::size_t kShown = 10;
  std::printf("  %-7s %10s %14s %10s %12s  %s\n", "label", "voxels", ("diameter " + unit).c_str(), "sphericity",
              "mean", value_name.c_str());
  for (std::size_t i = 0; i < std::min(kShown, by_size.size()); ++i) {
    const Particle& p = *by_size[i];
    std::printf("  %-7u %10llu %14.4g %10.3f %12.6g\n", p.label, static_cast<unsigned long long>(p.voxel_count),
                p.equivalent_diameter, p.sphericity, p.channels.empty() ? 0.0 : p.channels[0].mean);
  }
  if (by_size.size() > kShown) std::cout << "  ... and " << by_size.size() - kShown << " smaller\n";
}

int run_segment(Args args) {
  Request r;
  if (const auto problem = parse(args, r)) return usage_error(kSegmentCommand, *problem);
  SegmentationRecipe recipe;
  if (!r.recipe_path.empty()) {
    auto text = read_file(r.recipe_path);
    if (!text) return report(text.error());
    auto parsed = parse_recipe(*text, r.recipe_path);
    if (!parsed) return report(parsed.error());
    recipe = *parsed;
  }
  for (const auto& [option, value] : r.overrides) {
    if (const auto problem = apply(recipe, option, value)) return usage_error(kSegmentCommand, *problem);
  }
  if (r.print_recipe) std::cout << json::write_pretty(recipe_to_json(recipe)) << "\n";

  auto store = open_store(r.input);
  if (!store) return report(store.error());
  auto image = open_analysis_image(**store, r.input);
  if (!image) return report(image.error());
  for (const auto& w : image->warnings) std::cerr << "heteroscope: warning: " << r.input << ": " << w << "\n";
  // The pipeline holds about four grids of the level at once (values, mask, distance, labels).
  const std::uint64_t budget = r.memory_mib << 20;
  std::size_t level = 0;
  if (recipe.level) {
    level = static_cast<std::size_t>(*recipe.level);
  } else if (const auto chosen = choose_level(image->layout, 4, budget)) {
    level = *chosen;
  } else {
    return report(make_error(ErrorCode::limit, r.input + ": not even the coarsest level fits in --memory " +
                                                   std::to_string(r.memory_mib) + " MiB"));
  }

  FilesystemStore out(r.output);
  auto existing = out.size("zarr.json");
  if (!existing) return report(existing.error());
  if (existing->has_value() && !r.force) {
    return report(make_error(ErrorCode::invalid_argument,
                             r.output + ": a Zarr store is already there (use --force to replace it)"));
  }

  FloatGrid grid;
  {
    ProgressBar bar("reading level " + std::to_string(level), 0);
    AnalysisControl control;
    control.progress = [&](double f) { bar.update(f); };
    auto read = read_volume(**store, *image, VolumeSelection{level, recipe.channel, recipe.time}, &control);
    if (!read) return report(read.error());
    grid = std::move(*read);
  }
  Labels labels;
  {
    ProgressBar bar("segmenting", 0);
    AnalysisControl control;
    control.progress = [&](double f) { bar.update(f); };
    auto result = run_recipe(grid, recipe, &control);
    if (!result) return report(result.error());
    labels = std::move(*result);
  }
  {
    ProgressBar bar("writing labels", 0);
    LabelsWriteOptions options;
    const double unit_nm = ome_unit_nm(labels.grid.voxel.unit).value_or(1.0);
    for (std::size_t a = 0; a < 3; ++a) {
      options.first_center_zyx[a] = image->layout.levels[level].first_center_nm_zyx[a] / unit_nm;
    }
    std::error_code ec;
    const std::filesystem::path relative = std::filesystem::relative(r.input, r.output, ec);
    options.source_image = is_http_url(r.input) || ec ? r.input : relative.generic_string();
    options.progress = [&](double f) { bar.update(f); };
    if (const Status s = write_labels_image(labels.grid, out, options); !s) return report(s.error());
  }

  const ImageLayout& layout = image->layout;
  ParticleChannel channel{"channel " + std::to_string(recipe.channel), recipe.time, &grid, std::nullopt};
  if (recipe.channel < layout.metadata.channels.size()) channel.name = layout.metadata.channels[recipe.channel].label;
  if (recipe.channel < layout.metadata.semantics.size()) {
    const ChannelSemantics& s = layout.metadata.semantics[recipe.channel];
    channel.characteristic_range = s.characteristic_range;
    if (!s.unit.empty()) channel.name += " (" + s.unit + ")";
  }
  auto table = particle_table(labels.grid, std::span<const ParticleChannel>(&channel, 1));
  if (!table) return report(table.error());
  std::cout << r.output << ": labels of " << r.input << " level " << level << " (" << labels.grid.shape.nz << "×"
            << labels.grid.shape.ny << "×" << labels.grid.shape.nx << "), channel " << recipe.channel << ", time "
            << recipe.time << "\n";
  print_summary(*table, channel.name);
  return kExitOk;
}

}  // namespace

const Command kSegmentCommand = {"segment", "segment particles of an image into an OME-Zarr labels image", kUsage,
                                 run_segment};

}  // namespace hs::cli
