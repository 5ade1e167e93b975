// apt-nmc811: generated ions -> exports, counts, point store, truth.
#include "samples/apt_nmc811.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "io/epos.h"
#include "io/pos_writer.h"
#include "io/rrng.h"
#include "points/point_store_writer.h"
#include "samples/apt_nmc811_model.h"
#include "samples/sample_truth.h"

namespace hs {
namespace {

constexpr std::string_view kSourceName = "apt-nmc811";
// Ions generated per batch while exporting and counting.
constexpr std::uint64_t kBatchIons = 65536;
// Share of the progress bar for the first pass (exports and counts); the store takes the rest.
constexpr double kFirstPassShare = 0.3;

IonFieldSet all_fields() {
  IonFieldSet f;
  f.tof_ns = f.vdc_v = f.vpulse_v = f.det_x_mm = f.det_y_mm = f.delta_pulse = f.multiplicity = true;
  return f;
}

// The model's ions as an EPOS-like point file, for the converter.
class GeneratedIonReader final : public PointReader {
 public:
  explicit GeneratedIonReader(const AptNeedleModel& model) : PointReader(make_info(model)), model_(model) {}

 private:
  static PointFileInfo make_info(const AptNeedleModel& model) {
    PointFileInfo info;
    info.ion_count = model.ion_count();
    info.fields = all_fields();
    info.has_epos_fields = true;
    info.source = std::string(kSourceName);
    info.format = "sample";
    return info;
  }
  Status read_checked(std::uint64_t first, std::size_t count, IonBatch& out) override {
    for (std::size_t i = 0; i < count; ++i) (void)model_.generate(first + i, out, i);
    return {};
  }
  const AptNeedleModel& model_;
};

Status cancelled(const SampleOptions& options) {
  if (options.cancel != nullptr && options.cancel->load()) {
    return make_error(ErrorCode::io, std::string(kSourceName) + ": cancelled");
  }
  return {};
}

// Generates every ion in order: appends the POS and EPOS exports and counts the species.
Status first_pass(const AptNeedleModel& model, const SampleOptions& options, std::vector<std::uint64_t>& counts,
                  std::uint64_t& background) {
  IonBatch batch;
  Bytes pos, epos;
  const std::uint64_t n = model.ion_count();
  for (std::uint64_t first = 0; first < n; first += kBatchIons) {
    if (Status s = cancelled(options); !s) return s;
    const auto count = static_cast<std::size_t>(std::min(kBatchIons, n - first));
    batch.resize(count, all_fields());
    for (std::size_t i = 0; i < count; ++i) {
      const int species = model.generate(first + i, batch, i);
      if (species < 0) ++background;
      else ++counts[static_cast<std::size_t>(species)];
    }
    if (options.append_export) {
      pos.clear();
      epos.clear();
      append_pos_records(batch, pos);
      append_epos_records(batch, epos);
      if (Status s = options.append_export(".pos", pos); !s) return s;
      if (Status s = options.append_export(".epos", epos); !s) return s;
    }
    if (options.progress) options.progress(kFirstPassShare * static_cast<double>(first + count) / static_cast<double>(n));
  }
  return {};
}

ByteView text_bytes(const std::string& text) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace

Result<SampleReport> write_apt_nmc811(WritableStore& out, const SampleOptions& options) {
  const AptNeedleModel model(options.size, options.seed);
  std::vector<std::uint64_t> counts(model.ranges().ions.size(), 0);
  std::uint64_t background = 0;
  if (Status s = first_pass(model, options, counts, background); !s) return s.error();

  auto rrng = write_rrng(model.ranges(), "ranges.rrng");
  if (!rrng) return rrng.error();
  if (Status s = out.set("ranges.rrng", text_bytes(*rrng)); !s) return s.error();
  if (options.append_export) {
    if (Status s = options.append_export(".rrng", text_bytes(*rrng)); !s) return s.error();
  }

  // The converter's input: the EPOS export just written, or the generator itself.
  std::unique_ptr<PointReader> reader = std::make_unique<GeneratedIonReader>(model);
  if (options.append_export && options.open_export) {
    auto source = options.open_export(".epos");
    if (!source) return source.error();
    auto epos = open_epos(std::move(*source));
    if (!epos) return epos.error();
    reader = std::move(*epos);
  }
  PointConvertOptions convert;
  convert.seed = options.seed;
  convert.temp_dir = options.temp_dir;
  convert.cancel = options.cancel;
  if (options.progress) {
    convert.progress = [&](double f) { options.progress(kFirstPassShare + (1 - kFirstPassShare) * f); };
  }
  auto report = convert_points(*reader, &model.ranges(), out, convert);
  if (!report) return report.error();
  if (Status s = attach_truth(out, model.truth(counts, background)); !s) return s.error();

  SampleReport result;
  result.lines.push_back(std::to_string(report->ion_count) + " ions in " + std::to_string(report->node_count) +
                         " octree nodes, " + std::to_string(model.ranges().ions.size()) + " species, " +
                         std::to_string(model.ranges().ranges.size()) + " ranges");
  if (options.append_export) result.lines.push_back("exports: .pos, .epos, .rrng");
  for (const std::string& w : report->warnings) result.lines.push_back("warning: " + w);
  return result;
}

}  // namespace hs
