// A read-only key-value store over a zip file (a Zarr hierarchy zipped with "zip -0 -r"): keys are
// entry names, without a top-level folder shared by every entry ("sample.zarr/"). Only stored
// (uncompressed) entries are readable, so byte ranges are read straight from the archive without
// unpacking. ZIP64 archives (over 4 GiB or 65535 entries) are supported; multi-disk archives and
// encrypted entries are not. Thread-safe (reads of the source are serialised).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "store/store.h"

namespace hs {

class ZipStore final : public ReadableStore {
 public:
  // Reads the end record and the central directory of the zip held in `source`. Errors
  // (ErrorCode::parse for damaged archives, unsupported for multi-disk ones) name the source.
  // Every entry's local header offset and size is checked against the file length and against
  // the other entries (overlapping entries are rejected) before anything is read.
  static Result<std::unique_ptr<ZipStore>> open(std::unique_ptr<ByteSource> source);

  // A compressed or encrypted entry is an ErrorCode::unsupported error naming it.
  Result<std::optional<Bytes>> get(std::string_view key) override;
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override;
  // From the central directory (the uncompressed size), without reading the entry.
  Result<std::optional<std::uint64_t>> size(std::string_view key) override;
  // "<zip name>/<entry name>", the stripped top-level folder included.
  std::string describe(std::string_view key) const override;

  // The entry names without the stripped folder, sorted; folders ("a/") are not listed.
  std::vector<std::string> keys() const;

 private:
  struct Entry {
    std::uint64_t local_header_offset = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t size = 0;  // uncompressed
    std::uint16_t method = 0;
    std::uint16_t flags = 0;
  };
  friend class ZipDirectoryReader;

  ZipStore(std::unique_ptr<ByteSource> source, std::string prefix, std::map<std::string, Entry, std::less<>> entries,
           std::uint64_t data_end);
  // Where the entry's data starts, from its local header; checks the data ends before data_end_.
  Result<std::uint64_t> data_offset(std::string_view key, const Entry& entry);

  std::unique_ptr<ByteSource> source_;
  std::string prefix_;  // "sample.zarr/" or ""
  std::map<std::string, Entry, std::less<>> entries_;
  std::uint64_t data_end_ = 0;  // start of the central directory: entry data lies before it
  std::mutex mutex_;            // guards reads of source_
};

}  // namespace hs
