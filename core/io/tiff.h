// TIFF image stacks (classic TIFF and BigTIFF, "II" or "MM"): one page per z-slice, read in blocks.
//
// Supported pages: uncompressed strips or tiles, one sample per pixel, 8/16/32/64-bit unsigned or
// signed integers and 32/64-bit floats (SampleFormat); 16-bit floats come out as float32. Every page
// must have the first page's size and type; reduced-resolution pages (NewSubfileType bit 0) are
// skipped; an Orientation other than top-left is reported in a note, not applied. Compressed pages
// give "unsupported compression N". IFD chains are checked for loops, and every count and offset
// against the file size, before anything is allocated.
// Voxel size: x and y from XResolution / YResolution (pixels per unit) in the unit of ImageJ's
// ImageDescription "unit=", z from its "spacing="; set only when all three are known (a pixel size
// from ResolutionUnit centimetre or inch alone is only reported in a note). ImageJ hyperstacks with
// several channels are refused.
#pragma once

#include <memory>

#include "io/volume_reader.h"
#include "util/bytes.h"

namespace hs {

// True if `head` starts with a TIFF or BigTIFF header ("II*\0", "MM\0*", "II+\0", "MM\0+").
bool looks_like_tiff(ByteView head);

Result<std::unique_ptr<VolumeReader>> open_tiff(std::unique_ptr<ByteSource> source);

}  // namespace hs
