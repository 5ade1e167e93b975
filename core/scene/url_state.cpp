// Encoding the view state's JSON into a URL fragment and decoding it back, with every size bounded.
#include "scene/url_state.h"

#include <cstdint>
#include <span>
#include <utility>

#include "util/text_codec.h"
#include "util/zstd_frame.h"

namespace hs {
namespace {

constexpr std::string_view kSource = "URL hash";
constexpr std::string_view kPlainPrefix = "!";
constexpr std::string_view kCompressedPrefix = "z=";

Error hash_error(ErrorCode code, const std::string& problem) {
  return make_error(code, std::string(kSource) + ": " + problem);
}

std::string plain_hash(std::string_view json_text) {
  return "#" + std::string(kPlainPrefix) + percent_encode(json_text);
}

std::string compressed_hash(std::string_view json_text) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(json_text.data()),
                                            json_text.size());
  return "#" + std::string(kCompressedPrefix) + base64url_encode(zstd_compress_frame(bytes));
}

Result<std::string> decode_compressed(std::string_view payload) {
  const Result<std::vector<std::uint8_t>> frame = base64url_decode(payload, kSource);
  if (!frame) return frame.error();
  const Result<std::vector<std::uint8_t>> json_bytes =
      zstd_decompress_bounded(*frame, kMaxStateJsonBytes, kSource);
  if (!json_bytes) return json_bytes.error();
  return std::string(json_bytes->begin(), json_bytes->end());
}

// The fragment (without '#') to JSON text, by its prefix.
Result<std::string> decode_payload(std::string_view fragment) {
  if (fragment.starts_with(kPlainPrefix)) {
    return percent_decode(fragment.substr(kPlainPrefix.size()), kSource);
  }
  if (fragment.starts_with(kCompressedPrefix)) {
    return decode_compressed(fragment.substr(kCompressedPrefix.size()));
  }
  return hash_error(ErrorCode::parse, "unknown form \"" + printable_excerpt(fragment, 8) +
                                          "\"; a view state starts with \"#!\" or \"#z=\"");
}

}  // namespace

std::string encode_state_hash(std::string_view json_text, HashForm form) {
  switch (form) {
    case HashForm::plain:
      return plain_hash(json_text);
    case HashForm::compressed:
      return compressed_hash(json_text);
    case HashForm::automatic:
      break;
  }
  std::string plain = plain_hash(json_text);
  return plain.size() <= kPlainHashMaxBytes ? plain : compressed_hash(json_text);
}

Result<std::optional<std::string>> decode_state_hash(std::string_view hash) {
  if (hash.starts_with('#')) hash.remove_prefix(1);
  if (hash.empty()) return std::optional<std::string>();
  if (hash.size() > kMaxUrlHashBytes) {
    return hash_error(ErrorCode::limit, "fragment is " + std::to_string(hash.size()) +
                                            " bytes, more than the limit of " +
                                            std::to_string(kMaxUrlHashBytes));
  }
  Result<std::string> json_text = decode_payload(hash);
  if (!json_text) return json_text.error();
  if (!is_valid_utf8(*json_text)) return hash_error(ErrorCode::parse, "the decoded state is not valid UTF-8");
  return std::optional<std::string>(std::move(json_text).value());
}

}  // namespace hs
