// Random-access bytes of one input file: a native file, or a file dropped into the browser and
// held in memory. Format readers take a ByteSource so the same code runs in the CLI and the page.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace hs {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  // Reads exactly out.size() bytes at `offset`; an error naming name() if they are not there.
  virtual Status read(std::uint64_t offset, std::span<std::uint8_t> out) = 0;
  // The file's path or name, for messages.
  virtual const std::string& name() const = 0;
};

// For implementations: whether `count` bytes at `offset` lie within `size` bytes, and the error
// ("NAME: truncated: needs bytes a..b but the file has n bytes") when they do not.
bool range_fits(std::uint64_t offset, std::size_t count, std::uint64_t size);
Error source_out_of_range(const std::string& name, std::uint64_t offset, std::size_t count, std::uint64_t size);

// Opens a file of the local file system; errors name the path.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);
// Wraps bytes already in memory (a dropped file); `name` is used in messages.
std::unique_ptr<ByteSource> memory_source(Bytes bytes, std::string name);

}  // namespace hs
