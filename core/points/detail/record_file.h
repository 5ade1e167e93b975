// Temporary files of octree records for the builder's spill path: a private directory removed
// with everything in it when it goes out of scope, a buffered appender and a batch reader.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "points/detail/octree_record.h"
#include "util/result.h"

namespace hs::detail {

// A fresh directory "heteroscope-octree-<n>" inside a parent directory; removed recursively by
// the destructor, whatever happened.
class TempDirectory {
 public:
  static Result<std::unique_ptr<TempDirectory>> create(const std::string& parent);
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  // The path of `file_name` inside the directory.
  std::string file(const std::string& file_name) const;

 private:
  explicit TempDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Appends records to a new file through a buffer of kBufferRecords.
class RecordFileWriter {
 public:
  static constexpr std::size_t kBufferRecords = 2048;

  // Creates (truncates) the file.
  static Result<RecordFileWriter> create(std::string path);

  Status append(const OctreeRecord& record) {
    buffer_.push_back(record);
    return buffer_.size() == kBufferRecords ? flush() : Status{};
  }
  Status append(std::span<const OctreeRecord> records);
  // Writes what is buffered and closes the file; the writer is then spent.
  Status close();

  // Records appended so far, buffered ones included.
  std::uint64_t record_count() const { return written_count_ + buffer_.size(); }
  const std::string& path() const { return path_; }

 private:
  RecordFileWriter(std::string path, FilePtr file) : path_(std::move(path)), file_(std::move(file)) {}
  Status flush();
  Status write(std::span<const OctreeRecord> records);

  std::string path_;
  FilePtr file_;
  std::vector<OctreeRecord> buffer_;
  std::uint64_t written_count_ = 0;
};

// Reads a file written by RecordFileWriter, batch by batch, from the start again after rewind().
class RecordFileReader {
 public:
  static Result<RecordFileReader> open(std::string path);
  // Fills the front of `out`: the number of records read, 0 at the end of the file.
  Result<std::size_t> read(std::span<OctreeRecord> out);
  Status rewind();

 private:
  RecordFileReader(std::string path, FilePtr file) : path_(std::move(path)), file_(std::move(file)) {}
  std::string path_;
  FilePtr file_;
};

}  // namespace hs::detail
