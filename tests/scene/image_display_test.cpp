// Image layer display settings in the view state: hand-written JSON in and out, one report entry
// per invalid field (the field keeps its default), and defaults left out of the written document.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json/json.h"
#include "scene/view_state.h"

namespace {

hs::ViewState read_state(const std::string& text, hs::StateReport& report) {
  auto state = hs::view_state_from_text(text, "test", report);
  REQUIRE(state.ok());
  return *state;
}

}  // namespace

TEST_CASE("image display: every field is read and written back as given", "[image_display]") {
  const std::string text =
      R"({"version":1,"layers":[{"source":"x.zarr","display":{"mode":"isosurface","channel":2,"time":3,)"
      R"("colormap":"viridis","reversed":true,"window":[8.05,8.17],"opacity":0.5,"iso_level":8.1,)"
      R"("highlight_out_of_range":false,"quality":2.5}}]})";
  hs::StateReport report;
  const hs::ViewState state = read_state(text, report);
  CHECK(report.clean());
  REQUIRE(state.layers.size() == 1u);
  const hs::ImageDisplay& d = state.layers[0].display;
  CHECK(d.mode == hs::VolumeMode::isosurface);
  CHECK(d.channel == 2);
  CHECK(d.time == 3);
  REQUIRE(d.colormap.has_value());
  CHECK(*d.colormap == hs::ColormapId::viridis);
  CHECK(d.reversed);
  REQUIRE(d.window.has_value());
  CHECK(d.window->first == 8.05);
  CHECK(d.window->second == 8.17);
  CHECK(d.opacity == 0.5);
  REQUIRE(d.iso_level.has_value());
  CHECK(*d.iso_level == 8.1);
  CHECK_FALSE(d.highlight_out_of_range);
  CHECK(d.quality == 2.5);
  CHECK(hs::json::write(hs::view_state_to_json(state)) == text);
}

TEST_CASE("image display: defaults are not written, so a plain layer stays short", "[image_display]") {
  hs::LayerState layer;
  layer.source = "x.zarr";
  hs::ViewState state;
  state.layers.push_back(layer);
  CHECK(hs::json::write(hs::view_state_to_json(state)) == R"({"version":1,"layers":[{"source":"x.zarr"}]})");
  state.layers[0].display.mode = hs::VolumeMode::minip;
  CHECK(hs::json::write(hs::view_state_to_json(state)) ==
        R"({"version":1,"layers":[{"source":"x.zarr","display":{"mode":"minip"}}]})");
}

TEST_CASE("image display: invalid fields are reported by path and keep their defaults", "[image_display]") {
  hs::StateReport report;
  const hs::ViewState state = read_state(
      R"({"version":1,"layers":[{"source":"x.zarr","display":{"mode":"xray","channel":-1,"time":1.5,)"
      R"("colormap":"jet","window":[2,1],"opacity":2,"iso_level":"high","reversed":1,"gamma":2,"quality":9}}]})",
      report);
  REQUIRE(state.layers.size() == 1u);
  CHECK(state.layers[0].display == hs::ImageDisplay{});
  REQUIRE(report.errors.size() == 9u);
  CHECK(report.errors[0] ==
        R"(layers[0].display.mode: expected "mip", "minip", "composite", "isosurface" or "slices", got "xray")");
  CHECK(report.errors[1] == "layers[0].display.channel: expected a whole number from 0 to 1024, got -1");
  CHECK(report.errors[2] == "layers[0].display.time: expected a whole number from 0 to 1048576, got 1.5");
  CHECK(report.errors[3].find("layers[0].display.colormap") == 0);
  CHECK(report.errors[3].find("jet") != std::string::npos);
  CHECK(report.errors[4] == "layers[0].display.window: expected [start, end] with start < end, got [2,1]");
  CHECK(report.errors[5] == "layers[0].display.opacity: expected a number from 0 to 1, got 2");
  CHECK(report.errors[6].find("layers[0].display.iso_level: expected a number") == 0);
  CHECK(report.errors[7] == "layers[0].display.reversed: expected true or false, got 1");
  CHECK(report.errors[8] == "layers[0].display.quality: expected a number from 0.25 to 4, got 9");
  CHECK(report.warnings == std::vector<std::string>{"layers[0].display.gamma: unknown key, ignored"});
  hs::StateReport not_object;
  read_state(R"({"version":1,"layers":[{"source":"x.zarr","display":[]}]})", not_object);
  CHECK(not_object.errors == std::vector<std::string>{"layers[0].display: expected an object, got []"});
}

TEST_CASE("image display: resolving fills the window and level from the metadata and clamps indices",
          "[image_display]") {
  hs::VolumeMetadata metadata;
  hs::OmeChannel channel;
  channel.color = "FF8000";
  channel.window_start = 8.0;
  channel.window_end = 8.2;
  metadata.channels = {channel, channel};
  metadata.semantics = {hs::ChannelSemantics{"lattice parameter", "Å", 0.0, std::pair(8.076, 8.145)},
                        hs::ChannelSemantics{}};
  hs::ImageDisplay display;
  display.channel = 5;
  display.time = 9;
  const auto clamped = hs::resolve_image_display(display, metadata, 2, 3);
  CHECK(clamped.channel == 1);
  CHECK(clamped.time == 2);
  CHECK_FALSE(clamped.highlight_range.has_value());  // channel 1 has no characteristic range

  display.channel = 0;
  const auto lattice = hs::resolve_image_display(display, metadata, 2, 3);
  CHECK(lattice.window == std::pair(8.0, 8.2));
  CHECK(lattice.iso_level == Approx(8.1));
  REQUIRE(lattice.highlight_range.has_value());
  CHECK(*lattice.highlight_range == std::pair(8.076, 8.145));
  CHECK(lattice.unit == "Å");
  CHECK(lattice.channel_rgb == std::array<float, 3>{1.0f, 128.0f / 255.0f, 0.0f});

  display.highlight_out_of_range = false;
  display.window = std::pair(8.05, 8.15);
  display.iso_level = 8.12;
  const auto own = hs::resolve_image_display(display, metadata, 2, 3);
  CHECK_FALSE(own.highlight_range.has_value());
  CHECK(own.window == std::pair(8.05, 8.15));
  CHECK(own.iso_level == 8.12);

  metadata.channels[0].window_end = 8.0;  // a flat window still gives start < end
  display.window.reset();
  const auto flat = hs::resolve_image_display(display, metadata, 2, 3);
  CHECK(flat.window.first < flat.window.second);
  CHECK(flat.window.first == Approx(8.0));
}

TEST_CASE("image display: colours are the colormap, or a ramp to the channel colour", "[image_display]") {
  hs::ImageDisplay display;
  const auto ramp = hs::display_colors_rgba8(display, {1.0f, 0.5f, 0.0f}, 256);
  REQUIRE(ramp.size() == 4u * 256u);
  CHECK(std::vector<int>(ramp.begin(), ramp.begin() + 4) == std::vector<int>{0, 0, 0, 255});
  CHECK(std::vector<int>(ramp.end() - 4, ramp.end()) == std::vector<int>{255, 128, 0, 255});  // 127.5 rounds up
  CHECK(int{ramp[4 * 51]} == 51);  // t = 51/255 = 0.2 of 255
  display.reversed = true;
  const auto reversed = hs::display_colors_rgba8(display, {1.0f, 0.5f, 0.0f}, 256);
  CHECK(std::vector<int>(reversed.begin(), reversed.begin() + 4) == std::vector<int>{255, 128, 0, 255});
  display.colormap = hs::ColormapId::viridis;
  CHECK(hs::display_colors_rgba8(display, {1.0f, 0.5f, 0.0f}, 64) == hs::colormap_texture_rgba8(hs::ColormapId::viridis, true, 64));
}

TEST_CASE("image display: value labels name the quantity and unit", "[image_display]") {
  hs::VolumeMetadata metadata;
  hs::OmeChannel adf;
  adf.label = "ADF";
  metadata.channels = {adf};
  hs::ResolvedImageDisplay resolved;
  CHECK(hs::display_value_label(metadata, resolved) == "ADF");
  resolved.quantity = "lattice parameter";
  resolved.unit = "Å";
  CHECK(hs::display_value_label(metadata, resolved) == "lattice parameter (Å)");
  resolved.channel = 3;
  resolved.quantity.clear();
  CHECK(hs::display_value_label(metadata, resolved) == "value (Å)");
}

TEST_CASE("image display: slices and the clipping box round-trip and are checked", "[image_display]") {
  const std::string text =
      R"({"version":1,"layers":[{"source":"x.zarr","display":{"mode":"slices","slice_position":[0.25,0.5,1],)"
      R"("slice_axes":"xz","clip":[[0,0.1,0.2],[0.9,1,0.8]]}}]})";
  hs::StateReport report;
  const hs::ViewState state = read_state(text, report);
  CHECK(report.clean());
  const hs::ImageDisplay& d = state.layers[0].display;
  CHECK(d.mode == hs::VolumeMode::slices);
  CHECK(d.slice_position == std::array<double, 3>{0.25, 0.5, 1.0});
  CHECK(d.slice_axes == std::array<bool, 3>{true, false, true});
  CHECK(d.clip_min == std::array<double, 3>{0.0, 0.1, 0.2});
  CHECK(d.clip_max == std::array<double, 3>{0.9, 1.0, 0.8});
  CHECK(hs::json::write(hs::view_state_to_json(state)) == text);

  hs::StateReport bad;
  const hs::ViewState kept = read_state(
      R"({"version":1,"layers":[{"source":"x.zarr","display":{"slice_position":[0.5,2,0.5],"slice_axes":"zx",)"
      R"("clip":[[0.5,0,0],[0.4,1,1]]}}]})",
      bad);
  CHECK(kept.layers[0].display == hs::ImageDisplay{});
  REQUIRE(bad.errors.size() == 3u);
  CHECK(bad.errors[0] == "layers[0].display.slice_position[1]: expected a number from 0 to 1, got 2");
  CHECK(bad.errors[1].find("layers[0].display.slice_axes: expected the axes to slice") == 0);
  CHECK(bad.errors[2] == "layers[0].display.clip: expected lower ends below upper ends, got [[0.5,0,0],[0.4,1,1]]");
}
