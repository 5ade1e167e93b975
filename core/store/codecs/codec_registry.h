// Zarr v3 codecs by name: each codec file provides a factory, and codec_registry.cpp lists them.
// To add a codec: core/store/codecs/<name>.{h,cpp} with a make_<name>_codec factory, plus one line
// in the table of codec_registry.cpp.
#pragma once

#include <string_view>

#include "store/codecs/codec.h"

namespace hs {

// Builds a codec from its configuration; errors name args.where.
using CodecFactory = Result<AnyCodec> (*)(const CodecArgs& args);

// The factory registered under `name` ("bytes", "zstd", ...), or nullptr for an unknown name.
CodecFactory find_codec_factory(std::string_view name);

}  // namespace hs
