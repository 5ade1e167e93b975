// OME-Zarr 0.5 image metadata: the specification's example layout, our semantics, strictness.
#include <catch2/catch.hpp>

#include "store/ome_multiscales.h"

namespace {

hs::json::Value parse(const char* text) {
  auto value = hs::json::parse(text, "test");
  REQUIRE(value.ok());
  return std::move(value).value();
}

// Shaped like the multiscales example of the OME-NGFF 0.5 specification (t, c, z, y, x).
constexpr const char* kSpecExample = R"({
  "ome": {
    "version": "0.5",
    "multiscales": [{
      "name": "example",
      "axes": [
        {"name": "t", "type": "time", "unit": "millisecond"},
        {"name": "c", "type": "channel"},
        {"name": "z", "type": "space", "unit": "micrometer"},
        {"name": "y", "type": "space", "unit": "micrometer"},
        {"name": "x", "type": "space", "unit": "micrometer"}
      ],
      "datasets": [
        {"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 1.0, 0.5, 0.5, 0.5]}]},
        {"path": "1", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 1.0, 1.0, 1.0, 1.0]}]},
        {"path": "2", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 1.0, 2.0, 2.0, 2.0]}]}
      ],
      "coordinateTransformations": [{"type": "scale", "scale": [0.1, 1.0, 1.0, 1.0, 1.0]}]
    }],
    "omero": {"channels": [{"label": "ADF", "color": "00FF00", "active": true,
                            "window": {"start": 0, "end": 1500, "min": 0, "max": 65535}}]}
  }
})";

}  // namespace

TEST_CASE("ome: the specification's example reads with global transforms applied", "[ome]") {
  std::vector<std::string> warnings;
  auto m = hs::read_volume_metadata(parse(kSpecExample), "sample.zarr", warnings);
  REQUIRE(m.ok());
  CHECK(warnings.empty());
  CHECK(m->name == "example");
  REQUIRE(m->axes.size() == 5);
  CHECK(m->axes[2] == hs::OmeAxis{"z", "space", "micrometer"});
  REQUIRE(m->levels.size() == 3);
  CHECK(m->levels[1].path == "1");
  // The multiscale-wide scale multiplies each level's: t becomes 0.1 ms per step.
  CHECK(m->levels[2].scale == std::vector<double>{0.1, 1.0, 2.0, 2.0, 2.0});
  REQUIRE(m->channels.size() == 1);
  CHECK(m->channels[0].label == "ADF");
  CHECK(m->channels[0].window_end == 1500);
  CHECK(m->channels[0].window_max == 65535);
}

TEST_CASE("ome: spatial units convert to nanometres", "[ome]") {
  CHECK(hs::ome_unit_nm("micrometer") == Approx(1000.0));
  CHECK(hs::ome_unit_nm("angstrom") == Approx(0.1));
  CHECK(hs::ome_unit_nm("nanometer") == Approx(1.0));
  CHECK_FALSE(hs::ome_unit_nm("um").has_value());  // OME uses UDUNITS-2 full names
}

TEST_CASE("ome: our semantics and time labels round-trip with the OME part", "[ome]") {
  hs::VolumeMetadata m;
  m.name = "xrdct-lmo";
  m.axes = {{"t", "time", ""}, {"c", "channel", ""}, {"z", "space", "micrometer"}, {"y", "space", "micrometer"},
            {"x", "space", "micrometer"}};
  m.levels = {{"0", {1, 1, 2, 2, 2}, {0, 0, 10, 20, 30}}, {"1", {1, 1, 4, 4, 4}, {0, 0, 11, 21, 31}}};
  m.channels = {{"lattice parameter", "FF00FF", 8.05, 8.17, 8.0, 8.2, true}};
  m.semantics = {{"lattice parameter", "Å", 0.0, std::make_pair(8.076, 8.145)}};
  m.time_labels = {"pristine", "4.2 V charged"};
  std::vector<std::string> warnings;
  auto back = hs::read_volume_metadata(hs::volume_metadata_to_attributes(m), "round trip", warnings);
  REQUIRE(back.ok());
  CHECK(*back == m);
  CHECK(warnings.empty());
}

TEST_CASE("ome: malformed metadata is an error naming the source and the field", "[ome]") {
  std::vector<std::string> warnings;
  const auto error_of = [&](const char* text) {
    auto m = hs::read_volume_metadata(parse(text), "vol.zarr", warnings);
    REQUIRE_FALSE(m.ok());
    return m.error().message;
  };
  CHECK_THAT(error_of(R"({"foo": 1})"), Catch::Contains("vol.zarr") && Catch::Contains("not an OME-Zarr image"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.4", "multiscales": []}})"), Catch::Contains("0.4"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y"}, {"name": "x"}],
      "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1]}]}]}]}})"),
             Catch::Contains("datasets[0]") && Catch::Contains("one per axis"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y"}, {"name": "x"}],
      "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, -2]}]}]}]}})"),
             Catch::Contains("> 0"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y", "type": "space",
      "unit": "furlong"}, {"name": "x"}], "datasets": []}]}})"),
             Catch::Contains("unknown space unit"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "x"}, {"name": "x"}],
      "datasets": []}]}})"),
             Catch::Contains("duplicate axis"));
  CHECK_THAT(error_of(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y"}, {"name": "x"}],
      "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]},
      "heteroscope": {"channels": [{"characteristic_range": [9, 8]}]}})"),
             Catch::Contains("low < high"));
}

TEST_CASE("ome: unknown keys of our own attributes are warnings, not errors", "[ome]") {
  std::vector<std::string> warnings;
  auto m = hs::read_volume_metadata(parse(R"({"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y"},
      {"name": "x"}], "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]},
      "heteroscope": {"colour_scheme": "pink"}})"),
                                    "vol.zarr", warnings);
  REQUIRE(m.ok());
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("colour_scheme"));
}
