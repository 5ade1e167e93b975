// The three kinds of Zarr v3 codec stage (array->array, array->bytes, bytes->bytes), what a stage
// knows about the chunk it encodes, and the limits every decoder enforces on untrusted chunks.
//
// A chain is: array->array stages, exactly one array->bytes stage, then bytes->bytes stages
// (codec_chain.h). Decoded chunks are C order, native (little) endian.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "json/json.h"
#include "store/codecs/decode_context.h"
#include "util/bytes.h"
#include "util/data_type.h"
#include "util/result.h"

namespace hs {

// Largest chunk decoded in one piece (a chunk, an inner chunk, or a shard decoded whole), in bytes;
// larger ones stop with ErrorCode::limit. Fits a 32-bit size_t (wasm).
inline constexpr std::uint64_t kMaxDecodedChunkBytes = std::uint64_t{1} << 30;
// Largest number of inner chunks in one shard (its index is then 16 MiB).
inline constexpr std::uint64_t kMaxInnerChunksPerShard = std::uint64_t{1} << 20;

// What a stage sees of one chunk on its decoded side: shape, element type and fill value.
struct ChunkRepr {
  std::vector<std::uint64_t> shape;  // elements per dimension; product validated not to overflow
  DataType data_type = DataType::uint8;
  Bytes fill_value;  // one element, native (little) endian

  std::uint64_t element_count() const;
  std::uint64_t byte_count() const { return element_count() * data_type_size(data_type); }
};

class ArrayToArrayCodec {
 public:
  virtual ~ArrayToArrayCodec() = default;
  // The representation this stage produces (e.g. the permuted shape); the next stage's input.
  virtual const ChunkRepr& encoded_repr() const = 0;
  // `decoded` / `encoded` hold exactly one chunk of the respective representation (checked by
  // the chain).
  virtual Bytes encode(ByteView decoded) const = 0;
  virtual Bytes decode(ByteView encoded) const = 0;
};

class ArrayToBytesCodec {
 public:
  virtual ~ArrayToBytesCodec() = default;
  // `decoded` holds exactly one chunk of the representation given at construction.
  virtual Result<Bytes> encode(ByteView decoded) const = 0;
  // Returns one chunk of that representation; errors (naming `source`) on truncated or corrupt
  // input.
  virtual Result<Bytes> decode(ByteView encoded, std::string_view source, DecodeContext& context) const = 0;
  // Upper bound of the encoded size in bytes (saturates at UINT64_MAX).
  virtual std::uint64_t max_encoded_bytes() const = 0;
  // The encoded size when it never varies (bytes codec), else nullopt.
  virtual std::optional<std::uint64_t> fixed_encoded_bytes() const = 0;
};

class BytesToBytesCodec {
 public:
  virtual ~BytesToBytesCodec() = default;
  virtual Result<Bytes> encode(ByteView decoded) const = 0;
  // Stops with ErrorCode::limit when the output would exceed `max_decoded_bytes`, whatever the
  // input declares; ErrorCode::parse on corrupt input. Messages name `source`.
  virtual Result<Bytes> decode(ByteView encoded, std::uint64_t max_decoded_bytes, std::string_view source,
                               DecodeContext& context) const = 0;
  // Upper bound of the encoded size of `decoded_bytes` bytes (saturating).
  virtual std::uint64_t max_encoded_bytes(std::uint64_t decoded_bytes) const = 0;
  // The exact encoded size when it depends only on the input size (crc32c), else nullopt.
  virtual std::optional<std::uint64_t> fixed_encoded_bytes(std::uint64_t decoded_bytes) const = 0;
};

using AnyCodec = std::variant<std::unique_ptr<ArrayToArrayCodec>, std::unique_ptr<ArrayToBytesCodec>,
                              std::unique_ptr<BytesToBytesCodec>>;

// What a codec factory gets: the codec's metadata and the chunk it will encode.
struct CodecArgs {
  const json::Value* configuration = nullptr;  // the "configuration" object; nullptr when absent
  const ChunkRepr& repr;                       // decoded side (array->array and array->bytes stages)
  std::string_view where;                      // message prefix, e.g. "a/zarr.json: codec 'zstd'"
};

// Saturating a + b and a * b on sizes.
std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b);
std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b);

}  // namespace hs
