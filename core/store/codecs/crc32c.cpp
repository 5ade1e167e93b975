// CRC-32C (Castagnoli) checksum, table-driven, and the codec that appends and verifies it.
#include "store/codecs/crc32c.h"

#include <array>
#include <cstdio>
#include <string>

#include "store/detail/metadata_json.h"

namespace hs {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u;  // 0x1EDC6F41 bit-reversed
constexpr std::size_t kChecksumBytes = 4;

constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ kPolynomial : crc >> 1;
    table[i] = crc;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(value));
  return text;
}

class Crc32cCodec final : public BytesToBytesCodec {
 public:
  Result<Bytes> encode(ByteView decoded) const override {
    Bytes out(decoded.begin(), decoded.end());
    out.resize(decoded.size() + kChecksumBytes);
    store_le<std::uint32_t>(out.data() + decoded.size(), crc32c(decoded));
    return out;
  }

  Result<Bytes> decode(ByteView encoded, std::uint64_t max_decoded_bytes, std::string_view source,
                       DecodeContext&) const override {
    if (encoded.size() < kChecksumBytes) {
      return make_error(ErrorCode::parse, std::string(source) +
                                              ": truncated: " + std::to_string(encoded.size()) +
                                              " bytes cannot hold a crc32c checksum");
    }
    const ByteView data = encoded.first(encoded.size() - kChecksumBytes);
    if (data.size() > max_decoded_bytes) {
      return make_error(ErrorCode::limit, std::string(source) + ": " + std::to_string(data.size()) +
                                              " bytes before the checksum, more than the " +
                                              std::to_string(max_decoded_bytes) + " expected");
    }
    const std::uint32_t stored = load_le<std::uint32_t>(encoded.data() + data.size());
    const std::uint32_t computed = crc32c(data);
    if (stored != computed) {
      return make_error(ErrorCode::parse, std::string(source) + ": crc32c checksum mismatch (stored " +
                                              hex32(stored) + ", computed " + hex32(computed) +
                                              "): corrupt data");
    }
    return Bytes(data.begin(), data.end());
  }

  std::uint64_t max_encoded_bytes(std::uint64_t decoded_bytes) const override {
    return saturating_add(decoded_bytes, kChecksumBytes);
  }
  std::optional<std::uint64_t> fixed_encoded_bytes(std::uint64_t decoded_bytes) const override {
    return saturating_add(decoded_bytes, kChecksumBytes);
  }
};

}  // namespace

std::uint32_t crc32c(ByteView bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const std::uint8_t byte : bytes) crc = kTable[(crc ^ byte) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

Result<AnyCodec> make_crc32c_codec(const CodecArgs& args) {
  if (args.configuration) {
    if (Status s = detail::check_members(args.configuration->as_object(), {}, args.where); !s)
      return s.error();
  }
  return AnyCodec(std::make_unique<Crc32cCodec>());
}

}  // namespace hs
