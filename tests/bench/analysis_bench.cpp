// Analysis benchmark for scripts/bench (issues 8 and 9), built natively and to wasm (run under node,
// reading the local file system through NODERAWFS); prints one JSON object of per-step seconds.
//   hs_analysis_bench volume RAW N [H]
//     the segmentation pipeline on RAW, an N³ little-endian float32 volume (NaN = no data; written
//     by tests/bench/analysis_reference_bench.py, which times scipy/skimage on the same file):
//     Otsu threshold, 26-connected labelling, EDT, h-maxima markers (height H voxels, default 2),
//     watershed split, depth profile.
//   hs_analysis_bench apt-write DIR IONS [PROXIGRAM_IONS]
//     writes two point stores of generated ions into DIR unless there already: profile.zarr with IONS
//     ions, proxigram.zarr with PROXIGRAM_IONS (default 10^6), each with its ions as ions.pos too;
//     deterministic, so a native run writes them once and a wasm run (and the numpy
//     reference, which reads profile.zarr/ions.pos) sees the same ions
//   hs_analysis_bench apt DIR IONS [PROXIGRAM_IONS]
//     atom probe analyses on those stores (written first if missing): cylinder composition profile,
//     frequency distribution over all ions, isosurface + proxigram.
// Peak memory: natively the process's peak resident set (getrusage); in wasm dlmalloc's peak
// footprint (mallinfo().usmblks), i.e. the heap only, without the wasm code and stack.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/em_asm.h>
#include <malloc.h>
#else
#include <sys/resource.h>
#endif

#include "analysis/apt/composition_profile.h"
#include "analysis/apt/element_counts.h"
#include "analysis/apt/frequency_distribution.h"
#include "analysis/apt/ion_source.h"
#include "analysis/apt/ordered_ions.h"
#include "analysis/apt/proxigram.h"
#include "analysis/apt/roi.h"
#include "analysis/distance_transform.h"
#include "analysis/histogram.h"
#include "analysis/labeling.h"
#include "analysis/profiles.h"
#include "analysis/threshold.h"
#include "analysis/watershed.h"
#include "io/byte_source.h"
#include "io/point_reader.h"
#include "io/pos.h"
#include "io/pos_writer.h"
#include "points/point_store_writer.h"
#include "points/range_table.h"
#include "store/filesystem_store.h"

namespace {

static_assert(std::endian::native == std::endian::little, "the raw volume is read in place as little-endian");

constexpr double kMiB = 1024.0 * 1024.0;

// Peak memory of the process so far in MiB (see the file comment for what is measured).
double peak_memory_mib() {
#ifdef __EMSCRIPTEN__
  const struct mallinfo info = mallinfo();
  return static_cast<double>(static_cast<std::uint32_t>(info.usmblks)) / kMiB;
#else
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0 / kMiB;
#endif
}

// CPU seconds (user + system, all threads) of the process so far: on this shared machine the wall
// times of one run are inflated by other jobs, CPU times much less. In wasm, node's own count.
double cpu_seconds() {
#ifdef __EMSCRIPTEN__
  return EM_ASM_DOUBLE({
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  });
#else
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
#endif
}

const char* memory_measure() {
#ifdef __EMSCRIPTEN__
  return "wasm heap: dlmalloc peak footprint (mallinfo usmblks)";
#else
  return "native: peak resident set (getrusage ru_maxrss)";
#endif
}

int fail(const std::string& message) {
  std::fprintf(stderr, "hs_analysis_bench: %s\n", message.c_str());
  return 1;
}

// Wall and CPU seconds of consecutive steps, and the peak memory after each, as JSON members.
class StepTimes {
 public:
  StepTimes() { restart(); }

  // Ends the step that began at the previous call (or at construction or restart()).
  void end(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    const double cpu = cpu_seconds();
    steps_.push_back(
        {name, std::chrono::duration<double>(now - start_).count(), cpu - start_cpu_, peak_memory_mib()});
    start_ = now;
    start_cpu_ = cpu;
  }
  // Restarts the clocks without recording (for work that is not part of any step).
  void restart() {
    start_ = std::chrono::steady_clock::now();
    start_cpu_ = cpu_seconds();
  }

  // "seconds": {...}, "total_seconds": t, "cpu_seconds": {...}, "total_cpu_seconds": t,
  // "peak_mib_after": {...}
  std::string json() const {
    return member("seconds", &Step::seconds, "%.4f") + ", " + total("total_seconds", &Step::seconds) + ", " +
           member("cpu_seconds", &Step::cpu_seconds, "%.4f") + ", " +
           total("total_cpu_seconds", &Step::cpu_seconds) + ", " +
           member("peak_mib_after", &Step::peak_mib, "%.1f");
  }

 private:
  struct Step {
    const char* name;
    double seconds;
    double cpu_seconds;
    double peak_mib;
  };

  std::string member(const char* key, double Step::*field, const char* format) const {
    std::string text = std::string("\"") + key + "\": {";
    char buffer[64];
    for (const Step& s : steps_) {
      std::snprintf(buffer, sizeof buffer, format, s.*field);
      text += std::string(&s == &steps_.front() ? "" : ", ") + "\"" + s.name + "\": " + buffer;
    }
    return text + "}";
  }
  std::string total(const char* key, double Step::*field) const {
    double sum = 0;
    for (const Step& s : steps_) sum += s.*field;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4f", sum);
    return std::string("\"") + key + "\": " + buffer;
  }

  std::chrono::steady_clock::time_point start_;
  double start_cpu_ = 0;
  std::vector<Step> steps_;
};

// [volume] ---------------------------------------------------------------------------------------

hs::Result<hs::FloatGrid> read_volume(const std::string& path, std::int64_t n) {
  auto source = hs::open_file_source(path);
  if (!source) return source.error();
  const hs::GridShape shape{n, n, n};
  const std::uint64_t bytes = static_cast<std::uint64_t>(shape.voxel_count()) * sizeof(float);
  if ((*source)->size() != bytes) {
    return hs::make_error(hs::ErrorCode::invalid_argument, path + ": " + std::to_string((*source)->size()) +
                                                               " bytes, expected " + std::to_string(bytes) +
                                                               " for " + std::to_string(n) + "³ float32");
  }
  hs::FloatGrid grid = hs::make_grid(shape, 0.0f);
  const hs::Status read = (*source)->read(
      0, {reinterpret_cast<std::uint8_t*>(grid.values.data()), static_cast<std::size_t>(bytes)});
  if (!read) return read.error();
  return grid;
}

int run_volume(const std::string& path, std::int64_t n, double h) {
  auto grid = read_volume(path, n);
  if (!grid) return fail(grid.error().message);
  const double baseline_mib = peak_memory_mib();
  StepTimes times;

  const hs::Histogram histogram = hs::make_histogram(grid->values, 256);
  const double threshold = hs::otsu_threshold(histogram);
  hs::MaskGrid mask = hs::threshold_mask(*grid, threshold);
  times.end("otsu_threshold");

  std::uint32_t components = 0;
  {
    const hs::Labels labels = hs::label_components(mask, hs::Connectivity::corners26);
    components = labels.count;
  }
  times.end("label_26");

  auto distance = hs::distance_transform(mask);
  if (!distance) return fail(distance.error().message);
  times.end("edt");

  hs::Labels markers;
  {
    auto maxima = hs::h_maxima(*distance, h, hs::Connectivity::corners26);
    if (!maxima) return fail(maxima.error().message);
    markers = hs::label_components(*maxima, hs::Connectivity::corners26);
  }
  times.end("h_maxima_markers");

  for (float& d : distance->values) d = -d;
  auto particles = hs::watershed(*distance, markers.grid, mask, hs::Connectivity::faces6);
  if (!particles) return fail(particles.error().message);
  times.end("watershed");

  hs::ProfileInput input;
  input.values = &*grid;
  hs::ProfileOptions options;
  options.by = hs::ProfileBy::depth;
  options.shell_width = 1.0;
  auto profile = hs::compute_profiles(particles->grid, {input}, options);
  if (!profile) return fail(profile.error().message);
  times.end("depth_profile");

  const double voxels = static_cast<double>(grid->values.size());
  const double peak_mib = peak_memory_mib();
  std::printf(
      "{\"n\": %lld, \"voxels\": %.0f, \"otsu_threshold\": %.6g, \"components_26\": %u, \"markers\": %u, "
      "\"particles\": %u, \"profile_rows\": %zu, %s, \"baseline_mib\": %.1f, \"peak_mib\": %.1f, "
      "\"peak_overhead_bytes_per_voxel\": %.2f, \"memory_measure\": \"%s\"}\n",
      static_cast<long long>(n), voxels, threshold, components, markers.count, particles->count,
      profile->rows.size(), times.json().c_str(), baseline_mib, peak_mib,
      (peak_mib - baseline_mib) * kMiB / voxels, memory_measure());
  return 0;
}

// [apt] ------------------------------------------------------------------------------------------

// 64-bit LCG (Knuth's MMIX constants); uniform() in [0, 1) from the top 53 bits.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  double uniform() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0;
  }

 private:
  std::uint64_t state_;
};

// Ni+ 29, O+ 16, O2+ 32, NiO+ 37, Li+ 7, Cr+ 26 Da (each ±0.2 Da); 45 Da stays unranged.
constexpr const char* kSpecies[] = {"Ni+", "O+", "O2+", "NiO+", "Li+", "Cr+"};
constexpr double kSpeciesMassDa[] = {29, 16, 32, 37, 7, 26, 45};
// Share of each species (last: unranged) in the matrix; the layer swaps most of it for Cr+.
constexpr double kMatrixShare[] = {0.25, 0.30, 0.05, 0.08, 0.25, 0.02, 0.05};
constexpr std::size_t kCrIndex = 5;
constexpr double kLayerCrShare = 0.40;
// The specimen: a needle along z, a truncated cone of radius 10 nm at z = 0 widening to 25 nm at
// z = 250 nm, with a Cr-rich layer across it at 100 <= z < 110 nm.
constexpr double kLengthNm = 250, kTipRadiusNm = 10, kBaseRadiusNm = 25;
constexpr double kLayerStartNm = 100, kLayerEndNm = 110;

hs::RangeTable bench_ranges() {
  hs::RangeTable table;
  for (std::size_t i = 0; i < std::size(kSpecies); ++i) {
    table.ions.push_back(hs::ion_from_name(kSpecies[i]));
    table.ranges.push_back({kSpeciesMassDa[i] - 0.2, kSpeciesMassDa[i] + 0.2, i, 0});
  }
  return table;
}

hs::IonBatch generate_ions(std::uint64_t count, std::uint64_t seed) {
  Lcg lcg(seed);
  hs::IonBatch batch;
  batch.x_nm.reserve(count);
  batch.y_nm.reserve(count);
  batch.z_nm.reserve(count);
  batch.mass_da.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const double z = kLengthNm * lcg.uniform();
    const double radius = kTipRadiusNm + (kBaseRadiusNm - kTipRadiusNm) * z / kLengthNm;
    double x = 0, y = 0;
    do {
      x = radius * (2 * lcg.uniform() - 1);
      y = radius * (2 * lcg.uniform() - 1);
    } while (x * x + y * y > radius * radius);
    const bool layer = z >= kLayerStartNm && z < kLayerEndNm;
    double pick = lcg.uniform();
    std::size_t species = 0;
    if (layer && pick < kLayerCrShare) {
      species = kCrIndex;
    } else {
      if (layer) pick = (pick - kLayerCrShare) / (1 - kLayerCrShare);
      while (species + 1 < std::size(kMatrixShare) && pick >= kMatrixShare[species])
        pick -= kMatrixShare[species++];
    }
    batch.x_nm.push_back(static_cast<float>(x));
    batch.y_nm.push_back(static_cast<float>(y));
    batch.z_nm.push_back(static_cast<float>(z));
    batch.mass_da.push_back(static_cast<float>(kSpeciesMassDa[species] + 0.2 * (lcg.uniform() - 0.5)));
  }
  return batch;
}

// Writes a point store of `count` generated ions to `folder` unless it holds one already, with the
// same ions as a POS file in it (ions.pos: the input of the numpy reference); returns the seconds
// spent writing (0 when the store existed).
hs::Result<double> ensure_store(const std::string& folder, std::uint64_t count, std::uint64_t seed) {
  hs::FilesystemStore store(folder);
  auto existing = store.size("zarr.json");
  if (!existing) return existing.error();
  if (*existing) return 0.0;
  const auto start = std::chrono::steady_clock::now();
  hs::Bytes pos;
  {
    const hs::IonBatch batch = generate_ions(count, seed);
    hs::append_pos_records(batch, pos);
  }
  if (hs::Status written = store.set("ions.pos", pos); !written) return written.error();
  auto reader = hs::open_pos(hs::memory_source(std::move(pos), folder + " (generated .pos)"));
  if (!reader) return reader.error();
  const hs::RangeTable ranges = bench_ranges();
  auto report = hs::convert_points(**reader, &ranges, store, hs::PointConvertOptions{});
  if (!report) return report.error();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Both stores of the apt benchmark in `folder`: the seconds spent writing them (0 when both existed).
hs::Result<double> ensure_stores(const std::string& folder, std::uint64_t profile_ions,
                                 std::uint64_t proxigram_ions) {
  auto profile = ensure_store(folder + "/profile.zarr", profile_ions, 1);
  if (!profile) return profile.error();
  auto proxigram = ensure_store(folder + "/proxigram.zarr", proxigram_ions, 2);
  if (!proxigram) return proxigram.error();
  return *profile + *proxigram;
}

int run_apt(const std::string& folder, std::uint64_t profile_ions, std::uint64_t proxigram_ions) {
  const std::string profile_folder = folder + "/profile.zarr", proxigram_folder = folder + "/proxigram.zarr";
  auto wrote = ensure_stores(folder, profile_ions, proxigram_ions);
  if (!wrote) return fail(wrote.error().message);
  const double baseline_mib = peak_memory_mib();

  hs::FilesystemStore profile_store(profile_folder);
  StepTimes times;
  auto source = hs::IonSource::open(profile_store, "", profile_folder);
  if (!source) return fail(source.error().message);
  if (source->attributes().ion_count != profile_ions) {
    return fail(profile_folder + ": holds " + std::to_string(source->attributes().ion_count) + " ions, not " +
                std::to_string(profile_ions) + " (remove the folder to rewrite it)");
  }
  if (!source->attributes().bounds_nm) return fail(profile_folder + ": holds no ions");
  const auto& bounds = *source->attributes().bounds_nm;
  const hs::ElementCounter counter(source->ranges());
  times.end("open");

  auto cylinder = hs::default_cylinder(bounds, 2, hs::kDefaultCylinderRadiusNm);
  if (!cylinder) return fail(cylinder.error().message);
  hs::IonRoi cylinder_roi;
  cylinder_roi.shape = *cylinder;
  auto profile = hs::composition_profile(*source, cylinder_roi, counter, hs::ProfileParams{});
  if (!profile) return fail(profile.error().message);
  times.end("cylinder_profile");

  auto box = hs::make_box_roi(bounds[0], bounds[1], 2);
  if (!box) return fail(box.error().message);
  auto ions = hs::ordered_ions(*source, *box, counter);
  if (!ions) return fail(ions.error().message);
  times.end("freqdist_order_ions");
  std::string mu;
  for (std::size_t e = 0; e < counter.element_count(); ++e) {
    auto distribution = hs::frequency_distribution(*ions, counter, e, hs::FrequencyParams{});
    if (!distribution) return fail(distribution.error().message);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s\"%s\": %.4f", mu.empty() ? "" : ", ",
                  distribution->element.c_str(), distribution->mu);
    mu += buffer;
  }
  times.end("freqdist_all_elements");
  const std::size_t ordered = ions->size();
  ions->clear();
  ions->shrink_to_fit();

  hs::FilesystemStore proxigram_store(proxigram_folder);
  times.restart();
  auto proxigram_source = hs::IonSource::open(proxigram_store, "", proxigram_folder);
  if (!proxigram_source) return fail(proxigram_source.error().message);
  hs::IsosurfaceParams params;
  params.element = "Cr";
  params.level_at_percent = 20;
  auto surface = hs::isosurface_on_store(*proxigram_source, nullptr, params);
  if (!surface) return fail(surface.error().message);
  times.end("isosurface_proxigram");

  std::uint64_t cylinder_ions = profile->total.unranged_ions;
  for (std::uint64_t n : profile->total.species_ions) cylinder_ions += n;
  const double peak_mib = peak_memory_mib();
  std::printf(
      "{\"ions\": %llu, \"proxigram_ions\": %llu, \"store_write_seconds\": %.2f, \"cylinder_ions\": %llu, "
      "\"profile_bins\": %zu, \"ordered_ions\": %zu, \"mu\": {%s}, \"proxigram_triangles\": %zu, %s, "
      "\"baseline_mib\": %.1f, \"peak_mib\": %.1f, \"memory_measure\": \"%s\"}\n",
      static_cast<unsigned long long>(profile_ions), static_cast<unsigned long long>(proxigram_ions), *wrote,
      static_cast<unsigned long long>(cylinder_ions), profile->bins.size(), ordered, mu.c_str(),
      surface->mesh.triangles.size(), times.json().c_str(), baseline_mib, peak_mib, memory_measure());
  return 0;
}

std::optional<std::uint64_t> parse_count(const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);  // accepts 1e7
  if (end == text || *end != '\0' || !(value >= 1 && value <= 1e12) || value != std::floor(value))
    return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: hs_analysis_bench volume RAW N [H] | apt|apt-write DIR IONS [PROXIGRAM_IONS]";
  if (argc < 4) return fail(usage);
  const std::string command = argv[1];
  const std::optional<std::uint64_t> count = parse_count(argv[3]);
  if (!count) return fail(std::string("not a count: ") + argv[3]);
  if (command == "volume") {
    if (*count > 4096) return fail("N above 4096");
    const double h = argc > 4 ? std::strtod(argv[4], nullptr) : 2.0;
    return run_volume(argv[2], static_cast<std::int64_t>(*count), h);
  }
  if (command == "apt" || command == "apt-write") {
    const std::optional<std::uint64_t> proxigram =
        argc > 4 ? parse_count(argv[4]) : std::optional<std::uint64_t>(1000000);
    if (!proxigram) return fail(std::string("not a count: ") + argv[4]);
    if (command == "apt") return run_apt(argv[2], *count, *proxigram);
    auto wrote = ensure_stores(argv[2], *count, *proxigram);
    if (!wrote) return fail(wrote.error().message);
    std::printf("{\"store_write_seconds\": %.2f}\n", *wrote);
    return 0;
  }
  return fail(usage);
}
