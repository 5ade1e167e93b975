// Raw volume reader: checks the size, then reads blocks straight from the file.
#include "io/raw.h"

#include <string>

#include "io/volume_layout.h"

namespace hs {
namespace {

class RawReader final : public VolumeReader {
 public:
  RawReader(VolumeInfo info, std::unique_ptr<ByteSource> source, std::uint64_t header_bytes, bool big_endian)
      : VolumeReader(std::move(info)),
        source_(std::move(source)),
        header_bytes_(header_bytes),
        big_endian_(big_endian) {}

 private:
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    const std::uint64_t row_bytes = info().shape_zyx[2] * data_type_size(info().dtype);
    Status status = read_row_block(*source_, header_bytes_, row_bytes, info().shape_zyx[1], block, out);
    if (status) to_native_byte_order(out, data_type_size(info().dtype), big_endian_);
    return status;
  }

  std::unique_ptr<ByteSource> source_;
  std::uint64_t header_bytes_;
  bool big_endian_;
};

}  // namespace

Result<std::unique_ptr<VolumeReader>> open_raw(std::unique_ptr<ByteSource> source, const RawLayout& layout) {
  const std::string& name = source->name();
  for (std::uint64_t n : layout.shape_zyx) {
    if (n == 0) {
      return make_error(ErrorCode::invalid_argument,
                        name + ": raw shape " + shape_text(layout.shape_zyx) + " has an empty dimension");
    }
  }
  const std::uint64_t element_bytes = data_type_size(layout.dtype);
  const std::optional<std::uint64_t> voxel_bytes = checked_volume_bytes(layout.shape_zyx, element_bytes);
  const std::optional<std::uint64_t> needed =
      voxel_bytes ? checked_add(layout.header_bytes, *voxel_bytes) : std::nullopt;
  if (!needed || *needed != source->size()) {
    return make_error(ErrorCode::invalid_argument,
                      name + ": the file has " + std::to_string(source->size()) + " bytes but a " +
                          std::to_string(layout.header_bytes) + "-byte header and " +
                          shape_text(layout.shape_zyx) + " voxels of " +
                          std::string(data_type_name(layout.dtype)) + " need " +
                          (needed ? std::to_string(*needed) : std::string("more than 2^64")) + " bytes");
  }
  VolumeInfo info;
  info.shape_zyx = layout.shape_zyx;
  info.dtype = layout.dtype;
  info.source = name;
  info.format = "raw";
  const bool big_endian = layout.big_endian;
  const std::uint64_t header_bytes = layout.header_bytes;
  return std::unique_ptr<VolumeReader>(
      new RawReader(std::move(info), std::move(source), header_bytes, big_endian));
}

}  // namespace hs
