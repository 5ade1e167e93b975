// A key-value store in a folder of the local file system: each key is a file at that relative
// path below the root. Values are replaced atomically (temporary file, then rename).
#pragma once

#include <atomic>
#include <string>

#include "store/store.h"

namespace hs {

class FilesystemStore final : public WritableStore {
 public:
  // `root`: the folder holding the hierarchy ("" means "."; created by set() if missing). Keys are
  // '/'-separated relative paths; empty keys, absolute keys and "", "." or ".." segments are
  // rejected with ErrorCode::invalid_argument. A missing file (or a folder) reads as nullopt.
  explicit FilesystemStore(std::string root);

  Result<std::optional<Bytes>> get(std::string_view key) override;
  // Reads each range with positioned reads on one open file.
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override;
  Result<std::optional<std::uint64_t>> size(std::string_view key) override;
  // root + "/" + key.
  std::string describe(std::string_view key) const override;
  // Creates missing parent folders, writes "<file>.tmp.<pid>.<n>" and renames it over the file.
  Status set(std::string_view key, ByteView value) override;
  Status erase(std::string_view key) override;

 private:
  Result<std::string> path_of(std::string_view key) const;

  std::string root_;
  std::atomic<std::uint64_t> temp_counter_{0};
};

}  // namespace hs
