// .npy header parsing (a strict reader of the Python dict literal) and block reads.
#include "io/npy.h"

#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/volume_layout.h"

namespace hs {
namespace {

constexpr std::array<std::uint8_t, 6> kMagic = {0x93, 'N', 'U', 'M', 'P', 'Y'};
// numpy writes headers of a few hundred bytes; np.load refuses more than 10000 by default.
constexpr std::uint64_t kMaxHeaderBytes = 1 << 16;
constexpr std::size_t kMaxRank = 32;  // numpy's own limit

struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<std::uint64_t> shape;
};

// Reads the dict `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }` and nothing else.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  std::optional<NpyHeader> parse() {
    NpyHeader header;
    bool have_descr = false, have_order = false, have_shape = false;
    if (!expect('{')) return std::nullopt;
    while (!eat('}')) {
      std::string key;
      if (!string_literal(key) || !expect(':')) return std::nullopt;
      bool ok = false;
      if (key == "descr" && !have_descr) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '[') {
          code_ = ErrorCode::unsupported;
          fail("'descr' is a list (a structured dtype), which is not supported");
          return std::nullopt;
        }
        ok = have_descr = string_literal(header.descr);
      } else if (key == "fortran_order" && !have_order) {
        ok = have_order = bool_literal(header.fortran_order);
      } else if (key == "shape" && !have_shape) {
        ok = have_shape = shape_tuple(header.shape);
      } else {
        fail((key == "descr" || key == "fortran_order" || key == "shape" ? "duplicate key '"
                                                                         : "unknown key '") +
             key + "'");
      }
      if (!ok) return std::nullopt;
      if (eat('}')) break;
      if (!expect(',')) return std::nullopt;
    }
    skip_space();
    if (pos_ != text_.size()) {
      fail("unexpected text after the dict");
      return std::nullopt;
    }
    if (!have_descr || !have_order || !have_shape) {
      fail(std::string("missing key '") +
           (!have_descr   ? "descr"
            : !have_order ? "fortran_order"
                          : "shape") +
           "'");
      return std::nullopt;
    }
    return header;
  }

  const std::string& error() const { return error_; }
  ErrorCode error_code() const { return code_; }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what + " (header character " + std::to_string(pos_) + ")";
    return false;
  }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool expect(char c) { return eat(c) || fail(std::string("expected '") + c + "'"); }

  // 'text' or "text" of printable ASCII without escapes.
  bool string_literal(std::string& out) {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) return fail("expected a string");
    const char quote = text_[pos_++];
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      const char c = text_[pos_];
      if (c == '\\' || c < 0x20 || c > 0x7e) return fail("unsupported character in a string");
      ++pos_;
    }
    if (pos_ >= text_.size()) return fail("unterminated string");
    out.assign(text_.substr(start, pos_ - start));
    ++pos_;
    return true;
  }

  bool bool_literal(bool& out) {
    skip_space();
    for (const auto& [word, value] : {std::pair<std::string_view, bool>{"True", true}, {"False", false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        out = value;
        return true;
      }
    }
    return fail("expected True or False");
  }

  // A non-negative decimal integer as Python writes it (no sign, no leading zeros).
  bool int_literal(std::uint64_t& out) {
    skip_space();
    const std::size_t start = pos_;
    std::uint64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const std::optional<std::uint64_t> next = checked_mul(value, 10);
      const std::optional<std::uint64_t> sum =
          next ? checked_add(*next, static_cast<std::uint64_t>(text_[pos_] - '0')) : std::nullopt;
      if (!sum) return fail("integer does not fit in 64 bits");
      value = *sum;
      ++pos_;
    }
    if (pos_ == start) return fail("expected a non-negative integer");
    if (text_[start] == '0' && pos_ - start > 1) return fail("integer with a leading zero");
    out = value;
    return true;
  }

  // (), (n,), (a, b), (a, b, c,) ...; "(n)" is an int in Python, not a tuple, and is refused.
  bool shape_tuple(std::vector<std::uint64_t>& out) {
    if (!expect('(')) return false;
    if (eat(')')) return true;
    while (true) {
      std::uint64_t n = 0;
      if (!int_literal(n)) return false;
      out.push_back(n);
      if (out.size() > kMaxRank) return fail("more than 32 dimensions");
      if (eat(')')) return out.size() > 1 || fail("a one-element shape needs a trailing comma");
      if (!expect(',')) return false;
      if (eat(')')) return true;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
  ErrorCode code_ = ErrorCode::parse;
};

// How the array's elements are stored in the file.
struct NpyType {
  DataType dtype;            // output type
  std::uint64_t file_bytes;  // bytes per element in the file
  bool big_endian;
  bool half;  // 'f2', widened to float32
};

Result<NpyType> parse_descr(const std::string& name, const std::string& descr) {
  const Error bad =
      make_error(ErrorCode::parse, name + ": 'descr' '" + descr + "' is not a numpy type string");
  if (descr.size() != 3 || (descr[0] != '<' && descr[0] != '>' && descr[0] != '|')) return bad;
  const char kind = descr[1];
  const char size = descr[2];
  struct Entry {
    char kind, size;
    DataType dtype;
  };
  constexpr std::array<Entry, 12> kTypes = {{
      {'b', '1', DataType::boolean},
      {'i', '1', DataType::int8},
      {'i', '2', DataType::int16},
      {'i', '4', DataType::int32},
      {'i', '8', DataType::int64},
      {'u', '1', DataType::uint8},
      {'u', '2', DataType::uint16},
      {'u', '4', DataType::uint32},
      {'u', '8', DataType::uint64},
      {'f', '2', DataType::float32},
      {'f', '4', DataType::float32},
      {'f', '8', DataType::float64},
  }};
  for (const Entry& e : kTypes) {
    if (e.kind != kind || e.size != size) continue;
    const std::uint64_t bytes = static_cast<std::uint64_t>(size - '0');
    if (descr[0] == '|' && bytes > 1) return bad;
    return NpyType{e.dtype, bytes, descr[0] == '>', kind == 'f' && size == '2'};
  }
  return make_error(ErrorCode::unsupported,
                    name + ": numpy type '" + descr +
                        "' is not supported (only bool, integers and 2-, 4- or 8-byte floats)");
}

class NpyReader final : public VolumeReader {
 public:
  NpyReader(VolumeInfo info, std::unique_ptr<ByteSource> source, std::uint64_t data_offset, NpyType type,
            bool fortran_order)
      : VolumeReader(std::move(info)),
        source_(std::move(source)),
        data_offset_(data_offset),
        type_(type),
        fortran_order_(fortran_order) {}

 private:
  Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) override {
    const std::array<std::uint64_t, 3>& shape = info().shape_zyx;
    const std::uint64_t file_bytes = type_.file_bytes;
    const std::uint64_t voxels = block.nz * block.ny * shape[2];
    std::vector<std::uint8_t> stored;
    if (!fortran_order_) {
      const std::uint64_t row_bytes = shape[2] * file_bytes;
      if (!type_.half) {
        Status status = read_row_block(*source_, data_offset_, row_bytes, shape[1], block, out);
        if (status) to_native_byte_order(out, file_bytes, type_.big_endian);
        return status;
      }
      stored.resize(voxels * file_bytes);
      Status status = read_row_block(*source_, data_offset_, row_bytes, shape[1], block, stored);
      if (status) halves_to_floats(stored, type_.big_endian, out);
      return status;
    }
    // Fortran order: the bytes are a C-order (x, y, z) array. Gather nz voxels along z for every
    // (x, y) of the block, giving an (x, ny, nz) block, then reverse its axes into (nz, ny, x).
    stored.resize(voxels * file_bytes);
    const std::uint64_t run_bytes = block.nz * file_bytes;
    const std::uint64_t z_stride = shape[0] * file_bytes;
    Status status;
    if (block.ny == shape[1]) {  // all rows: one run per (x, y), at a constant stride
      status = read_strided(*source_, data_offset_ + block.z0 * file_bytes, run_bytes, z_stride,
                            shape[2] * shape[1], stored);
    } else {
      const std::uint64_t column_bytes = block.ny * run_bytes;  // one x: ny runs
      for (std::uint64_t x = 0; status && x < shape[2]; ++x) {
        const std::uint64_t first_voxel = (x * shape[1] + block.y0) * shape[0] + block.z0;
        const std::uint64_t offset = data_offset_ + first_voxel * file_bytes;
        status = read_strided(*source_, offset, run_bytes, z_stride, block.ny,
                              std::span<std::uint8_t>(stored).subspan(x * column_bytes, column_bytes));
      }
    }
    if (!status) return status;
    const std::array<std::uint64_t, 3> gathered_shape = {shape[2], block.ny, block.nz};
    if (type_.half) {
      std::vector<std::uint8_t> floats(stored.size() * 2);
      halves_to_floats(stored, type_.big_endian, floats);
      reverse_axes(floats, out, gathered_shape, 4);
    } else {
      to_native_byte_order(stored, file_bytes, type_.big_endian);
      reverse_axes(stored, out, gathered_shape, file_bytes);
    }
    return {};
  }

  std::unique_ptr<ByteSource> source_;
  std::uint64_t data_offset_;
  NpyType type_;
  bool fortran_order_;
};

std::string tuple_text(const std::vector<std::uint64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

bool looks_like_npy(ByteView head) {
  return head.size() >= kMagic.size() && std::memcmp(head.data(), kMagic.data(), kMagic.size()) == 0;
}

Result<std::unique_ptr<VolumeReader>> open_npy(std::unique_ptr<ByteSource> source) {
  const std::string name = source->name();
  const std::uint64_t file_bytes = source->size();
  std::array<std::uint8_t, 12> preamble{};
  if (file_bytes < 10)
    return make_error(ErrorCode::parse, name + ": truncated: too short for an .npy header");
  const std::span<std::uint8_t> preamble_span(preamble.data(), file_bytes >= 12 ? 12 : 10);
  if (Status status = source->read(0, preamble_span); !status) return status.error();
  if (!looks_like_npy(preamble))
    return make_error(ErrorCode::parse, name + ": not an .npy file (no \\x93NUMPY magic)");
  const std::uint8_t major = preamble[6], minor = preamble[7];
  if (major < 1 || major > 3 || minor != 0) {
    return make_error(ErrorCode::unsupported, name + ": .npy format version " + std::to_string(major) + "." +
                                                  std::to_string(minor) +
                                                  " is not supported (1.0, 2.0, 3.0)");
  }
  const std::uint64_t preamble_bytes = major == 1 ? 10 : 12;
  if (file_bytes < preamble_bytes)
    return make_error(ErrorCode::parse, name + ": truncated: no header length");
  const std::uint64_t header_bytes =
      major == 1 ? load_le<std::uint16_t>(preamble.data() + 8) : load_le<std::uint32_t>(preamble.data() + 8);
  if (header_bytes > kMaxHeaderBytes) {
    return make_error(ErrorCode::limit, name + ": .npy header of " + std::to_string(header_bytes) +
                                            " bytes is longer than the limit of " +
                                            std::to_string(kMaxHeaderBytes));
  }
  if (header_bytes > file_bytes - preamble_bytes) {
    return make_error(ErrorCode::parse, name + ": truncated: the " + std::to_string(header_bytes) +
                                            "-byte header does not fit in the " + std::to_string(file_bytes) +
                                            "-byte file");
  }
  std::string text(header_bytes, '\0');
  if (Status status =
          source->read(preamble_bytes, {reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
      !status) {
    return status.error();
  }
  HeaderParser parser(text);
  const std::optional<NpyHeader> header = parser.parse();
  if (!header) return make_error(parser.error_code(), name + ": .npy header: " + parser.error());
  Result<NpyType> type = parse_descr(name, header->descr);
  if (!type) return type.error();

  VolumeInfo info;
  info.source = name;
  info.format = "npy";
  info.dtype = type->dtype;
  const std::vector<std::uint64_t>& shape = header->shape;
  if (shape.size() == 3) {
    info.shape_zyx = {shape[0], shape[1], shape[2]};
  } else if (shape.size() == 2) {
    info.shape_zyx = {1, shape[0], shape[1]};
  } else {
    return make_error(ErrorCode::unsupported, name + ": shape " + tuple_text(shape) + " has " +
                                                  std::to_string(shape.size()) +
                                                  " dimensions; a volume needs 3 (or 2 for one slice)");
  }
  for (std::uint64_t n : shape) {
    if (n == 0) return make_error(ErrorCode::parse, name + ": shape " + tuple_text(shape) + " is empty");
  }
  const std::uint64_t data_offset = preamble_bytes + header_bytes;
  const std::optional<std::uint64_t> data_bytes = checked_volume_bytes(info.shape_zyx, type->file_bytes);
  if (!data_bytes || *data_bytes > file_bytes - data_offset) {
    return make_error(
        ErrorCode::parse,
        name + ": truncated: shape " + tuple_text(shape) + " of '" + header->descr + "' needs " +
            (data_bytes ? std::to_string(*data_bytes) : std::string("more than 2^64")) +
            " bytes of data but " + std::to_string(file_bytes - data_offset) + " follow the header");
  }
  if (*data_bytes < file_bytes - data_offset) {
    info.notes.push_back(std::to_string(file_bytes - data_offset - *data_bytes) +
                         " bytes after the array are ignored");
  }
  if (header->fortran_order) info.notes.push_back("Fortran-order array: transposed while reading");
  if (type->half) info.notes.push_back("float16 values are widened to float32");
  return std::unique_ptr<VolumeReader>(
      new NpyReader(std::move(info), std::move(source), data_offset, *type, header->fortran_order));
}

}  // namespace hs
