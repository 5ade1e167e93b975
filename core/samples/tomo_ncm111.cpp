// tomo-ncm111: generated channel blocks -> OME-Zarr image, then the truth.
#include "samples/tomo_ncm111.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/volume_reader.h"
#include "samples/sample_truth.h"
#include "samples/tomo_ncm111_model.h"
#include "volume/volume_convert.h"

namespace hs {
namespace {

constexpr std::string_view kName = "tomo-ncm111";

// One channel of the model as a float32 volume file, for the converter (blocks in any order).
class ChannelReader final : public VolumeReader {
 public:
  ChannelReader(const TomoModel& model, std::size_t channel) : VolumeReader(make_info(model)), model_(model), channel_(channel) {}

 private:
  static VolumeInfo make_info(const TomoModel& model) {
    VolumeInfo info;
    info.shape_zyx = model.shape_zyx();
    info.dtype = DataType::float32;
    info.voxel_size_nm_zyx = std::array<double, 3>{model.voxel_nm(), model.voxel_nm(), model.voxel_nm()};
    info.source = std::string(kName);
    info.format = "sample";
    return info;
  }
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    values_.resize(out.size() / sizeof(float));
    model_.fill_block(channel_, block.z0, block.nz, block.y0, block.ny, values_.data());
    std::memcpy(out.data(), values_.data(), out.size());
    return {};
  }
  const TomoModel& model_;
  std::size_t channel_;
  std::vector<float> values_;
};

std::vector<ChannelSemantics> channel_semantics() {
  std::vector<ChannelSemantics> s(TomoModel::kChannels);
  s[0].quantity = "ADF intensity";
  s[0].unit = "counts";
  const char* lines[] = {"Ni K", "Co K", "Mn K", "O K"};
  for (std::size_t i = 0; i < 4; ++i) {
    s[1 + i].quantity = std::string("EDS ") + lines[i] + " X-ray counts";
    s[1 + i].unit = "counts";
  }
  s[5].quantity = "Mn L3/L2 white-line ratio";
  s[5].no_data_value = 0.0;
  return s;
}

}  // namespace

Result<SampleReport> write_tomo_ncm111(WritableStore& out, const SampleOptions& options) {
  const TomoModel model(options.size, options.seed);
  std::vector<std::unique_ptr<ChannelReader>> readers;
  std::vector<std::vector<VolumeReader*>> inputs(1);
  for (std::size_t c = 0; c < TomoModel::kChannels; ++c) {
    readers.push_back(std::make_unique<ChannelReader>(model, c));
    inputs[0].push_back(readers.back().get());
  }
  VolumeConvertOptions convert;
  convert.voxel_size_zyx = std::array<double, 3>{model.voxel_nm(), model.voxel_nm(), model.voxel_nm()};
  convert.unit = "nanometer";
  convert.name = std::string(kName);
  convert.channel_labels = TomoModel::channel_labels();
  convert.semantics = channel_semantics();
  // Only the EELS channel has a no-data value: its coarse levels leave it out at the particle's
  // edge; the other channels take the plain mean.
  convert.method = DownsampleMethod::mean_no_data;
  convert.progress = options.progress;
  convert.cancel = options.cancel;
  auto report = convert_volume(inputs, out, convert);
  if (!report) return report.error();
  if (Status s = attach_truth(out, model.truth(sample_size_name(options.size))); !s) return s.error();
  const auto& shape = model.shape_zyx();
  SampleReport result;
  result.lines.push_back(std::to_string(shape[2]) + "³ voxels of " + json::write(json::Value(model.voxel_nm())) + " nm, " +
                         std::to_string(TomoModel::kChannels) + " channels, " + std::to_string(report->levels) + " levels");
  return result;
}

}  // namespace hs
