// FileReaderSync over slices of a File: only allowed in workers, which is where this runs.
#include "blob_source.h"

#include <emscripten.h>

// clang-format off
EM_JS(double, hs_blob_size, (int handle), { return self.hsFiles[handle].size; });
EM_JS(int, hs_blob_read, (int handle, double offset, double length, void* out), {
  try {
    const file = self.hsFiles[handle];
    const bytes = new FileReaderSync().readAsArrayBuffer(file.slice(offset, offset + length));
    if (bytes.byteLength !== length) return 0;
    HEAPU8.set(new Uint8Array(bytes), out);
    return 1;
  } catch (e) {
    return 0;
  }
});
EM_JS(void, hs_blob_release, (int handle), { delete self.hsFiles[handle]; });
// clang-format on

namespace hs::wasm {

BlobSource::BlobSource(int handle, std::string name)
    : handle_(handle), name_(std::move(name)), size_(static_cast<std::uint64_t>(hs_blob_size(handle))) {}

BlobSource::~BlobSource() { hs_blob_release(handle_); }

Status BlobSource::read(std::uint64_t offset, std::span<std::uint8_t> out) {
  if (!range_fits(offset, out.size(), size_)) return source_out_of_range(name_, offset, out.size(), size_);
  if (out.empty()) return {};
  if (hs_blob_read(handle_, static_cast<double>(offset), static_cast<double>(out.size()), out.data()) == 0) {
    return make_error(ErrorCode::io, name_ + ": the browser could not read the file (was it moved or changed?)");
  }
  return {};
}

}  // namespace hs::wasm
