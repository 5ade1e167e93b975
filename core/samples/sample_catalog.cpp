// The catalog of samples and the checks every sample shares.
#include "samples/sample_catalog.h"

#include <array>
#include <string>

#include "samples/apt_nmc811.h"
#include "samples/tomo_ncm111.h"
#include "samples/xrdct_lmo.h"

namespace hs {
namespace {

const std::array<SampleEntry, 5> kCatalog = {{
    {"apt-nmc811",
     "atom probe needle of Cr-coated LiNi0.8Co0.1Mn0.1O2 with Mn-rich inclusions, plus .pos/.epos/.rrng exports",
     write_apt_nmc811},
    {"xrdct-lmo", "operando XRD-CT of a LiMn2O4 electrode: lattice parameter (Å) at 5 states of charge",
     write_xrdct_lmo},
    {"xrdct-lmo-aged", "the same electrode after 150 cycles: broader distributions, more non-characteristic voxels",
     write_xrdct_lmo_aged},
    {"xrdct-lmo-slice", "one 301×301 slice at 1 µm of the operando LiMn2O4 electrode (medium size only)",
     write_xrdct_lmo_slice},
    {"tomo-ncm111",
     "ADF-EDS-EELS tomogram of a LiNi1/3Co1/3Mn1/3O2 particle: uniform composition, reduced Mn at the surface",
     write_tomo_ncm111},
}};

}  // namespace

std::span<const SampleEntry> sample_catalog() { return kCatalog; }

const SampleEntry* find_sample(std::string_view name) {
  for (const SampleEntry& entry : kCatalog) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

Result<SampleReport> write_sample(std::string_view name, WritableStore& out, const SampleOptions& options) {
  const SampleEntry* entry = find_sample(name);
  if (entry == nullptr) {
    std::string known;
    for (const SampleEntry& e : kCatalog) known += (known.empty() ? "" : ", ") + std::string(e.name);
    return make_error(ErrorCode::invalid_argument, "unknown sample '" + std::string(name) + "' (known: " + known + ")");
  }
  if (options.seed > kMaxSampleSeed) {
    return make_error(ErrorCode::invalid_argument, std::string(name) + ": the seed must be below 2^53");
  }
  return entry->write(out, options);
}

}  // namespace hs
