// The "transpose" codec: an element gather over permuted strides in both directions.
#include "store/codecs/transpose.h"

#include <cstring>
#include <string>

#include "store/detail/metadata_json.h"

namespace hs {
namespace {

// C-order strides (in elements) of `shape`.
std::vector<std::uint64_t> strides_of(const std::vector<std::uint64_t>& shape) {
  std::vector<std::uint64_t> strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

// out[C-order index j over out_shape] = in[sum_d j[d] * in_strides[d]], elements of element_bytes.
Bytes gather(ByteView in, const std::vector<std::uint64_t>& out_shape,
             const std::vector<std::uint64_t>& in_strides, std::size_t element_bytes) {
  Bytes out(in.size());
  const std::size_t rank = out_shape.size();
  std::vector<std::uint64_t> index(rank, 0);
  std::uint64_t in_offset = 0;
  for (std::size_t o = 0; o < out.size(); o += element_bytes) {
    std::memcpy(out.data() + o, in.data() + in_offset * element_bytes, element_bytes);
    for (std::size_t d = rank; d-- > 0;) {
      in_offset += in_strides[d];
      if (++index[d] < out_shape[d]) break;
      in_offset -= in_strides[d] * out_shape[d];
      index[d] = 0;
    }
  }
  return out;
}

class TransposeCodec final : public ArrayToArrayCodec {
 public:
  TransposeCodec(const ChunkRepr& decoded, std::vector<std::size_t> order)
      : decoded_(decoded), encoded_(decoded) {
    const std::vector<std::uint64_t> decoded_strides = strides_of(decoded.shape);
    for (std::size_t i = 0; i < order.size(); ++i) encoded_.shape[i] = decoded.shape[order[i]];
    const std::vector<std::uint64_t> encoded_strides = strides_of(encoded_.shape);
    encode_strides_.resize(order.size());
    decode_strides_.resize(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      encode_strides_[i] = decoded_strides[order[i]];  // encoded axis i walks decoded axis order[i]
      decode_strides_[order[i]] = encoded_strides[i];  // decoded axis order[i] walks encoded axis i
    }
  }

  const ChunkRepr& encoded_repr() const override { return encoded_; }
  Bytes encode(ByteView decoded) const override {
    return gather(decoded, encoded_.shape, encode_strides_, data_type_size(decoded_.data_type));
  }
  Bytes decode(ByteView encoded) const override {
    return gather(encoded, decoded_.shape, decode_strides_, data_type_size(decoded_.data_type));
  }

 private:
  ChunkRepr decoded_;
  ChunkRepr encoded_;
  std::vector<std::uint64_t> encode_strides_;  // decoded-array strides along each encoded axis
  std::vector<std::uint64_t> decode_strides_;  // encoded-array strides along each decoded axis
};

}  // namespace

Result<AnyCodec> make_transpose_codec(const CodecArgs& args) {
  if (args.repr.byte_count() > kMaxDecodedChunkBytes) {
    return make_error(ErrorCode::limit, std::string(args.where) + ": a chunk of " +
                                            std::to_string(args.repr.byte_count()) + " bytes exceeds the " +
                                            std::to_string(kMaxDecodedChunkBytes) + "-byte decode limit");
  }
  const json::Value* order_json = args.configuration ? args.configuration->find("order") : nullptr;
  if (order_json == nullptr) return detail::metadata_error(args.where, "missing \"order\"");
  if (Status s = detail::check_members(args.configuration->as_object(), {"order"}, args.where); !s)
    return s.error();
  const std::size_t rank = args.repr.shape.size();
  if (!order_json->is_array() || order_json->as_array().size() != rank) {
    return detail::metadata_error(
        args.where, "\"order\" must list each of the " + std::to_string(rank) + " dimensions once");
  }
  std::vector<std::size_t> order;
  std::vector<bool> seen(rank, false);
  for (const json::Value& item : order_json->as_array()) {
    Result<std::uint64_t> axis = detail::read_uint(item, std::string(args.where) + ": \"order\"");
    if (!axis) return axis.error();
    if (*axis >= rank || seen[*axis]) {
      return detail::metadata_error(args.where,
                                    "\"order\" is not a permutation of 0.." + std::to_string(rank - 1));
    }
    seen[*axis] = true;
    order.push_back(static_cast<std::size_t>(*axis));
  }
  return AnyCodec(std::make_unique<TransposeCodec>(args.repr, std::move(order)));
}

}  // namespace hs
