// Byte sources over a local file or over memory.
#include "io/byte_source.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sys/types.h>

namespace hs {

Error source_out_of_range(const std::string& name, std::uint64_t offset, std::size_t count, std::uint64_t size) {
  return make_error(ErrorCode::parse, name + ": truncated: needs bytes " + std::to_string(offset) + ".." +
                                          std::to_string(offset + count) + " but the file has " +
                                          std::to_string(size) + " bytes");
}

bool range_fits(std::uint64_t offset, std::size_t count, std::uint64_t size) {
  return offset <= size && count <= size - offset;
}

namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* file, std::uint64_t size, std::string path)
      : file_(file), size_(size), path_(std::move(path)) {}
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::uint64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }

  Status read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (!range_fits(offset, out.size(), size_)) return source_out_of_range(path_, offset, out.size(), size_);
    if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0 ||
        std::fread(out.data(), 1, out.size(), file_) != out.size()) {
      return make_error(ErrorCode::io, path_ + ": read failed at byte " + std::to_string(offset) + " (" +
                                           std::strerror(errno) + ")");
    }
    return {};
  }

 private:
  std::FILE* file_;
  std::uint64_t size_;
  std::string path_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(Bytes bytes, std::string name) : bytes_(std::move(bytes)), name_(std::move(name)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }
  Status read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (!range_fits(offset, out.size(), bytes_.size())) return source_out_of_range(name_, offset, out.size(), bytes_.size());
    if (!out.empty()) std::memcpy(out.data(), bytes_.data() + offset, out.size());
    return {};
  }

 private:
  Bytes bytes_;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return make_error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io,
                      path + ": cannot open (" + std::strerror(errno) + ")");
  }
  if (fseeko(file, 0, SEEK_END) != 0) {
    std::fclose(file);
    return make_error(ErrorCode::io, path + ": cannot determine the size (not a regular file?)");
  }
  const off_t end = ftello(file);  // 64-bit in glibc (x86_64) and musl (wasm)
  if (end < 0) {
    std::fclose(file);
    return make_error(ErrorCode::io, path + ": cannot determine the size (not a regular file?)");
  }
  return std::unique_ptr<ByteSource>(new FileSource(file, static_cast<std::uint64_t>(end), path));
}

std::unique_ptr<ByteSource> memory_source(Bytes bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

}  // namespace hs
