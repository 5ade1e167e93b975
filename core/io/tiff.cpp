// TIFF / BigTIFF IFD parsing, ImageJ metadata, and reads of rows of pages.
#include "io/tiff.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/length_unit.h"
#include "io/volume_layout.h"

namespace hs {
namespace {

constexpr std::uint64_t kMaxEntriesPerIfd = 65535;
constexpr std::uint64_t kMaxPages = 1 << 22;
constexpr std::uint64_t kMaxChunksPerPage = 1 << 24;  // strips or tiles
constexpr std::uint64_t kMaxTileBytes = 1 << 28;
constexpr std::uint64_t kMaxDescriptionBytes = 1 << 20;

enum Tag : std::uint16_t {
  kNewSubfileType = 254,
  kImageWidth = 256,
  kImageLength = 257,
  kBitsPerSample = 258,
  kCompression = 259,
  kImageDescription = 270,
  kStripOffsets = 273,
  kOrientation = 274,
  kSamplesPerPixel = 277,
  kRowsPerStrip = 278,
  kStripByteCounts = 279,
  kXResolution = 282,
  kYResolution = 283,
  kPlanarConfiguration = 284,
  kResolutionUnit = 296,
  kTileWidth = 322,
  kTileLength = 323,
  kTileOffsets = 324,
  kTileByteCounts = 325,
  kSampleFormat = 339,
};

// Bytes per value of TIFF field types 0..18 (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE, UNDEFINED,
// SSHORT, SLONG, SRATIONAL, FLOAT, DOUBLE, IFD, -, -, LONG8, SLONG8, IFD8); 0 for unknown types.
constexpr std::array<std::uint8_t, 19> kTypeBytes = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

std::uint64_t type_bytes(std::uint16_t type) {
  return type < kTypeBytes.size() ? kTypeBytes[type] : 0;
}

bool is_unsigned_type(std::uint16_t type) {
  return type == 1 || type == 3 || type == 4 || type == 13 || type == 16 || type == 18;
}

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0 ? 1 : 0);
}

struct Entry {
  std::uint16_t tag = 0;
  std::uint16_t type = 0;
  std::uint64_t count = 0;
  std::array<std::uint8_t, 8> value{};  // the value itself if it fits, else its offset
};

struct Ifd {
  std::vector<Entry> entries;
  std::uint64_t next = 0;  // offset of the next IFD; 0 at the end of the chain

  const Entry* find(std::uint16_t tag) const {
    for (const Entry& e : entries) {
      if (e.tag == tag) return &e;
    }
    return nullptr;
  }
};

// One page's geometry and where its bytes are.
struct Page {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  DataType dtype = DataType::uint8;
  std::uint64_t sample_bytes = 1;  // in the file
  bool half = false;               // 16-bit floats, widened to float32
  bool tiled = false;
  std::uint64_t chunk_width = 0;   // tile width, or the image width for strips
  std::uint64_t chunk_height = 0;  // tile length, or rows per strip
  Entry offsets;
  std::optional<Entry> byte_counts;
  bool reduced = false;  // a thumbnail or pyramid level, not a slice
};

struct SampleType {
  std::uint64_t format, bits;
  DataType dtype;
};
constexpr std::array<SampleType, 11> kSampleTypes = {{
    {1, 8, DataType::uint8},
    {1, 16, DataType::uint16},
    {1, 32, DataType::uint32},
    {1, 64, DataType::uint64},
    {2, 8, DataType::int8},
    {2, 16, DataType::int16},
    {2, 32, DataType::int32},
    {2, 64, DataType::int64},
    {3, 16, DataType::float32},
    {3, 32, DataType::float32},
    {3, 64, DataType::float64},
}};

// Reads IFDs, field values and pages of one TIFF file.
class TiffFile {
 public:
  TiffFile(ByteSource& source, bool big_endian, bool bigtiff)
      : source_(source), big_endian_(big_endian), bigtiff_(bigtiff) {}

  Error error(ErrorCode code, const std::string& what) const {
    return make_error(code, source_.name() + ": " + what);
  }

  // Unsigned integer of `bytes` bytes (1, 2, 4 or 8) in the file's byte order.
  std::uint64_t load(const std::uint8_t* p, std::size_t bytes) const {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      const std::size_t shift = 8 * (big_endian_ ? bytes - 1 - i : i);
      value |= static_cast<std::uint64_t>(p[i]) << shift;
    }
    return value;
  }

  Result<Ifd> read_ifd(std::uint64_t offset) const {
    const std::uint64_t count_bytes = bigtiff_ ? 8 : 2;
    const std::uint64_t entry_bytes = bigtiff_ ? 20 : 12;
    const std::uint64_t next_bytes = bigtiff_ ? 8 : 4;
    const std::uint64_t file_bytes = source_.size();
    if (offset > file_bytes || count_bytes > file_bytes - offset) {
      return error(ErrorCode::parse, "IFD offset " + std::to_string(offset) + " lies outside the " +
                                         std::to_string(file_bytes) + "-byte file");
    }
    std::array<std::uint8_t, 8> count_field{};
    if (Status s = source_.read(offset, std::span<std::uint8_t>(count_field.data(), count_bytes)); !s)
      return s.error();
    const std::uint64_t count = load(count_field.data(), count_bytes);
    if (count > kMaxEntriesPerIfd) {
      return error(ErrorCode::limit, "IFD at offset " + std::to_string(offset) + " claims " +
                                         std::to_string(count) + " entries, more than the limit of " +
                                         std::to_string(kMaxEntriesPerIfd));
    }
    const std::uint64_t table_bytes = count * entry_bytes + next_bytes;
    if (table_bytes > file_bytes - offset - count_bytes) {
      return error(ErrorCode::parse, "truncated: the IFD at offset " + std::to_string(offset) + " with " +
                                         std::to_string(count) + " entries runs past the end of the file");
    }
    Bytes table(table_bytes);
    if (Status s = source_.read(offset + count_bytes, table); !s) return s.error();
    Ifd ifd;
    ifd.entries.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint8_t* p = table.data() + i * entry_bytes;
      Entry e;
      e.tag = static_cast<std::uint16_t>(load(p, 2));
      e.type = static_cast<std::uint16_t>(load(p + 2, 2));
      e.count = load(p + 4, bigtiff_ ? 8 : 4);
      const std::size_t value_bytes = bigtiff_ ? 8 : 4;
      std::copy(p + entry_bytes - value_bytes, p + entry_bytes, e.value.begin());
      ifd.entries.push_back(e);
    }
    ifd.next = load(table.data() + count * entry_bytes, next_bytes);
    return ifd;
  }

  // The raw bytes of a field's values (at most max_bytes of them).
  Result<Bytes> value_bytes(const Entry& e, std::uint64_t max_bytes) const {
    const std::string tag = "tag " + std::to_string(e.tag);
    const std::uint64_t size = type_bytes(e.type);
    if (size == 0) return error(ErrorCode::parse, tag + " has unknown field type " + std::to_string(e.type));
    const std::optional<std::uint64_t> total = checked_mul(e.count, size);
    if (!total || *total > max_bytes) {
      return error(ErrorCode::limit, tag + " has " + std::to_string(e.count) + " values, more than expected");
    }
    const std::size_t inline_bytes = bigtiff_ ? 8 : 4;
    if (*total <= inline_bytes)
      return Bytes(e.value.begin(), e.value.begin() + static_cast<std::ptrdiff_t>(*total));
    const std::uint64_t offset = load(e.value.data(), inline_bytes);
    if (offset > source_.size() || *total > source_.size() - offset) {
      return error(ErrorCode::parse, "truncated: the " + std::to_string(*total) + " bytes of " + tag +
                                         " at offset " + std::to_string(offset) + " lie outside the " +
                                         std::to_string(source_.size()) + "-byte file");
    }
    Bytes bytes(*total);
    if (Status s = source_.read(offset, bytes); !s) return s.error();
    return bytes;
  }

  // A field of unsigned integers with at most max_count values.
  Result<std::vector<std::uint64_t>> uints(const Entry& e, std::uint64_t max_count) const {
    if (!is_unsigned_type(e.type)) {
      return error(ErrorCode::parse, "tag " + std::to_string(e.tag) + " has field type " +
                                         std::to_string(e.type) + ", not an unsigned integer");
    }
    Result<Bytes> bytes = value_bytes(e, max_count * 8);
    if (!bytes) return bytes.error();
    const std::uint64_t size = type_bytes(e.type);
    std::vector<std::uint64_t> values(e.count);
    for (std::uint64_t i = 0; i < e.count; ++i) values[i] = load(bytes->data() + i * size, size);
    return values;
  }

  // The first value of an unsigned integer field, or `fallback` if the field is absent.
  Result<std::uint64_t> uint(const Ifd& ifd, std::uint16_t tag, std::optional<std::uint64_t> fallback) const {
    const Entry* e = ifd.find(tag);
    if (e == nullptr) {
      if (fallback) return *fallback;
      return error(ErrorCode::parse, "required tag " + std::to_string(tag) + " is missing");
    }
    if (e->count == 0) return error(ErrorCode::parse, "tag " + std::to_string(tag) + " has no value");
    Result<std::vector<std::uint64_t>> values = uints(*e, 64);
    if (!values) return values.error();
    return values->front();
  }

  // A positive RATIONAL field, or nullopt if it is absent or unusable (it is only metadata).
  std::optional<double> rational(const Ifd& ifd, std::uint16_t tag) const {
    const Entry* e = ifd.find(tag);
    if (e == nullptr || e->type != 5 || e->count < 1) return std::nullopt;
    Result<Bytes> bytes = value_bytes(*e, 64 * 8);
    if (!bytes) return std::nullopt;
    const double numerator = static_cast<double>(load(bytes->data(), 4));
    const double denominator = static_cast<double>(load(bytes->data() + 4, 4));
    if (numerator <= 0 || denominator <= 0) return std::nullopt;
    return numerator / denominator;
  }

  // An ASCII field without its terminating NULs, or "" if absent or too long.
  std::string ascii(const Ifd& ifd, std::uint16_t tag) const {
    const Entry* e = ifd.find(tag);
    if (e == nullptr || e->type != 2) return {};
    Result<Bytes> bytes = value_bytes(*e, kMaxDescriptionBytes);
    if (!bytes) return {};
    std::string text(bytes->begin(), bytes->end());
    while (!text.empty() && text.back() == '\0') text.pop_back();
    return text;
  }

  Result<Page> page(const Ifd& ifd, std::uint64_t z) const {
    const std::string where = "page " + std::to_string(z) + ": ";
    Page p;
    Result<std::uint64_t> subfile = uint(ifd, kNewSubfileType, 0);
    Result<std::uint64_t> width = uint(ifd, kImageWidth, std::nullopt);
    Result<std::uint64_t> height = uint(ifd, kImageLength, std::nullopt);
    Result<std::uint64_t> compression = uint(ifd, kCompression, 1);
    Result<std::uint64_t> samples = uint(ifd, kSamplesPerPixel, 1);
    Result<std::uint64_t> planar = uint(ifd, kPlanarConfiguration, 1);
    Result<std::uint64_t> bits = uint(ifd, kBitsPerSample, 1);
    Result<std::uint64_t> format = uint(ifd, kSampleFormat, 1);
    for (const Result<std::uint64_t>* r :
         {&subfile, &width, &height, &compression, &samples, &planar, &bits, &format}) {
      if (!*r) return r->error();
    }
    p.reduced = (*subfile & 1) != 0;
    p.width = *width;
    p.height = *height;
    if (p.width == 0 || p.height == 0) {
      return error(ErrorCode::parse, where + "image size " + std::to_string(p.width) + " x " +
                                         std::to_string(p.height) + " is empty");
    }
    if (*compression != 1) {
      return error(ErrorCode::unsupported, where + "unsupported compression " + std::to_string(*compression));
    }
    if (*samples != 1) {
      return error(ErrorCode::unsupported,
                   where + std::to_string(*samples) + " samples per pixel (only 1 is supported)");
    }
    if (*planar != 1 && *planar != 2) {
      return error(ErrorCode::parse,
                   where + "PlanarConfiguration " + std::to_string(*planar) + " is not 1 or 2");
    }
    const SampleType* sample = nullptr;
    for (const SampleType& t : kSampleTypes) {
      if (t.format == *format && t.bits == *bits) sample = &t;
    }
    if (sample == nullptr) {
      return error(ErrorCode::unsupported, where + "BitsPerSample " + std::to_string(*bits) +
                                               " with SampleFormat " + std::to_string(*format) +
                                               " is not supported");
    }
    p.dtype = sample->dtype;
    p.sample_bytes = sample->bits / 8;
    p.half = sample->format == 3 && sample->bits == 16;

    const Entry* tile_offsets = ifd.find(kTileOffsets);
    p.tiled = tile_offsets != nullptr || ifd.find(kTileWidth) != nullptr;
    const Entry* offsets = nullptr;
    const Entry* counts = nullptr;
    if (p.tiled) {
      Result<std::uint64_t> tile_width = uint(ifd, kTileWidth, std::nullopt);
      Result<std::uint64_t> tile_height = uint(ifd, kTileLength, std::nullopt);
      if (!tile_width) return tile_width.error();
      if (!tile_height) return tile_height.error();
      p.chunk_width = *tile_width;
      p.chunk_height = *tile_height;
      offsets = tile_offsets;
      counts = ifd.find(kTileByteCounts);
    } else {
      Result<std::uint64_t> rows = uint(ifd, kRowsPerStrip, 0xffffffffu);
      if (!rows) return rows.error();
      p.chunk_width = p.width;
      p.chunk_height = std::min(*rows, p.height);
      offsets = ifd.find(kStripOffsets);
      counts = ifd.find(kStripByteCounts);
    }
    const char* kind = p.tiled ? "tile" : "strip";
    if (offsets == nullptr) return error(ErrorCode::parse, where + "no " + kind + " offsets");
    if (p.chunk_width == 0 || p.chunk_height == 0) {
      return error(ErrorCode::parse, where + std::string(kind) + " size " + std::to_string(p.chunk_width) +
                                         " x " + std::to_string(p.chunk_height) + " is empty");
    }
    const std::optional<std::uint64_t> page_bytes =
        checked_volume_bytes({1, p.height, p.width}, p.sample_bytes);
    if (!page_bytes || *page_bytes > source_.size()) {
      return error(ErrorCode::parse, "truncated: " + where + std::to_string(p.width) + " x " +
                                         std::to_string(p.height) + " pixels of " + std::to_string(*bits) +
                                         " bits need more than the " + std::to_string(source_.size()) +
                                         "-byte file holds");
    }
    const std::optional<std::uint64_t> chunk_bytes =
        checked_volume_bytes({1, p.chunk_height, p.chunk_width}, p.sample_bytes);
    if (p.tiled && (!chunk_bytes || *chunk_bytes > kMaxTileBytes)) {
      return error(ErrorCode::limit, where + "tiles of " + std::to_string(p.chunk_width) + " x " +
                                         std::to_string(p.chunk_height) + " pixels exceed the limit of " +
                                         std::to_string(kMaxTileBytes) + " bytes");
    }
    const std::uint64_t chunks = ceil_div(p.width, p.chunk_width) * ceil_div(p.height, p.chunk_height);
    for (const Entry* e : {offsets, counts}) {
      if (e != nullptr && e->count != chunks) {
        return error(ErrorCode::parse, where + "tag " + std::to_string(e->tag) + " has " +
                                           std::to_string(e->count) + " values but the page has " +
                                           std::to_string(chunks) + " " + kind + "s");
      }
    }
    if (chunks > kMaxChunksPerPage) {
      return error(ErrorCode::limit, where + std::to_string(chunks) + " " + kind + "s exceed the limit of " +
                                         std::to_string(kMaxChunksPerPage));
    }
    p.offsets = *offsets;
    if (counts != nullptr) p.byte_counts = *counts;
    return p;
  }

  // Reads rows y0 .. y0+ny-1 of a page into `out` (ny * width * output element size), native byte
  // order. Only the strips or tiles holding those rows are checked and read.
  Status read_page_rows(const Page& p, std::uint64_t z, std::uint64_t y0, std::uint64_t ny,
                        std::span<std::uint8_t> out) const {
    const std::string where = "page " + std::to_string(z) + ": ";
    const std::uint64_t chunks = p.offsets.count;
    Result<std::vector<std::uint64_t>> offsets = uints(p.offsets, chunks);
    if (!offsets) return offsets.error();
    std::vector<std::uint64_t> counts;
    if (p.byte_counts) {
      Result<std::vector<std::uint64_t>> read_counts = uints(*p.byte_counts, chunks);
      if (!read_counts) return read_counts.error();
      counts = std::move(*read_counts);
    }
    Bytes stored;
    std::span<std::uint8_t> pixels = out;  // in the file's encoding
    if (p.half) {
      stored.resize(p.width * ny * p.sample_bytes);
      pixels = stored;
    }
    const std::uint64_t row_bytes = p.width * p.sample_bytes;
    const std::uint64_t chunk_row_bytes = p.chunk_width * p.sample_bytes;
    const std::uint64_t across = ceil_div(p.width, p.chunk_width);
    const std::uint64_t y_end = y0 + ny;
    Bytes tile_rows;
    for (std::uint64_t down = y0 / p.chunk_height; down * p.chunk_height < y_end; ++down) {
      const std::uint64_t chunk_y0 = down * p.chunk_height;
      const std::uint64_t rows = std::min(p.chunk_height, p.height - chunk_y0);
      const std::uint64_t first = std::max(y0, chunk_y0), last = std::min(y_end, chunk_y0 + rows);
      for (std::uint64_t a = 0; a < across; ++a) {
        const std::uint64_t c = down * across + a;
        const std::uint64_t x0 = a * p.chunk_width;
        // Strips hold only the rows they cover; tiles are stored whole, padding included.
        const std::uint64_t stride = p.tiled ? chunk_row_bytes : row_bytes;
        const std::uint64_t needed = p.tiled ? p.chunk_height * chunk_row_bytes : rows * row_bytes;
        const std::string chunk = where + (p.tiled ? "tile " : "strip ") + std::to_string(c);
        if (!counts.empty() && counts[c] < needed) {
          return error(ErrorCode::parse, chunk + " holds " + std::to_string(counts[c]) + " bytes but " +
                                             std::to_string(needed) + " are needed uncompressed");
        }
        if ((*offsets)[c] > source_.size() || needed > source_.size() - (*offsets)[c]) {
          return error(ErrorCode::parse, "truncated: " + chunk + " at offset " +
                                             std::to_string((*offsets)[c]) + " runs past the end of the " +
                                             std::to_string(source_.size()) + "-byte file");
        }
        const std::uint64_t from = (*offsets)[c] + (first - chunk_y0) * stride;
        if (!p.tiled) {
          Status s = source_.read(from, pixels.subspan((first - y0) * row_bytes, (last - first) * row_bytes));
          if (!s) return s;
          continue;
        }
        tile_rows.resize((last - first) * chunk_row_bytes);
        Status s = source_.read(from, tile_rows);
        if (!s) return s;
        const std::uint64_t copy_bytes = std::min(p.chunk_width, p.width - x0) * p.sample_bytes;
        for (std::uint64_t r = 0; r < last - first; ++r) {
          std::copy_n(tile_rows.data() + r * chunk_row_bytes, copy_bytes,
                      pixels.data() + (first - y0 + r) * row_bytes + x0 * p.sample_bytes);
        }
      }
    }
    if (p.half) {
      halves_to_floats(stored, big_endian_, out);
    } else {
      to_native_byte_order(out, p.sample_bytes, big_endian_);
    }
    return {};
  }

 private:
  ByteSource& source_;
  bool big_endian_;
  bool bigtiff_;
};

class TiffReader final : public VolumeReader {
 public:
  TiffReader(VolumeInfo info, std::unique_ptr<ByteSource> source, bool big_endian, bool bigtiff,
             std::vector<std::uint64_t> page_offsets)
      : VolumeReader(std::move(info)),
        source_(std::move(source)),
        big_endian_(big_endian),
        bigtiff_(bigtiff),
        page_offsets_(std::move(page_offsets)) {}

 private:
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    const TiffFile file(*source_, big_endian_, bigtiff_);
    const std::uint64_t band_bytes = block.ny * info().shape_zyx[2] * data_type_size(info().dtype);
    for (std::uint64_t i = 0; i < block.nz; ++i) {
      const std::uint64_t z = block.z0 + i;
      Result<Ifd> ifd = file.read_ifd(page_offsets_[z]);
      if (!ifd) return ifd.error();
      Result<Page> page = file.page(*ifd, z);
      if (!page) return page.error();
      if (page->width != info().shape_zyx[2] || page->height != info().shape_zyx[1] ||
          page->dtype != info().dtype) {
        return file.error(ErrorCode::parse,
                          "page " + std::to_string(z) + " changed since the file was opened");
      }
      Status s = file.read_page_rows(*page, z, block.y0, block.ny, out.subspan(i * band_bytes, band_bytes));
      if (!s) return s;
    }
    return {};
  }

  std::unique_ptr<ByteSource> source_;
  bool big_endian_;
  bool bigtiff_;
  std::vector<std::uint64_t> page_offsets_;
};

// The parts of an ImageJ ImageDescription ("ImageJ=1.53t\nimages=40\nunit=micron\nspacing=0.5\n...")
// that matter here.
struct ImageJInfo {
  std::string unit;
  std::optional<double> spacing;
  std::uint64_t channels = 1;
  std::optional<std::uint64_t> images;
};

std::optional<ImageJInfo> parse_imagej(const std::string& description) {
  if (description.rfind("ImageJ=", 0) != 0) return std::nullopt;
  ImageJInfo info;
  std::size_t start = 0;
  while (start < description.size()) {
    std::size_t end = description.find('\n', start);
    if (end == std::string::npos) end = description.size();
    const std::string line = description.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    char* rest = nullptr;
    if (key == "unit") {
      info.unit = value;
    } else if (key == "spacing") {
      const double spacing = std::strtod(value.c_str(), &rest);
      if (rest != value.c_str() && std::isfinite(spacing) && spacing > 0) info.spacing = spacing;
    } else if (key == "channels" || key == "images") {
      const unsigned long long n = std::strtoull(value.c_str(), &rest, 10);
      if (rest == value.c_str()) continue;
      if (key == "channels") info.channels = n;
      if (key == "images") info.images = n;
    }
  }
  return info;
}

std::string nm_text(double nm) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", nm);
  return text;
}

// Voxel size from ImageJ's unit and spacing and the resolution tags; notes what is missing.
void set_voxel_size(const TiffFile& file, const Ifd& first, const std::optional<ImageJInfo>& imagej,
                    VolumeInfo& info) {
  const std::optional<double> x_per_unit = file.rational(first, kXResolution);
  const std::optional<double> y_per_unit = file.rational(first, kYResolution);
  if (!x_per_unit) return;
  const double y_pixels = y_per_unit ? *y_per_unit : *x_per_unit;
  const std::optional<double> imagej_unit_nm = imagej ? length_unit_nm(imagej->unit) : std::nullopt;
  if (imagej_unit_nm) {
    const double x_nm = *imagej_unit_nm / *x_per_unit;
    const double y_nm = *imagej_unit_nm / y_pixels;
    if (imagej->spacing) {
      info.voxel_size_nm_zyx = std::array<double, 3>{*imagej->spacing * *imagej_unit_nm, y_nm, x_nm};
    } else {
      info.notes.push_back("pixel size " + nm_text(x_nm) + " x " + nm_text(y_nm) +
                           " nm but no ImageJ spacing= for z, so no voxel size");
    }
    return;
  }
  const Result<std::uint64_t> unit = file.uint(first, kResolutionUnit, 0);
  if (unit && (*unit == 2 || *unit == 3)) {
    const double unit_nm = *unit == 2 ? 2.54e7 : 1e7;
    info.notes.push_back("XResolution gives a pixel size of " + nm_text(unit_nm / *x_per_unit) + " x " +
                         nm_text(unit_nm / y_pixels) + " nm, but the z spacing is unknown, so no voxel size");
  }
}

}  // namespace

bool looks_like_tiff(ByteView head) {
  if (head.size() < 4) return false;
  const bool little = head[0] == 'I' && head[1] == 'I' && head[3] == 0 && (head[2] == 42 || head[2] == 43);
  const bool big = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
  return little || big;
}

Result<std::unique_ptr<VolumeReader>> open_tiff(std::unique_ptr<ByteSource> source) {
  const std::string name = source->name();
  const std::uint64_t file_bytes = source->size();
  std::array<std::uint8_t, 16> head{};
  if (file_bytes < 8) return make_error(ErrorCode::parse, name + ": truncated: too short for a TIFF header");
  const std::span<std::uint8_t> head_span(head.data(), file_bytes >= 16 ? 16 : 8);
  if (Status s = source->read(0, head_span); !s) return s.error();
  if (!looks_like_tiff(head))
    return make_error(ErrorCode::parse, name + ": not a TIFF file (no II*/MM* header)");
  const bool big_endian = head[0] == 'M';
  const bool bigtiff = (big_endian ? head[3] : head[2]) == 43;
  const TiffFile file(*source, big_endian, bigtiff);
  std::uint64_t offset = 0;
  if (bigtiff) {
    if (file_bytes < 16 || file.load(head.data() + 4, 2) != 8 || file.load(head.data() + 6, 2) != 0) {
      return make_error(ErrorCode::parse, name + ": BigTIFF header does not declare 8-byte offsets");
    }
    offset = file.load(head.data() + 8, 8);
  } else {
    offset = file.load(head.data() + 4, 4);
  }
  if (offset == 0) return make_error(ErrorCode::parse, name + ": the TIFF file has no pages");

  VolumeInfo info;
  info.source = name;
  info.format = "tiff";
  std::vector<std::uint64_t> page_offsets;
  std::optional<Ifd> first;
  std::optional<Page> first_page;
  std::set<std::uint64_t> visited;
  std::uint64_t skipped = 0;
  while (offset != 0) {
    if (!visited.insert(offset).second) {
      return make_error(ErrorCode::parse,
                        name + ": the IFD chain loops back to offset " + std::to_string(offset));
    }
    if (visited.size() > kMaxPages) {
      return make_error(ErrorCode::limit, name + ": more than " + std::to_string(kMaxPages) + " pages");
    }
    Result<Ifd> ifd = file.read_ifd(offset);
    if (!ifd) return ifd.error();
    Result<Page> page = file.page(*ifd, page_offsets.size());
    if (!page) return page.error();
    const std::uint64_t this_offset = offset;
    offset = ifd->next;
    if (page->reduced) {
      ++skipped;
      continue;
    }
    if (!first_page) {
      first_page = *page;
      first = std::move(*ifd);
    } else if (page->width != first_page->width || page->height != first_page->height ||
               page->dtype != first_page->dtype || page->half != first_page->half) {
      return make_error(ErrorCode::unsupported,
                        name + ": page " + std::to_string(page_offsets.size()) + " is " +
                            std::to_string(page->width) + " x " + std::to_string(page->height) + " " +
                            std::string(data_type_name(page->dtype)) + " but page 0 is " +
                            std::to_string(first_page->width) + " x " + std::to_string(first_page->height) +
                            " " + std::string(data_type_name(first_page->dtype)) +
                            "; pages must match to form a stack");
    }
    page_offsets.push_back(this_offset);
  }
  if (!first_page)
    return make_error(ErrorCode::parse, name + ": the TIFF file has only reduced-resolution pages");
  if (skipped > 0) info.notes.push_back(std::to_string(skipped) + " reduced-resolution pages skipped");
  if (first_page->half) info.notes.push_back("float16 values are widened to float32");

  const std::optional<ImageJInfo> imagej = parse_imagej(file.ascii(*first, kImageDescription));
  if (imagej && imagej->channels > 1) {
    return make_error(ErrorCode::unsupported, name + ": ImageJ hyperstack with " +
                                                  std::to_string(imagej->channels) +
                                                  " channels (only single-channel stacks are supported)");
  }
  if (imagej && imagej->images && *imagej->images > page_offsets.size()) {
    return make_error(ErrorCode::unsupported,
                      name + ": ImageJ says images=" + std::to_string(*imagej->images) +
                          " but the file has " + std::to_string(page_offsets.size()) +
                          " pages (ImageJ's contiguous layout for stacks over 4 GB is not supported)");
  }
  const Result<std::uint64_t> orientation = file.uint(*first, kOrientation, 1);
  if (orientation && *orientation != 1) {
    info.notes.push_back("Orientation " + std::to_string(*orientation) +
                         " is ignored: rows are read top to bottom");
  }
  info.shape_zyx = {page_offsets.size(), first_page->height, first_page->width};
  info.dtype = first_page->dtype;
  set_voxel_size(file, *first, imagej, info);
  return std::unique_ptr<VolumeReader>(
      new TiffReader(std::move(info), std::move(source), big_endian, bigtiff, std::move(page_offsets)));
}

}  // namespace hs
