// HDF5 volume reader: a read-only HDF5 virtual file driver over ByteSource, dataset and EMD
// dimension parsing, and hyperslab block reads.
#include "io/hdf5_native.h"

#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "io/ascii_case.h"
#include "io/length_unit.h"
#include "io/volume_layout.h"

namespace hs {
namespace {

constexpr const char* kEmdDataset = "/data/tomography/data";
constexpr std::uint64_t kMaxChunkCacheBytes = std::uint64_t{256} << 20;
constexpr std::uint64_t kDefaultChunkCacheBytes = std::uint64_t{1} << 20;  // HDF5's own default
constexpr std::size_t kMaxAttributeBytes = 4096;

// Owns an HDF5 identifier and closes it with the matching H5?close function.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  void reset() {
    if (id_ >= 0 && close_ != nullptr) close_(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

// Stops HDF5 printing its error stack to stderr while in scope (failures become our errors).
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

herr_t keep_innermost(unsigned, const H5E_error2_t* error, void* data) {
  if (error->desc != nullptr && error->desc[0] != '\0') *static_cast<std::string*>(data) = error->desc;
  return 0;
}

// The most specific message on HDF5's error stack, e.g. "truncated file: eof = ...".
std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &reason);
  return reason.empty() ? "unknown HDF5 error" : reason;
}

// --- A read-only virtual file driver over ByteSource ---

// What the driver reads from. The reader owns it; the driver finds it through the file access
// property list and records the message of a failed read there.
struct SourceLink {
  std::unique_ptr<ByteSource> source;
  std::string name;  // the only file name the driver opens (not other files named by links)
  std::string last_error;
};

struct DriverInfo {
  SourceLink* link;
};

struct DriverFile {
  H5FD_t base;  // first: HDF5 fills it in and hands us back its address
  SourceLink* link;
  haddr_t end_of_address_space;
};
static_assert(std::is_standard_layout_v<DriverFile>);

DriverFile* as_driver_file(H5FD_t* file) {
  return reinterpret_cast<DriverFile*>(file);
}
const DriverFile* as_driver_file(const H5FD_t* file) {
  return reinterpret_cast<const DriverFile*>(file);
}

H5FD_t* driver_open(const char* name, unsigned flags, hid_t fapl, haddr_t) {
  if ((flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_CREAT | H5F_ACC_EXCL)) != 0) return nullptr;
  const auto* info = static_cast<const DriverInfo*>(H5Pget_driver_info(fapl));
  if (info == nullptr || info->link == nullptr || name == nullptr || info->link->name != name) return nullptr;
  auto* file = new DriverFile{};
  file->link = info->link;
  return &file->base;
}

herr_t driver_close(H5FD_t* file) {
  delete as_driver_file(file);
  return 0;
}

herr_t driver_query(const H5FD_t*, unsigned long* flags) {
  if (flags != nullptr) *flags = H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE;
  return 0;
}

haddr_t driver_get_eoa(const H5FD_t* file, H5FD_mem_t) {
  return as_driver_file(file)->end_of_address_space;
}

herr_t driver_set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t address) {
  as_driver_file(file)->end_of_address_space = address;
  return 0;
}

haddr_t driver_get_eof(const H5FD_t* file, H5FD_mem_t) {
  return as_driver_file(file)->link->source->size();
}

herr_t driver_read(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t address, size_t size, void* buffer) {
  SourceLink& link = *as_driver_file(file)->link;
  const std::uint64_t file_bytes = link.source->size();
  if (address == HADDR_UNDEF) return -1;
  auto* out = static_cast<std::uint8_t*>(buffer);
  const std::size_t present =
      address < file_bytes ? static_cast<std::size_t>(std::min<std::uint64_t>(size, file_bytes - address))
                           : 0;
  if (present > 0) {
    Status status = link.source->read(address, std::span<std::uint8_t>(out, present));
    if (!status) {
      link.last_error = status.error().message;
      return -1;
    }
  }
  std::memset(out + present, 0, size - present);  // past the end reads as zeros, as in HDF5's own drivers
  return 0;
}

herr_t driver_write(H5FD_t*, H5FD_mem_t, hid_t, haddr_t, size_t, const void*) {
  return -1;
}

H5FD_class_t driver_class() {
  H5FD_class_t c{};  // unset callbacks stay null; fl_map stays H5FD_MEM_DEFAULT
  c.name = "hs_byte_source";
  c.maxaddr = (haddr_t{1} << 63) - 1;
  c.fc_degree = H5F_CLOSE_WEAK;
  c.fapl_size = sizeof(DriverInfo);
  c.open = driver_open;
  c.close = driver_close;
  c.query = driver_query;
  c.get_eoa = driver_get_eoa;
  c.set_eoa = driver_set_eoa;
  c.get_eof = driver_get_eof;
  c.read = driver_read;
  c.write = driver_write;
  return c;
}

// --- Dataset description ---

struct ElementType {
  DataType dtype;
  hid_t memory_type;  // a predefined native type: never closed
  bool widened;       // 16-bit floats read as float32
};

Result<ElementType> element_type(hid_t type, const std::string& where) {
  const H5T_class_t type_class = H5Tget_class(type);
  const std::size_t size = H5Tget_size(type);
  if (type_class == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
    switch (size) {
      case 1:
        return is_signed ? ElementType{DataType::int8, H5T_NATIVE_INT8, false}
                         : ElementType{DataType::uint8, H5T_NATIVE_UINT8, false};
      case 2:
        return is_signed ? ElementType{DataType::int16, H5T_NATIVE_INT16, false}
                         : ElementType{DataType::uint16, H5T_NATIVE_UINT16, false};
      case 4:
        return is_signed ? ElementType{DataType::int32, H5T_NATIVE_INT32, false}
                         : ElementType{DataType::uint32, H5T_NATIVE_UINT32, false};
      case 8:
        return is_signed ? ElementType{DataType::int64, H5T_NATIVE_INT64, false}
                         : ElementType{DataType::uint64, H5T_NATIVE_UINT64, false};
      default:
        break;
    }
  } else if (type_class == H5T_FLOAT) {
    if (size == 2) return ElementType{DataType::float32, H5T_NATIVE_FLOAT, true};
    if (size == 4) return ElementType{DataType::float32, H5T_NATIVE_FLOAT, false};
    if (size == 8) return ElementType{DataType::float64, H5T_NATIVE_DOUBLE, false};
  }
  return make_error(ErrorCode::unsupported, where + " has elements of HDF5 type class " +
                                                std::to_string(static_cast<int>(type_class)) + " and " +
                                                std::to_string(size) + " bytes (only integers and floats)");
}

// A string attribute (fixed or variable length; the first element of an array), or "" if absent.
std::string string_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return {};
  const Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  const Handle type(H5Aget_type(attribute.get()), H5Tclose);
  const Handle space(H5Aget_space(attribute.get()), H5Sclose);
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_STRING) return {};
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points < 1) return {};
  std::string value;
  if (H5Tis_variable_str(type.get()) > 0) {
    if (points != 1) return {};
    char* text = nullptr;
    if (H5Aread(attribute.get(), type.get(), &text) < 0 || text == nullptr) return {};
    value.assign(text, strnlen(text, kMaxAttributeBytes));
    H5free_memory(text);
  } else {
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || size * static_cast<std::size_t>(points) > kMaxAttributeBytes) return {};
    std::string buffer(size * static_cast<std::size_t>(points), '\0');
    if (H5Aread(attribute.get(), type.get(), buffer.data()) < 0) return {};
    value = buffer.substr(0, size);
  }
  value = value.substr(0, value.find('\0'));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value;
}

// One EMD dimension vector dimK: its name and, if usable, the spacing it gives in nm.
struct EmdDim {
  bool present = false;
  std::string name;
  std::optional<double> spacing_nm;
};

EmdDim read_emd_dim(hid_t file, const std::string& group, int k, hsize_t extent,
                    std::vector<std::string>& notes) {
  EmdDim dim;
  const std::string label = "dim" + std::to_string(k);
  const std::string path = group + "/" + label;
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) return dim;
  const Handle dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) return dim;
  dim.present = true;
  dim.name = string_attribute(dataset.get(), "name");
  const std::string units = string_attribute(dataset.get(), "units");
  const Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::array<hsize_t, 2> dims{};
  if (rank < 1 || rank > 2 || H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0 ||
      (rank == 2 && dims[1] != 1)) {
    notes.push_back(label + " is not a vector; ignored");
    return dim;
  }
  if (dims[0] != extent) {
    notes.push_back(label + " has " + std::to_string(dims[0]) + " values but its axis has " +
                    std::to_string(extent) + " voxels; its spacing is ignored");
    return dim;
  }
  if (dims[0] < 2) return dim;
  const std::array<hsize_t, 2> start{0, 0};
  const std::array<hsize_t, 2> count{2, 1};
  const Handle memory_space(H5Screate_simple(1, count.data(), nullptr), H5Sclose);
  std::array<double, 2> values{};
  if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0 ||
      H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), space.get(), H5P_DEFAULT, values.data()) <
          0) {
    notes.push_back(label + " could not be read; its spacing is ignored");
    return dim;
  }
  const double spacing = values[1] - values[0];
  const std::optional<double> unit_nm = length_unit_nm(units);
  if (units == "[deg]" || units == "[rad]" || equals_ignoring_case(dim.name, "angles")) {
    notes.push_back(label + " holds tilt angles: a tilt series, read as a stack of projections");
  } else if (!unit_nm) {
    notes.push_back(label + " has units \"" + units + "\", which is not a length; no voxel size");
  } else if (!std::isfinite(spacing) || spacing <= 0) {
    notes.push_back(label + " does not increase; no voxel size");
  } else {
    dim.spacing_nm = spacing * *unit_nm;
  }
  return dim;
}

std::string parent_group(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Sets a chunk cache holding one layer of chunks across the z axis, so slabs thinner than a chunk
// do not decompress the same chunks again. Returns the dataset, reopened if the cache changed.
Handle open_with_chunk_cache(hid_t file, const std::string& path, Handle dataset, hid_t create_plist,
                             hid_t file_type, int rank, const std::array<hsize_t, 3>& dims, int z_axis,
                             std::vector<std::string>& notes) {
  std::array<hsize_t, 3> chunk{};
  if (H5Pget_layout(create_plist) != H5D_CHUNKED || H5Pget_chunk(create_plist, rank, chunk.data()) != rank) {
    return dataset;
  }
  std::optional<std::uint64_t> layer_chunks = 1;
  std::optional<std::uint64_t> chunk_bytes = H5Tget_size(file_type);
  for (int a = 0; a < rank; ++a) {
    if (chunk[a] == 0) return dataset;
    if (a != z_axis && layer_chunks)
      layer_chunks = checked_mul(*layer_chunks, dims[a] / chunk[a] + (dims[a] % chunk[a] != 0));
    if (chunk_bytes) chunk_bytes = checked_mul(*chunk_bytes, chunk[a]);
  }
  const std::optional<std::uint64_t> cache_bytes =
      layer_chunks && chunk_bytes ? checked_mul(*layer_chunks, *chunk_bytes) : std::nullopt;
  if (!cache_bytes || *cache_bytes > kMaxChunkCacheBytes) {
    notes.push_back(
        "a layer of chunks exceeds the chunk cache limit: slabs thinner than a chunk re-read chunks");
    return dataset;
  }
  if (*cache_bytes <= kDefaultChunkCacheBytes) return dataset;
  const Handle access_plist(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
  const std::size_t slots =
      static_cast<std::size_t>(std::min<std::uint64_t>(*layer_chunks * 100 + 1, 1 << 24));
  if (!access_plist.valid() || H5Pset_chunk_cache(access_plist.get(), slots, *cache_bytes, 1.0) < 0)
    return dataset;
  Handle reopened(H5Dopen2(file, path.c_str(), access_plist.get()), H5Dclose);
  return reopened.valid() ? std::move(reopened) : std::move(dataset);
}

class Hdf5Reader final : public VolumeReader {
 public:
  Hdf5Reader(VolumeInfo info, std::unique_ptr<SourceLink> link, Handle driver, Handle file, Handle dataset,
             hid_t memory_type, int rank, bool xyz)
      : VolumeReader(std::move(info)),
        link_(std::move(link)),
        driver_(std::move(driver)),
        file_(std::move(file)),
        dataset_(std::move(dataset)),
        memory_type_(memory_type),
        rank_(rank),
        xyz_(xyz) {}

 private:
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    const QuietErrors quiet;
    link_->last_error.clear();
    const std::array<std::uint64_t, 3>& shape = info().shape_zyx;
    std::array<hsize_t, 3> start{};
    std::array<hsize_t, 3> count{};
    if (rank_ == 2) {
      start = {block.y0, 0, 0};
      count = {block.ny, shape[2], 0};
    } else if (xyz_) {
      start = {0, block.y0, block.z0};
      count = {shape[2], block.ny, block.nz};
    } else {
      start = {block.z0, block.y0, 0};
      count = {block.nz, block.ny, shape[2]};
    }
    const Handle file_space(H5Dget_space(dataset_.get()), H5Sclose);
    const Handle memory_space(H5Screate_simple(rank_, count.data(), nullptr), H5Sclose);
    std::vector<std::uint8_t> gathered(xyz_ ? out.size() : 0);
    void* target = xyz_ ? gathered.data() : out.data();
    if (!file_space.valid() || !memory_space.valid() ||
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) <
            0 ||
        H5Dread(dataset_.get(), memory_type_, memory_space.get(), file_space.get(), H5P_DEFAULT, target) <
            0) {
      const std::string reason = link_->last_error.empty() ? hdf5_reason() : link_->last_error;
      return make_error(ErrorCode::parse, info().source + ": reading slices " + std::to_string(block.z0) +
                                              ".." + std::to_string(block.z0 + block.nz - 1) + ", rows " +
                                              std::to_string(block.y0) + ".." +
                                              std::to_string(block.y0 + block.ny - 1) + " failed: " + reason);
    }
    if (xyz_) reverse_axes(gathered, out, {count[0], count[1], count[2]}, data_type_size(info().dtype));
    return {};
  }

  // Declared so that they close in the order HDF5 needs: dataset, file, driver, then the source.
  std::unique_ptr<SourceLink> link_;
  Handle driver_;
  Handle file_;
  Handle dataset_;
  hid_t memory_type_;
  int rank_;
  bool xyz_;  // the dataset is indexed [x][y][z]
};

}  // namespace

Result<std::unique_ptr<VolumeReader>> open_hdf5(std::unique_ptr<ByteSource> source,
                                                const std::string& dataset_path) {
  const QuietErrors quiet;
  const std::string name = source->name();
  const std::string path = dataset_path.empty() ? kEmdDataset : dataset_path;
  auto link = std::make_unique<SourceLink>();
  link->source = std::move(source);
  link->name = name;

  const H5FD_class_t driver_description = driver_class();
  Handle driver(H5FDregister(&driver_description), H5FDunregister);
  const Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  const DriverInfo driver_info{link.get()};
  if (!driver.valid() || !access.valid() || H5Pset_driver(access.get(), driver.get(), &driver_info) < 0) {
    return make_error(ErrorCode::io, name + ": cannot set up HDF5 reading (" + hdf5_reason() + ")");
  }
  Handle file(H5Fopen(name.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
  if (!file.valid()) {
    const std::string reason = link->last_error.empty() ? hdf5_reason() : link->last_error;
    return make_error(ErrorCode::parse, name + ": not a readable HDF5 file (" + reason + ")");
  }
  Handle dataset(H5Dopen2(file.get(), path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) {
    return make_error(ErrorCode::not_found,
                      name + ": no dataset " + path +
                          (dataset_path.empty() ? " (the tomviz EMD layout); name the dataset to read" : "") +
                          " (" + hdf5_reason() + ")");
  }
  const std::string where = name + ": dataset " + path;
  const Handle create_plist(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!create_plist.valid()) return make_error(ErrorCode::parse, where + ": " + hdf5_reason());
  // External raw storage and virtual datasets name other files; HDF5 would open them by path.
  if (H5Pget_layout(create_plist.get()) == H5D_VIRTUAL || H5Pget_external_count(create_plist.get()) != 0) {
    return make_error(ErrorCode::unsupported, where +
                                                  " keeps its data in other files (external or virtual "
                                                  "storage), which is not supported");
  }
  const Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank != 2 && rank != 3) {
    return make_error(ErrorCode::unsupported, where + " has " + std::to_string(rank) +
                                                  " dimensions; a volume needs 3 (or 2 for one slice)");
  }
  std::array<hsize_t, 3> dims{1, 1, 1};
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  for (int a = 0; a < rank; ++a) {
    if (dims[a] == 0) return make_error(ErrorCode::parse, where + " is empty");
  }
  const Handle file_type(H5Dget_type(dataset.get()), H5Tclose);
  Result<ElementType> type = element_type(file_type.get(), where);
  if (!type) return type.error();

  VolumeInfo info;
  info.source = name;
  info.format = "hdf5";
  info.dtype = type->dtype;
  if (type->widened) info.notes.push_back("float16 values are widened to float32");
  std::array<EmdDim, 3> emd;
  for (int a = 0; a < rank; ++a) {
    emd[a] = read_emd_dim(file.get(), parent_group(path), a + 1, dims[a], info.notes);
  }
  const bool xyz = rank == 3 && equals_ignoring_case(emd[0].name, "x") &&
                   equals_ignoring_case(emd[1].name, "y") && equals_ignoring_case(emd[2].name, "z");
  std::array<std::optional<double>, 3> spacing_zyx;
  if (rank == 2) {
    info.shape_zyx = {1, dims[0], dims[1]};
    spacing_zyx = {std::nullopt, emd[0].spacing_nm, emd[1].spacing_nm};
  } else if (xyz) {
    info.shape_zyx = {dims[2], dims[1], dims[0]};
    spacing_zyx = {emd[2].spacing_nm, emd[1].spacing_nm, emd[0].spacing_nm};
    info.notes.push_back("EMD dimensions x, y, z: the dataset is indexed [x][y][z] and is transposed");
  } else {
    info.shape_zyx = {dims[0], dims[1], dims[2]};
    spacing_zyx = {emd[0].spacing_nm, emd[1].spacing_nm, emd[2].spacing_nm};
  }
  if (spacing_zyx[0] && spacing_zyx[1] && spacing_zyx[2]) {
    info.voxel_size_nm_zyx = std::array<double, 3>{*spacing_zyx[0], *spacing_zyx[1], *spacing_zyx[2]};
  } else if (!emd[0].present) {
    info.notes.push_back("no EMD dim1.. vectors next to the dataset: no voxel size");
  }
  if (!checked_volume_bytes(info.shape_zyx, data_type_size(info.dtype))) {
    return make_error(ErrorCode::limit,
                      where + " of " + shape_text(info.shape_zyx) + " voxels overflows 64-bit sizes");
  }
  const int z_axis = rank == 2 ? -1 : xyz ? 2 : 0;
  dataset = open_with_chunk_cache(file.get(), path, std::move(dataset), create_plist.get(), file_type.get(),
                                  rank, dims, z_axis, info.notes);
  return std::unique_ptr<VolumeReader>(new Hdf5Reader(std::move(info), std::move(link), std::move(driver),
                                                      std::move(file), std::move(dataset), type->memory_type,
                                                      rank, xyz));
}

}  // namespace hs
