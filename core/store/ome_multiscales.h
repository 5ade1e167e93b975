// OME-Zarr 0.5 image metadata of a volume group (attributes.ome: multiscales axes and levels,
// omero channels) plus Heteroscope's own channel semantics (attributes.heteroscope: quantity,
// unit, no-data value, characteristic range, time labels). Read strictly, written back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "util/result.h"

namespace hs {

struct OmeAxis {
  std::string name;  // "t", "c", "z", "y", "x"
  std::string type;  // "time", "channel", "space" (or empty when the file has none)
  std::string unit;  // UDUNITS-2 name, e.g. "micrometer"; empty when absent
  friend bool operator==(const OmeAxis&, const OmeAxis&) = default;
};

// One resolution level: the array at `path` and its transform into physical units (per axis).
struct OmeLevel {
  std::string path;
  std::vector<double> scale;        // physical size of one element along each axis
  std::vector<double> translation;  // empty, or one offset per axis
  friend bool operator==(const OmeLevel&, const OmeLevel&) = default;
};

struct OmeChannel {
  std::string label;
  std::string color = "FFFFFF";  // RRGGBB
  double window_start = 0, window_end = 1, window_min = 0, window_max = 1;
  bool active = true;
  friend bool operator==(const OmeChannel&, const OmeChannel&) = default;
};

// What a channel's values mean (attributes.heteroscope.channels[i]).
struct ChannelSemantics {
  std::string quantity;                  // e.g. "lattice parameter", "ADF intensity"
  std::string unit;                      // e.g. "Å", "counts"; empty for dimensionless
  std::optional<double> no_data_value;   // voxels with this value carry no measurement
  std::optional<std::pair<double, double>> characteristic_range;  // e.g. 8.076–8.145 Å
  friend bool operator==(const ChannelSemantics&, const ChannelSemantics&) = default;
};

struct VolumeMetadata {
  std::string name;
  std::vector<OmeAxis> axes;               // 2 to 5 axes; time, then channel, then 2–3 space axes
  std::vector<OmeLevel> levels;            // finest first
  std::vector<OmeChannel> channels;        // omero; may be empty
  std::vector<ChannelSemantics> semantics; // empty, or one per channel
  std::vector<std::string> time_labels;    // empty, or one per time point
  friend bool operator==(const VolumeMetadata&, const VolumeMetadata&) = default;
};

// Nanometres per OME spatial unit ("angstrom", "nanometer", "micrometer", "millimeter", ...);
// nullopt for other names.
std::optional<double> ome_unit_nm(std::string_view unit);

// Reads a group's attributes. Errors (naming `source`) when attributes.ome.multiscales is missing
// or malformed; unknown members of our own "heteroscope" object become `warnings`.
Result<VolumeMetadata> read_volume_metadata(const json::Value& attributes, std::string_view source,
                                            std::vector<std::string>& warnings);

// The attributes object {"ome": {...}, "heteroscope": {...}} for a group's zarr.json.
json::Value volume_metadata_to_attributes(const VolumeMetadata& metadata);

}  // namespace hs
