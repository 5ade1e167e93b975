// The zip store: end-of-central-directory search (with the ZIP64 records), central directory
// parsing with every offset checked, and reads of stored entries through their local headers.
#include "store/zip_store.h"

#include <algorithm>
#include <utility>

#include "util/bytes.h"

namespace hs {
namespace {

constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::uint64_t kEndSize = 22;
constexpr std::uint64_t kZip64LocatorSize = 20;
constexpr std::uint64_t kZip64EndSize = 56;
constexpr std::uint64_t kCentralSize = 46;
constexpr std::uint64_t kLocalSize = 30;
constexpr std::uint64_t kMaxComment = 65535;
constexpr std::uint16_t kZip64ExtraId = 0x0001;

Error damaged(const ByteSource& source, const std::string& problem) {
  return make_error(ErrorCode::parse, source.name() + ": not a valid zip file: " + problem);
}

Result<Bytes> read_bytes(ByteSource& source, std::uint64_t offset, std::uint64_t length) {
  Bytes bytes(length);
  const Status status = source.read(offset, bytes);
  if (!status.ok()) return status.error();
  return bytes;
}

// Where the central directory lies and how many entries it holds.
struct Directory {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t entries = 0;
  std::uint64_t end = 0;  // the first byte after it that belongs to end records
};

// The ZIP64 end record, found through the locator at `locator_at` (just before the end record).
Result<Directory> read_zip64_end(ByteSource& source, std::uint64_t locator_at) {
  Result<Bytes> locator = read_bytes(source, locator_at, kZip64LocatorSize);
  if (!locator) return locator.error();
  const std::uint64_t record_at = load_le<std::uint64_t>(locator->data() + 8);
  if (load_le<std::uint32_t>(locator->data() + 4) != 0 || load_le<std::uint32_t>(locator->data() + 16) > 1)
    return make_error(ErrorCode::unsupported, source.name() + ": multi-disk zip archives are not supported");
  if (record_at > locator_at || locator_at - record_at < kZip64EndSize)
    return damaged(source, "the ZIP64 end record offset " + std::to_string(record_at) + " is out of range");
  Result<Bytes> record = read_bytes(source, record_at, kZip64EndSize);
  if (!record) return record.error();
  const std::uint8_t* p = record->data();
  if (load_le<std::uint32_t>(p) != kZip64EndSignature)
    return damaged(source, "no ZIP64 end record at offset " + std::to_string(record_at));
  if (load_le<std::uint32_t>(p + 16) != 0 || load_le<std::uint32_t>(p + 20) != 0 ||
      load_le<std::uint64_t>(p + 24) != load_le<std::uint64_t>(p + 32))
    return make_error(ErrorCode::unsupported, source.name() + ": multi-disk zip archives are not supported");
  return Directory{load_le<std::uint64_t>(p + 48), load_le<std::uint64_t>(p + 40), load_le<std::uint64_t>(p + 32),
                   record_at};
}

// Finds the end of central directory record in the last 64 KiB + 22 bytes (its comment must
// reach exactly to the end of the file) and, when present, the ZIP64 records before it.
Result<Directory> find_directory(ByteSource& source) {
  const std::uint64_t file_size = source.size();
  if (file_size < kEndSize) return damaged(source, "the file is shorter than a zip end record");
  const std::uint64_t tail_size = std::min(file_size, kMaxComment + kEndSize);
  Result<Bytes> tail = read_bytes(source, file_size - tail_size, tail_size);
  if (!tail) return tail.error();
  for (std::uint64_t at = tail_size - kEndSize + 1; at-- > 0;) {
    const std::uint8_t* p = tail->data() + at;
    if (load_le<std::uint32_t>(p) != kEndSignature || at + kEndSize + load_le<std::uint16_t>(p + 20) != tail_size)
      continue;
    const std::uint64_t end_at = file_size - tail_size + at;
    if (end_at >= kZip64LocatorSize) {
      Result<Bytes> signature = read_bytes(source, end_at - kZip64LocatorSize, 4);
      if (!signature) return signature.error();
      if (load_le<std::uint32_t>(signature->data()) == kZip64LocatorSignature)
        return read_zip64_end(source, end_at - kZip64LocatorSize);
    }
    if (load_le<std::uint16_t>(p + 4) != 0 || load_le<std::uint16_t>(p + 6) != 0 ||
        load_le<std::uint16_t>(p + 8) != load_le<std::uint16_t>(p + 10))
      return make_error(ErrorCode::unsupported, source.name() + ": multi-disk zip archives are not supported");
    return Directory{load_le<std::uint32_t>(p + 16), load_le<std::uint32_t>(p + 12), load_le<std::uint16_t>(p + 10),
                     end_at};
  }
  return damaged(source, "no end of central directory record in the last " + std::to_string(tail_size) + " bytes");
}

// Replaces 0xFFFFFFFF sizes and offset with the values of the ZIP64 extra field (in its order:
// uncompressed size, compressed size, local header offset).
bool apply_zip64_extra(ByteView extra, std::uint64_t& size, std::uint64_t& compressed_size,
                       std::uint64_t& local_offset) {
  constexpr std::uint64_t kMarker = 0xFFFFFFFF;
  for (std::size_t at = 0; at + 4 <= extra.size();) {
    const std::uint16_t id = load_le<std::uint16_t>(extra.data() + at);
    const std::size_t length = load_le<std::uint16_t>(extra.data() + at + 2);
    if (length > extra.size() - at - 4) return false;
    if (id == kZip64ExtraId) {
      ByteView field = extra.subspan(at + 4, length);
      for (std::uint64_t* value : {&size, &compressed_size, &local_offset}) {
        if (*value != kMarker) continue;
        if (field.size() < 8) return false;
        *value = load_le<std::uint64_t>(field.data());
        field = field.subspan(8);
      }
      return true;
    }
    at += 4 + length;
  }
  return size != kMarker && compressed_size != kMarker && local_offset != kMarker;
}

}  // namespace

// Builds the entry map from the central directory (a friend of ZipStore for its Entry type).
class ZipDirectoryReader {
 public:
  static Result<std::unique_ptr<ZipStore>> read(std::unique_ptr<ByteSource> source) {
    ByteSource& file = *source;
    Result<Directory> directory = find_directory(file);
    if (!directory) return directory.error();
    const Directory& d = *directory;
    if (d.offset > d.end || d.size > d.end - d.offset)
      return damaged(file, "the central directory (offset " + std::to_string(d.offset) + ", " +
                               std::to_string(d.size) + " bytes) lies outside the file");
    if (d.entries > d.size / kCentralSize)
      return damaged(file, std::to_string(d.entries) + " entries cannot fit in a central directory of " +
                               std::to_string(d.size) + " bytes");
    Result<Bytes> bytes = read_bytes(file, d.offset, d.size);
    if (!bytes) return bytes.error();

    std::vector<std::pair<std::string, ZipStore::Entry>> entries;
    entries.reserve(d.entries);
    std::uint64_t at = 0;
    for (std::uint64_t i = 0; i < d.entries; ++i) {
      const std::string where = "central directory entry " + std::to_string(i);
      if (d.size - at < kCentralSize || load_le<std::uint32_t>(bytes->data() + at) != kCentralSignature)
        return damaged(file, where + " is missing or cut short");
      const std::uint8_t* p = bytes->data() + at;
      const std::uint64_t name_length = load_le<std::uint16_t>(p + 28);
      const std::uint64_t extra_length = load_le<std::uint16_t>(p + 30);
      const std::uint64_t comment_length = load_le<std::uint16_t>(p + 32);
      if (d.size - at - kCentralSize < name_length + extra_length + comment_length)
        return damaged(file, where + " is cut short");
      ZipStore::Entry entry;
      entry.flags = load_le<std::uint16_t>(p + 8);
      entry.method = load_le<std::uint16_t>(p + 10);
      entry.compressed_size = load_le<std::uint32_t>(p + 20);
      entry.size = load_le<std::uint32_t>(p + 24);
      entry.local_header_offset = load_le<std::uint32_t>(p + 42);
      std::string name(reinterpret_cast<const char*>(p + kCentralSize), name_length);
      const ByteView extra(p + kCentralSize + name_length, extra_length);
      if (!apply_zip64_extra(extra, entry.size, entry.compressed_size, entry.local_header_offset))
        return damaged(file, "entry \"" + name + "\": bad ZIP64 extra field");
      if (load_le<std::uint16_t>(p + 34) != 0 && load_le<std::uint16_t>(p + 34) != 0xFFFF)
        return make_error(ErrorCode::unsupported, file.name() + ": multi-disk zip archives are not supported");
      if (entry.method == 0 && entry.compressed_size != entry.size)
        return damaged(file, "stored entry \"" + name + "\" has a compressed size of " +
                                 std::to_string(entry.compressed_size) + " and a size of " + std::to_string(entry.size));
      if (entry.local_header_offset > d.offset || entry.compressed_size > d.offset - entry.local_header_offset ||
          d.offset - entry.local_header_offset - entry.compressed_size < kLocalSize + name_length)
        return damaged(file, "entry \"" + name + "\" (local header at " + std::to_string(entry.local_header_offset) +
                                 ", " + std::to_string(entry.compressed_size) +
                                 " bytes) does not lie before the central directory");
      entries.emplace_back(std::move(name), entry);
      at += kCentralSize + name_length + extra_length + comment_length;
    }
    if (Status overlap = check_no_overlap(file, entries); !overlap.ok()) return overlap.error();
    return build(std::move(source), std::move(entries), d.offset);
  }

 private:
  // Each entry needs at least its local header, name and data before the next one starts.
  static Status check_no_overlap(const ByteSource& file,
                                 const std::vector<std::pair<std::string, ZipStore::Entry>>& entries) {
    std::vector<const std::pair<std::string, ZipStore::Entry>*> order;
    for (const auto& entry : entries) order.push_back(&entry);
    std::sort(order.begin(), order.end(),
              [](auto* a, auto* b) { return a->second.local_header_offset < b->second.local_header_offset; });
    for (std::size_t i = 1; i < order.size(); ++i) {
      const ZipStore::Entry& before = order[i - 1]->second;
      // Cannot overflow: checked against the central directory offset above.
      const std::uint64_t before_end =
          before.local_header_offset + kLocalSize + order[i - 1]->first.size() + before.compressed_size;
      if (order[i]->second.local_header_offset < before_end)
        return damaged(file, "entries \"" + order[i - 1]->first + "\" and \"" + order[i]->first + "\" overlap");
    }
    return {};
  }

  // Strips a top-level folder shared by every entry, skips folder entries, rejects duplicates.
  static Result<std::unique_ptr<ZipStore>> build(std::unique_ptr<ByteSource> source,
                                                 std::vector<std::pair<std::string, ZipStore::Entry>> entries,
                                                 std::uint64_t data_end) {
    std::string prefix;
    if (!entries.empty()) {
      const std::string& first = entries.front().first;
      const std::size_t slash = first.find('/');
      if (slash != std::string::npos) prefix = first.substr(0, slash + 1);
      // A file named like the folder (without the slash) does not share it: names stay whole.
      const bool shared = std::all_of(entries.begin(), entries.end(),
                                      [&](const auto& entry) { return entry.first.starts_with(prefix); });
      if (!shared) prefix.clear();
    }
    std::map<std::string, ZipStore::Entry, std::less<>> map;
    for (auto& [name, entry] : entries) {
      if (name.empty() || name.back() == '/') continue;  // folders
      if (!map.emplace(name.substr(prefix.size()), entry).second)
        return damaged(*source, "the entry \"" + name + "\" appears twice");
    }
    return std::unique_ptr<ZipStore>(new ZipStore(std::move(source), std::move(prefix), std::move(map), data_end));
  }
};

ZipStore::ZipStore(std::unique_ptr<ByteSource> source, std::string prefix,
                   std::map<std::string, Entry, std::less<>> entries, std::uint64_t data_end)
    : source_(std::move(source)), prefix_(std::move(prefix)), entries_(std::move(entries)), data_end_(data_end) {}

Result<std::unique_ptr<ZipStore>> ZipStore::open(std::unique_ptr<ByteSource> source) {
  return ZipDirectoryReader::read(std::move(source));
}

std::string ZipStore::describe(std::string_view key) const {
  return source_->name() + "/" + prefix_ + std::string(key);
}

std::vector<std::string> ZipStore::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, entry] : entries_) out.push_back(key);
  return out;
}

Result<std::uint64_t> ZipStore::data_offset(std::string_view key, const Entry& entry) {
  if (entry.flags & 1u)
    return make_error(ErrorCode::unsupported, describe(key) + ": encrypted zip entries are not supported");
  if (entry.method != 0) {
    return make_error(ErrorCode::unsupported,
                      describe(key) + ": compressed zip entries are not supported: store the zip without "
                                      "compression, e.g. zip -0");
  }
  Bytes header(kLocalSize);
  {
    const std::lock_guard lock(mutex_);
    const Status status = source_->read(entry.local_header_offset, header);
    if (!status.ok()) return status.error();
  }
  if (load_le<std::uint32_t>(header.data()) != kLocalSignature)
    return make_error(ErrorCode::parse, describe(key) + ": no zip local header at offset " +
                                            std::to_string(entry.local_header_offset));
  const std::uint64_t offset = entry.local_header_offset + kLocalSize + load_le<std::uint16_t>(header.data() + 26) +
                               load_le<std::uint16_t>(header.data() + 28);
  if (offset > data_end_ || entry.size > data_end_ - offset)
    return make_error(ErrorCode::parse, describe(key) + ": the entry's data (" + std::to_string(entry.size) +
                                            " bytes at offset " + std::to_string(offset) +
                                            ") runs into the zip's central directory");
  return offset;
}

Result<std::optional<Bytes>> ZipStore::get(std::string_view key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<Bytes>();
  const std::vector<ByteRange> whole{{0, it->second.size}};
  Result<std::optional<std::vector<Bytes>>> parts = get_ranges(key, whole);
  if (!parts) return parts.error();
  return std::optional<Bytes>(std::move((**parts)[0]));
}

Result<std::optional<std::vector<Bytes>>> ZipStore::get_ranges(std::string_view key,
                                                               std::span<const ByteRange> ranges) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<std::vector<Bytes>>();
  const Entry& entry = it->second;
  Result<std::uint64_t> offset = data_offset(key, entry);
  if (!offset) return offset.error();
  std::vector<Bytes> out;
  out.reserve(ranges.size());
  for (const ByteRange& range : ranges) {
    if (range.offset > entry.size || range.length > entry.size - range.offset) {
      return make_error(ErrorCode::parse, describe(key) + ": truncated: bytes " + std::to_string(range.offset) + "+" +
                                              std::to_string(range.length) + " requested, the entry has " +
                                              std::to_string(entry.size));
    }
    Bytes part(range.length);
    const std::lock_guard lock(mutex_);
    const Status status = source_->read(*offset + range.offset, part);
    if (!status.ok()) return status.error();
    out.push_back(std::move(part));
  }
  return std::optional<std::vector<Bytes>>(std::move(out));
}

Result<std::optional<std::uint64_t>> ZipStore::size(std::string_view key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(it->second.size);
}

}  // namespace hs
