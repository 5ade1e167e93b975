// Test-only helpers for the atom probe readers on top of byte_writer.h: UTF-16 fields and raw
// bytes for hand-built files, byte sources that pretend to be huge or fail part-way, and string
// checks for messages.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "byte_writer.h"
#include "io/byte_source.h"

namespace hs::test {

// ASCII text as UTF-16 code units in the writer's byte order, padded with NULs to `units`.
inline void put_utf16(ByteWriter& w, std::string_view ascii, std::size_t units) {
  for (std::size_t i = 0; i < units; ++i) w.u16(i < ascii.size() ? static_cast<unsigned char>(ascii[i]) : 0);
}

inline void put_bytes(ByteWriter& w, std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) w.u8(b);
}

// A source of `size` bytes whose content is `fill` up to `readable_bytes` and that fails beyond
// (a file that shrank after it was opened, a dropped network connection).
class FakeSource final : public ByteSource {
 public:
  FakeSource(std::string name, std::uint64_t size, std::uint64_t readable_bytes, std::uint8_t fill = 0)
      : name_(std::move(name)), size_(size), readable_(readable_bytes), fill_(fill) {}
  std::uint64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }
  Status read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    ++reads;
    if (offset > readable_ || out.size() > readable_ - offset) {
      return make_error(ErrorCode::io, name_ + ": read failed at byte " + std::to_string(offset));
    }
    std::memset(out.data(), fill_, out.size());
    return {};
  }
  int reads = 0;

 private:
  std::string name_;
  std::uint64_t size_;
  std::uint64_t readable_;
  std::uint8_t fill_;
};

inline bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}
inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A copy of `text` with 1 to max_edits random edits (replace, insert, or erase up to max_erase
// characters), drawing characters from `alphabet`: the mutation step of the parser fuzz loops.
inline std::string mutate_text(std::string text, std::string_view alphabet, Lcg& lcg, std::uint32_t max_edits,
                               std::uint32_t max_erase) {
  const std::size_t edits = 1 + lcg.below(max_edits);
  for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = lcg.below(static_cast<std::uint32_t>(text.size()));
    const char c = alphabet[lcg.below(static_cast<std::uint32_t>(alphabet.size()))];
    switch (lcg.below(3)) {
      case 0: text[at] = c; break;
      case 1: text.insert(at, 1, c); break;
      default: text.erase(at, 1 + lcg.below(max_erase)); break;
    }
  }
  return text;
}

}  // namespace hs::test
