// The file-system store with POSIX calls: positioned reads, temporary file + rename for writes.
#include "store/filesystem_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

namespace hs {
namespace {

Error io_error(const std::string& path, std::string_view what) {
  return make_error(ErrorCode::io, path + ": " + std::string(what) + ": " + std::strerror(errno));
}

bool is_missing(int error) {
  return error == ENOENT || error == ENOTDIR;
}

// Closes a descriptor when leaving scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Reads exactly out.size() bytes at `offset`.
Status read_at(int fd, std::uint64_t offset, std::span<std::uint8_t> out, const std::string& path) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(path, "read failed");
    if (n == 0) {
      return make_error(ErrorCode::parse, path + ": truncated: the file ended at byte " +
                                              std::to_string(offset + done) + " while reading");
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

// Opens `path` for reading: the descriptor and its size, nullopt if there is no such file.
Result<std::optional<std::pair<int, std::uint64_t>>> open_for_reading(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (is_missing(errno)) return std::optional<std::pair<int, std::uint64_t>>();
    return io_error(path, "cannot open");
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return io_error(path, "cannot stat");
  if (S_ISDIR(info.st_mode)) return std::optional<std::pair<int, std::uint64_t>>();
  const auto size = static_cast<std::uint64_t>(info.st_size);
  return std::optional<std::pair<int, std::uint64_t>>(std::pair{fd.release(), size});
}

Status write_all(int fd, ByteView bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(path, "write failed");
    done += static_cast<std::size_t>(n);
  }
  return {};
}

// mkdir -p of the folders leading to `path` (not `path` itself).
Status make_parent_folders(const std::string& path) {
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string folder = path.substr(0, slash);
    if (::mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST)
      return io_error(folder, "cannot create folder");
  }
  return {};
}

}  // namespace

FilesystemStore::FilesystemStore(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = ".";
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string FilesystemStore::describe(std::string_view key) const {
  return root_ + "/" + std::string(key);
}

Result<std::string> FilesystemStore::path_of(std::string_view key) const {
  bool valid = !key.empty() && key.front() != '/' && key.find('\0') == std::string_view::npos;
  for (std::size_t begin = 0; valid;) {
    const std::size_t end = std::min(key.find('/', begin), key.size());
    const std::string_view segment = key.substr(begin, end - begin);
    valid = !segment.empty() && segment != "." && segment != "..";
    if (end == key.size()) break;
    begin = end + 1;
  }
  if (!valid) {
    return make_error(ErrorCode::invalid_argument, describe(key) +
                                                       ": invalid key (keys are relative paths "
                                                       "without empty, '.' or '..' segments)");
  }
  return describe(key);
}

Result<std::optional<Bytes>> FilesystemStore::get(std::string_view key) {
  Result<std::string> path = path_of(key);
  if (!path) return path.error();
  Result<std::optional<std::pair<int, std::uint64_t>>> opened = open_for_reading(*path);
  if (!opened) return opened.error();
  if (!*opened) return std::optional<Bytes>();
  const Fd fd((*opened)->first);
  const std::uint64_t size = (*opened)->second;
  if (size > std::numeric_limits<std::size_t>::max() / 2) {
    return make_error(ErrorCode::limit, *path + ": " + std::to_string(size) + " bytes do not fit in memory");
  }
  Bytes bytes(static_cast<std::size_t>(size));
  if (Status s = read_at(fd.get(), 0, bytes, *path); !s) return s.error();
  return std::optional<Bytes>(std::move(bytes));
}

Result<std::optional<std::vector<Bytes>>> FilesystemStore::get_ranges(std::string_view key,
                                                                      std::span<const ByteRange> ranges) {
  Result<std::string> path = path_of(key);
  if (!path) return path.error();
  Result<std::optional<std::pair<int, std::uint64_t>>> opened = open_for_reading(*path);
  if (!opened) return opened.error();
  if (!*opened) return std::optional<std::vector<Bytes>>();
  const Fd fd((*opened)->first);
  const std::uint64_t size = (*opened)->second;
  std::vector<Bytes> out;
  out.reserve(ranges.size());
  for (const ByteRange& range : ranges) {
    if (range.offset > size || range.length > size - range.offset) {
      return make_error(ErrorCode::parse, *path + ": truncated: bytes " + std::to_string(range.offset) + "+" +
                                              std::to_string(range.length) + " requested, the file has " +
                                              std::to_string(size));
    }
    Bytes& bytes = out.emplace_back(static_cast<std::size_t>(range.length));
    if (Status s = read_at(fd.get(), range.offset, bytes, *path); !s) return s.error();
  }
  return std::optional<std::vector<Bytes>>(std::move(out));
}

Result<std::optional<std::uint64_t>> FilesystemStore::size(std::string_view key) {
  Result<std::string> path = path_of(key);
  if (!path) return path.error();
  struct stat info {};
  if (::stat(path->c_str(), &info) != 0) {
    if (is_missing(errno)) return std::optional<std::uint64_t>();
    return io_error(*path, "cannot stat");
  }
  if (S_ISDIR(info.st_mode)) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(info.st_size));
}

Status FilesystemStore::set(std::string_view key, ByteView value) {
  Result<std::string> path = path_of(key);
  if (!path) return path.error();
  if (Status s = make_parent_folders(*path); !s) return s;
  const std::string temp =
      *path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(temp_counter_++);
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (fd.get() < 0) return io_error(temp, "cannot create");
  Status written = write_all(fd.get(), value, temp);
  if (written && ::close(fd.release()) != 0) written = io_error(temp, "close failed");
#ifdef __EMSCRIPTEN__
  // Emscripten 3.1.6's in-memory file system keeps the replaced file's node when renaming over it,
  // and a later unlink brings the old contents back: remove it first (the browser has no other
  // process to see the gap).
  if (written) ::unlink(path->c_str());
#endif
  if (written && ::rename(temp.c_str(), path->c_str()) != 0) written = io_error(*path, "cannot replace");
  if (!written) ::unlink(temp.c_str());
  return written;
}

Status FilesystemStore::erase(std::string_view key) {
  Result<std::string> path = path_of(key);
  if (!path) return path.error();
  if (::unlink(path->c_str()) != 0 && !is_missing(errno)) return io_error(*path, "cannot remove");
  return {};
}

}  // namespace hs
