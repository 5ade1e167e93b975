// Fuzz target: RRNG and RNG range files; what parses is written back as RRNG and parsed again.
#include "fuzz_input.h"
#include "io/rng.h"
#include "io/rrng.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = hs::fuzz::as_text(data, size);
  for (auto parse : {hs::parse_rrng, hs::parse_rng}) {
    auto file = parse(text, "fuzz");
    if (!file.ok()) continue;
    if (auto written = hs::write_rrng(file->table, "fuzz.rrng"); written.ok()) {
      if (!hs::parse_rrng(*written, "fuzz.rrng").ok()) __builtin_trap();  // our own output must read back
    }
  }
  return 0;
}
