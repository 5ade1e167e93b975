// Temporary record files of the octree builder: private directory, buffered writes, batch reads.
#include "points/detail/record_file.h"

#include <cassert>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace hs::detail {
namespace {

Error file_error(const std::string& path, const char* what) {
  return make_error(ErrorCode::io, path + ": " + what + ": " + std::strerror(errno));
}

// Directories tried before giving up: as many as concurrent builds that could share a parent.
constexpr int kMaxTempDirectoryAttempts = 1000;

}  // namespace

Result<std::unique_ptr<TempDirectory>> TempDirectory::create(const std::string& parent) {
  if (parent.empty()) {
    return make_error(ErrorCode::invalid_argument, "no directory for temporary files was given");
  }
  std::error_code error;
  for (int n = 0; n < kMaxTempDirectoryAttempts; ++n) {
    const std::filesystem::path path =
        std::filesystem::path(parent) / ("heteroscope-octree-" + std::to_string(n));
    if (std::filesystem::create_directory(path, error)) {
      return std::unique_ptr<TempDirectory>(new TempDirectory(path.string()));
    }
    if (error) {
      return make_error(ErrorCode::io,
                        path.string() + ": cannot create a temporary directory: " + error.message());
    }
  }
  return make_error(ErrorCode::io, parent + ": cannot create a temporary directory: " +
                                       std::to_string(kMaxTempDirectoryAttempts) + " names already taken");
}

TempDirectory::~TempDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDirectory::file(const std::string& file_name) const {
  return (std::filesystem::path(path_) / file_name).string();
}

Result<RecordFileWriter> RecordFileWriter::create(std::string path) {
  FilePtr file(std::fopen(path.c_str(), "wb"));
  if (file == nullptr) return file_error(path, "cannot create a temporary file");
  RecordFileWriter writer(std::move(path), std::move(file));
  writer.buffer_.reserve(kBufferRecords);
  return writer;
}

Status RecordFileWriter::append(std::span<const OctreeRecord> records) {
  if (Status status = flush(); !status) return status;
  return write(records);
}

Status RecordFileWriter::flush() {
  Status status = write(buffer_);
  buffer_.clear();
  return status;
}

Status RecordFileWriter::write(std::span<const OctreeRecord> records) {
  if (records.empty()) return {};
  if (std::fwrite(records.data(), sizeof(OctreeRecord), records.size(), file_.get()) != records.size()) {
    return file_error(path_, "cannot write a temporary file");
  }
  written_count_ += records.size();
  return {};
}

Status RecordFileWriter::close() {
  assert(file_ != nullptr && "closed twice");
  Status status = flush();
  std::vector<OctreeRecord>().swap(buffer_);
  const bool closed = std::fclose(file_.release()) == 0;
  if (status && !closed) return file_error(path_, "cannot finish a temporary file");
  return status;
}

Result<RecordFileReader> RecordFileReader::open(std::string path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return file_error(path, "cannot open a temporary file");
  return RecordFileReader(std::move(path), std::move(file));
}

Result<std::size_t> RecordFileReader::read(std::span<OctreeRecord> out) {
  const std::size_t n = std::fread(out.data(), sizeof(OctreeRecord), out.size(), file_.get());
  if (n < out.size() && std::ferror(file_.get()) != 0)
    return file_error(path_, "cannot read a temporary file");
  return n;
}

Status RecordFileReader::rewind() {
  if (std::fseek(file_.get(), 0, SEEK_SET) != 0) return file_error(path_, "cannot rewind a temporary file");
  return {};
}

}  // namespace hs::detail
