// Opens files the user drops onto the viewer, in memory and with the same code as the CLI: a .zip
// of a Zarr store opens directly (stored entries are read in place); one volume file (MRC, NPY,
// TIFF) or one atom probe file (POS, EPOS, APT, ATO) with an optional range file (RRNG, RNG) is
// converted into an in-memory store in the writer profile. Nothing leaves the machine.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

struct LocalOpenOptions {
  // Inputs to convert larger than this are refused with a message pointing to `heteroscope convert`
  // (the converted store lives in memory; a zip is read in place and has no such limit).
  std::uint64_t max_convert_bytes = std::uint64_t{512} << 20;
  std::function<void(double fraction_done)> progress;  // optional, 0..1
  const std::atomic<bool>* cancel = nullptr;           // optional
};

struct LocalDataset {
  std::unique_ptr<ReadableStore> store;
  std::string name;                 // the data file's name
  std::vector<std::string> notes;   // what the conversion reported (range overlaps, defaults used)
};

// `files`: what was dropped together. Errors name the file and the problem, or say what was
// expected when the combination makes no sense (two data files, only a range file, ...).
Result<LocalDataset> open_local_dataset(std::vector<std::unique_ptr<ByteSource>> files,
                                        const LocalOpenOptions& options = {});

}  // namespace hs
