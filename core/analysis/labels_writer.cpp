// Labels image writing: the volume converter with mode downsampling over the labels held in
// memory, then the metadata adjusted for a labels image (translation, image-label).
#include "analysis/labels_writer.h"

#include <cstring>

#include "io/byte_source.h"
#include "io/volume_reader.h"
#include "store/group_metadata.h"
#include "store/ome_multiscales.h"
#include "store/zarr_writer.h"
#include "volume/volume_convert.h"

namespace hs {

Status write_labels_image(const LabelGrid& labels, WritableStore& out, const LabelsWriteOptions& options) {
  const std::string where = out.describe("");
  if (!ome_unit_nm(labels.voxel.unit)) {
    return make_error(ErrorCode::invalid_argument,
                      where + ": labels need a length unit known to OME-Zarr (got \"" + labels.voxel.unit + "\")");
  }
  Bytes bytes(labels.values.size() * sizeof(std::uint32_t));
  if (!bytes.empty()) std::memcpy(bytes.data(), labels.values.data(), bytes.size());
  VolumeOpenOptions open;
  open.format = "raw";
  open.raw = RawLayout{{static_cast<std::uint64_t>(labels.shape.nz), static_cast<std::uint64_t>(labels.shape.ny),
                        static_cast<std::uint64_t>(labels.shape.nx)},
                       DataType::uint32,
                       false,
                       0};
  auto reader = open_volume(memory_source(std::move(bytes), options.name), open);
  if (!reader) return reader.error();

  VolumeConvertOptions convert;
  convert.brick = options.brick;
  convert.bricks_per_shard = options.bricks_per_shard;
  convert.zstd_level = options.zstd_level;
  convert.voxel_size_zyx = labels.voxel.zyx;
  convert.unit = labels.voxel.unit;
  convert.name = options.name;
  convert.channel_labels = {"label"};
  convert.semantics = {ChannelSemantics{"label", "", std::nullopt, std::nullopt}};
  convert.method = DownsampleMethod::mode;
  convert.threads = 1;
  convert.progress = options.progress;
  convert.cancel = options.cancel;
  const std::vector<std::vector<VolumeReader*>> inputs = {{reader->get()}};
  auto report = convert_volume(inputs, out, convert);
  if (!report) return report.error();

  // The converter's group document, with the translation and the image-label added.
  auto group = read_group_metadata(out, "");
  if (!group) return group.error();
  std::vector<std::string> warnings;
  auto metadata = read_volume_metadata(json::Value(group->attributes), where, warnings);
  if (!metadata) return metadata.error();
  for (OmeLevel& level : metadata->levels) {
    for (std::size_t a = 0; a < 3; ++a) level.translation[2 + a] += options.first_center_zyx[a];
  }
  json::Value attributes = volume_metadata_to_attributes(*metadata);
  json::Object image_label;
  if (!options.source_image.empty()) image_label.emplace_back("source", json::Object{{"image", options.source_image}});
  json::Value ome = *attributes.find("ome");
  ome.set("image-label", image_label);
  attributes.set("ome", ome);
  group->attributes = attributes.as_object();
  return write_group(out, "", *group);
}

}  // namespace hs
