// xrdct-lmo: generated lattice-parameter slabs -> OME-Zarr image, then the truth.
#include "samples/xrdct_lmo.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/volume_reader.h"
#include "samples/sample_truth.h"
#include "samples/xrdct_lmo_model.h"
#include "volume/volume_convert.h"

namespace hs {
namespace {

// One time point of the model as a float32 volume file, for the converter (blocks in any order).
class LatticeReader final : public VolumeReader {
 public:
  LatticeReader(const XrdctModel& model, std::size_t t, const std::string& name)
      : VolumeReader(make_info(model, name)), model_(model), t_(t) {}

 private:
  static VolumeInfo make_info(const XrdctModel& model, const std::string& name) {
    VolumeInfo info;
    info.shape_zyx = model.shape_zyx();
    info.dtype = DataType::float32;
    const double nm = model.voxel_um() * 1000;
    info.voxel_size_nm_zyx = std::array<double, 3>{nm, nm, nm};
    info.source = name;
    info.format = "sample";
    return info;
  }
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    values_.resize(out.size() / sizeof(float));
    model_.fill_block(t_, block.z0, block.nz, block.y0, block.ny, values_.data());
    std::memcpy(out.data(), values_.data(), out.size());
    return {};
  }
  const XrdctModel& model_;
  std::size_t t_;
  std::vector<float> values_;
};

Result<SampleReport> write(std::string_view name, XrdctGrid grid, bool aged, WritableStore& out,
                           const SampleOptions& options) {
  const XrdctModel model(grid, aged, options.seed);
  std::vector<std::unique_ptr<LatticeReader>> readers;
  std::vector<std::vector<VolumeReader*>> inputs;
  for (std::size_t t = 0; t < XrdctModel::kTimePoints; ++t) {
    readers.push_back(std::make_unique<LatticeReader>(model, t, std::string(name)));
    inputs.push_back({readers.back().get()});
  }
  VolumeConvertOptions convert;
  convert.voxel_size_zyx = std::array<double, 3>{model.voxel_um(), model.voxel_um(), model.voxel_um()};
  convert.unit = "micrometer";
  convert.name = std::string(name);
  convert.channel_labels = {"lattice parameter"};
  ChannelSemantics semantics;
  semantics.quantity = "lattice parameter";
  semantics.unit = "Å";
  semantics.no_data_value = 0.0;
  const auto range = XrdctModel::characteristic_range_angstrom();
  semantics.characteristic_range = std::make_pair(range[0], range[1]);
  convert.semantics = {semantics};
  convert.time_labels = XrdctModel::time_labels();
  convert.method = DownsampleMethod::mean_no_data;
  convert.progress = options.progress;
  convert.cancel = options.cancel;
  auto report = convert_volume(inputs, out, convert);
  if (!report) return report.error();
  const std::string size_name = grid == XrdctGrid::slice ? "medium" : std::string(sample_size_name(options.size));
  if (Status s = attach_truth(out, model.truth(name, size_name)); !s) return s.error();

  const auto& shape = model.shape_zyx();
  SampleReport result;
  result.lines.push_back(std::to_string(shape[2]) + "×" + std::to_string(shape[1]) + "×" + std::to_string(shape[0]) +
                         " voxels of " + json::write(json::Value(model.voxel_um())) + " µm, " +
                         std::to_string(XrdctModel::kTimePoints) + " time points, " +
                         std::to_string(model.particles().size()) + " particles, " + std::to_string(report->levels) +
                         " levels");
  return result;
}

XrdctGrid grid_of(SampleSize size) {
  switch (size) {
    case SampleSize::small: return XrdctGrid::small;
    case SampleSize::medium: return XrdctGrid::medium;
    case SampleSize::large: return XrdctGrid::large;
  }
  return XrdctGrid::small;
}

}  // namespace

Result<SampleReport> write_xrdct_lmo(WritableStore& out, const SampleOptions& options) {
  return write("xrdct-lmo", grid_of(options.size), false, out, options);
}

Result<SampleReport> write_xrdct_lmo_aged(WritableStore& out, const SampleOptions& options) {
  return write("xrdct-lmo-aged", grid_of(options.size), true, out, options);
}

Result<SampleReport> write_xrdct_lmo_slice(WritableStore& out, const SampleOptions& options) {
  if (options.size != SampleSize::medium) {
    return make_error(ErrorCode::invalid_argument,
                      "xrdct-lmo-slice comes in one size (medium, 301×301×1 at 1 µm), not " +
                          std::string(sample_size_name(options.size)));
  }
  return write("xrdct-lmo-slice", XrdctGrid::slice, false, out, options);
}

}  // namespace hs
