// A Zarr v3 codec chain: array->array stages, exactly one array->bytes stage, then bytes->bytes
// stages. The chain is itself an array->bytes stage, so a shard's inner codecs are another chain.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "store/codecs/codec.h"

namespace hs {

class CodecChain final : public ArrayToBytesCodec {
 public:
  // Builds the chain for chunks of `repr` from a "codecs" metadata array. Rejects unknown codecs
  // (unless marked "must_understand": false: then skipped), zero or two array->bytes codecs, and
  // stages out of order. Messages start with `where` (e.g. "a/zarr.json").
  static Result<std::unique_ptr<CodecChain>> build(const json::Value& codecs, const ChunkRepr& repr,
                                                   std::string_view where);

  // The decoded chunk: shape, data type, fill value.
  const ChunkRepr& repr() const { return repr_; }
  // The array->bytes stage (e.g. to find a sharding codec).
  const ArrayToBytesCodec& array_to_bytes() const { return *array_to_bytes_; }
  // True when the chain has no stage besides its array->bytes stage.
  bool has_only_array_to_bytes() const { return array_to_array_.empty() && bytes_to_bytes_.empty(); }

  // `decoded`: one chunk, C order, native endian (size asserted).
  Result<Bytes> encode(ByteView decoded) const override;
  // Runs the stages backwards; checks the result is exactly one chunk (elements x element size).
  Result<Bytes> decode(ByteView encoded, std::string_view source, DecodeContext& context) const override;
  std::uint64_t max_encoded_bytes() const override;
  std::optional<std::uint64_t> fixed_encoded_bytes() const override;

 private:
  CodecChain() = default;

  ChunkRepr repr_;
  std::vector<std::unique_ptr<ArrayToArrayCodec>> array_to_array_;
  std::unique_ptr<ArrayToBytesCodec> array_to_bytes_;
  std::vector<std::unique_ptr<BytesToBytesCodec>> bytes_to_bytes_;
  // max_input_bytes_[i]: most bytes bytes_to_bytes_[i] is given when encoding (its decode bound).
  std::vector<std::uint64_t> max_input_bytes_;
};

}  // namespace hs
