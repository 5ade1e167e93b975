// A dropped file (a JS File, kept in the worker's self.hsFiles table) as a ByteSource: ranges are
// read on demand with FileReaderSync, so a zip store of any size is read in place.
#pragma once

#include <cstdint>
#include <string>

#include "io/byte_source.h"

namespace hs::wasm {

class BlobSource final : public ByteSource {
 public:
  // `handle`: the file's key in self.hsFiles; released (forgotten by JS) on destruction.
  BlobSource(int handle, std::string name);
  ~BlobSource() override;
  BlobSource(const BlobSource&) = delete;
  BlobSource& operator=(const BlobSource&) = delete;

  std::uint64_t size() const override { return size_; }
  Status read(std::uint64_t offset, std::span<std::uint8_t> out) override;
  const std::string& name() const override { return name_; }

 private:
  int handle_;
  std::string name_;
  std::uint64_t size_;
};

}  // namespace hs::wasm
