// VolumeReader's checked slab and block reads and the registry of volume formats.
#include "io/volume_reader.h"

#include <array>

#include "io/ascii_case.h"
#include "io/hdf5_native.h"
#include "io/mrc.h"
#include "io/npy.h"
#include "io/raw.h"
#include "io/tiff.h"
#include "io/volume_layout.h"

namespace hs {
namespace {

using OpenFunction = Result<std::unique_ptr<VolumeReader>> (*)(std::unique_ptr<ByteSource>,
                                                               const VolumeOpenOptions&);

// One line per format: name, file extensions (any case), content test (nullptr: extension only),
// and how to open it.
struct VolumeFormat {
  std::string_view name;
  std::array<std::string_view, 6> extensions;
  bool (*sniff)(ByteView head);
  OpenFunction open;
};

Result<std::unique_ptr<VolumeReader>> open_raw_with_options(std::unique_ptr<ByteSource> source,
                                                            const VolumeOpenOptions& options) {
  if (!options.raw) {
    return make_error(ErrorCode::invalid_argument,
                      source->name() + ": a raw volume needs its shape, data type and byte order");
  }
  return open_raw(std::move(source), *options.raw);
}

Result<std::unique_ptr<VolumeReader>> open_hdf5_with_options(std::unique_ptr<ByteSource> source,
                                                             const VolumeOpenOptions& options) {
#ifdef __EMSCRIPTEN__  // libhdf5 exists only in native builds (hdf5_native.cpp)
  (void)options;
  return make_error(
      ErrorCode::unsupported,
      source->name() + ": HDF5 files can only be read by the native heteroscope CLI; convert it there");
#else
  return open_hdf5(std::move(source), options.hdf5_dataset);
#endif
}

constexpr std::array<VolumeFormat, 5> kFormats = {{
    {"npy", {".npy"}, looks_like_npy, [](auto source, const auto&) { return open_npy(std::move(source)); }},
    {"tiff",
     {".tif", ".tiff", ".btf", ".tf8"},
     looks_like_tiff,
     [](auto source, const auto&) { return open_tiff(std::move(source)); }},
    {"hdf5", {".h5", ".hdf5", ".hdf", ".he5", ".emd", ".nxs"}, looks_like_hdf5, open_hdf5_with_options},
    {"mrc",
     {".mrc", ".map", ".rec", ".st", ".ali", ".mrcs"},
     looks_like_mrc,
     [](auto source, const auto&) { return open_mrc(std::move(source)); }},
    {"raw", {".raw", ".bin", ".dat"}, nullptr, open_raw_with_options},
}};

std::string format_list() {
  std::string list;
  for (const VolumeFormat& f : kFormats) list += (list.empty() ? "" : ", ") + std::string(f.name);
  return list;
}

const VolumeFormat* find_format(std::string_view name) {
  for (const VolumeFormat& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// The format named by the options (a raw layout names "raw"), else the first whose content test
// accepts the head of the file, else the first whose extensions include the file's.
Result<const VolumeFormat*> choose_format(ByteSource& source, const VolumeOpenOptions& options) {
  const std::string& name = source.name();
  if (!options.format.empty() || options.raw) {
    if (const VolumeFormat* f = find_format(options.format.empty() ? "raw" : options.format)) return f;
    return make_error(ErrorCode::invalid_argument, name + ": unknown volume format \"" + options.format +
                                                       "\" (known: " + format_list() + ")");
  }
  std::array<std::uint8_t, 1024> head{};
  const std::size_t head_bytes =
      source.size() < head.size() ? static_cast<std::size_t>(source.size()) : head.size();
  if (Status s = source.read(0, std::span<std::uint8_t>(head.data(), head_bytes)); !s) return s.error();
  const ByteView head_view(head.data(), head_bytes);
  for (const VolumeFormat& f : kFormats) {
    if (f.sniff != nullptr && f.sniff(head_view)) return &f;
  }
  for (const VolumeFormat& f : kFormats) {
    for (std::string_view e : f.extensions) {
      if (!e.empty() && ends_with_ignoring_case(name, e)) return &f;
    }
  }
  return make_error(ErrorCode::unsupported, name + ": not a volume file this program knows (" +
                                                format_list() + "; a raw file needs its layout given)");
}

}  // namespace

std::uint64_t VolumeReader::slice_bytes() const {
  return info_.shape_zyx[1] * info_.shape_zyx[2] * data_type_size(info_.dtype);
}

Status VolumeReader::read_slab(std::uint64_t z0, std::uint64_t nz, std::span<std::uint8_t> out) {
  const std::uint64_t depth = info_.shape_zyx[0];
  if (z0 > depth || nz > depth - z0) {
    return make_error(ErrorCode::invalid_argument, info_.source + ": slices " + std::to_string(z0) + " + " +
                                                       std::to_string(nz) + " are outside the volume's " +
                                                       std::to_string(depth) + " slices");
  }
  const std::optional<std::uint64_t> bytes = checked_mul(nz, slice_bytes());
  if (!bytes || *bytes != out.size()) {
    return make_error(ErrorCode::invalid_argument,
                      info_.source + ": a slab of " + std::to_string(nz) + " slices needs " +
                          (bytes ? std::to_string(*bytes) : std::string("> 2^64")) +
                          " bytes but the buffer has " + std::to_string(out.size()));
  }
  if (nz == 0) return {};
  return read_checked_block({z0, nz, 0, info_.shape_zyx[1]}, out);
}

Status VolumeReader::read_block(const BlockRange& block, std::span<std::uint8_t> out) {
  const std::uint64_t depth = info_.shape_zyx[0], height = info_.shape_zyx[1];
  if (block.z0 > depth || block.nz > depth - block.z0 || block.y0 > height || block.ny > height - block.y0) {
    return make_error(ErrorCode::invalid_argument,
                      info_.source + ": slices " + std::to_string(block.z0) + " + " +
                          std::to_string(block.nz) + ", rows " + std::to_string(block.y0) + " + " +
                          std::to_string(block.ny) + " are outside the volume's " + std::to_string(depth) +
                          " slices of " + std::to_string(height) + " rows");
  }
  const std::optional<std::uint64_t> bytes =
      checked_volume_bytes({block.nz, block.ny, info_.shape_zyx[2]}, data_type_size(info_.dtype));
  if (!bytes || *bytes != out.size()) {
    return make_error(ErrorCode::invalid_argument,
                      info_.source + ": a block of " + std::to_string(block.nz) + " slices of " +
                          std::to_string(block.ny) + " rows needs " +
                          (bytes ? std::to_string(*bytes) : std::string("> 2^64")) +
                          " bytes but the buffer has " + std::to_string(out.size()));
  }
  if (block.nz == 0 || block.ny == 0) return {};
  return read_checked_block(block, out);
}

Result<std::unique_ptr<VolumeReader>> open_volume(std::unique_ptr<ByteSource> source,
                                                  const VolumeOpenOptions& options) {
  Result<const VolumeFormat*> format = choose_format(*source, options);
  if (!format) return format.error();
  return (*format)->open(std::move(source), options);
}

std::vector<std::string_view> volume_format_names() {
  std::vector<std::string_view> names;
  for (const VolumeFormat& f : kFormats) names.push_back(f.name);
  return names;
}

}  // namespace hs
