// JSON of atom probe ROIs and parameters: round trips through text, defaults for left-out
// members, strict errors naming the member, and mutated documents never crash the readers.
#include <catch2/catch.hpp>

#include <string>

#include "analysis/apt/apt_params_json.h"
#include "apt_analysis_support.h"

namespace {

hs::json::Value parse(const std::string& text) {
  auto v = hs::json::parse(text, "test");
  REQUIRE(v.ok());
  return *v;
}

}  // namespace

TEST_CASE("apt params json: ROIs and parameters round-trip through text", "[apt][apt-json]") {
  auto cylinder = hs::make_cylinder({1.5, -2, 30}, {0, 3, 4}, 7.25, 42);  // axis (0, 0.6, 0.8)
  REQUIRE(cylinder.ok());
  const hs::IonRoi roi{*cylinder, 2};
  auto back = hs::roi_from_json(parse(hs::json::write(hs::roi_to_json(roi))), "view.roi");
  REQUIRE(back.ok());
  const auto& c = std::get<hs::CylinderRoi>(back->shape);
  CHECK(c.centre_nm == std::array<double, 3>{1.5, -2, 30});
  CHECK(c.axis[1] == Approx(0.6));
  CHECK(c.axis[2] == Approx(0.8));
  CHECK(c.radius_nm == 7.25);
  CHECK(c.length_nm == 42);

  auto box = hs::make_box_roi({-1, -2, -3}, {4, 5, 6}, 1);
  REQUIRE(box.ok());
  auto box_back = hs::roi_from_json(parse(hs::json::write(hs::roi_to_json(*box))), "view.roi");
  REQUIRE(box_back.ok());
  CHECK(box_back->box_axis == 1);
  CHECK(std::get<hs::BoxRoi>(box_back->shape).max_nm == std::array<double, 3>{4, 5, 6});

  auto profile =
      hs::profile_params_from_json(parse(hs::json::write(hs::profile_params_to_json({0.2, 500}))), "p");
  REQUIRE(profile.ok());
  CHECK(profile->bin_nm == 0.2);
  CHECK(profile->bin_ions == 500);
  auto freq =
      hs::frequency_params_from_json(parse(hs::json::write(hs::frequency_params_to_json({50, 10}))), "f");
  REQUIRE(freq.ok());
  CHECK(freq->block_atoms == 50);
  CHECK(freq->min_expected == 10);
}

TEST_CASE("apt params json: defaults and strict errors", "[apt][apt-json]") {
  auto defaults = hs::profile_params_from_json(parse("{}"), "p");
  REQUIRE(defaults.ok());
  CHECK(defaults->bin_nm == 0.5);
  CHECK(defaults->bin_ions == 0);
  CHECK(hs::frequency_params_from_json(parse("{}"), "f")->block_atoms == 100);
  auto radius = hs::roi_from_json(
      parse(R"({"shape":"cylinder","centre_nm":[0,0,0],"axis":[0,0,1],"length_nm":9})"), "r");
  REQUIRE(radius.ok());
  CHECK(std::get<hs::CylinderRoi>(radius->shape).radius_nm == 12.5);

  const auto roi_error = [&](const std::string& text) {
    auto r = hs::roi_from_json(parse(text), "view.roi");
    return r.ok() ? std::string() : r.error().message;
  };
  CHECK(roi_error(R"({"shape":"sphere"})") == "view.roi.shape must be \"cylinder\" or \"box\"");
  CHECK(roi_error(R"({"shape":"cylinder","centre_nm":[0,0,0],"axis":[0,0,1],"length_nm":9,"colour":1})") ==
        "view.roi.colour is not a known member");
  CHECK(roi_error(R"({"shape":"cylinder","centre_nm":[0,0],"axis":[0,0,1],"length_nm":9})") ==
        "view.roi.centre_nm must be an array of 3 numbers");
  CHECK(roi_error(R"({"shape":"cylinder","centre_nm":[0,0,0],"axis":[0,0,0],"length_nm":9})").find("axis") !=
        std::string::npos);
  CHECK(roi_error(R"({"shape":"cylinder","centre_nm":[0,0,0],"axis":[0,0,1]})") ==
        "view.roi needs centre_nm, axis and length_nm");
  CHECK(roi_error(R"({"shape":"box","min_nm":[0,0,0],"max_nm":[1,1,1],"profile_axis":"w"})") ==
        "view.roi.profile_axis must be \"x\", \"y\" or \"z\"");
  CHECK(!roi_error(R"({"shape":"box","min_nm":[0,0,0],"max_nm":[1,-1,1]})").empty());
  CHECK(!roi_error("[1,2]").empty());
  CHECK(!roi_error("{}").empty());
  auto bad_bin = hs::profile_params_from_json(parse(R"({"bin_nm":0})"), "p");
  REQUIRE_FALSE(bad_bin.ok());
  CHECK(bad_bin.error().message == "p.bin_nm must be above 0");
  CHECK_FALSE(hs::profile_params_from_json(parse(R"({"bin_ions":2.5})"), "p").ok());
  CHECK_FALSE(hs::profile_params_from_json(parse(R"({"bin_ions":-1})"), "p").ok());
  CHECK_FALSE(hs::frequency_params_from_json(parse(R"({"block_atoms":0})"), "f").ok());
  CHECK_FALSE(hs::frequency_params_from_json(parse(R"({"block_atoms":1e7})"), "f").ok());
  CHECK_FALSE(hs::frequency_params_from_json(parse(R"({"min_expected":"5"})"), "f").ok());
  CHECK_FALSE(hs::frequency_params_from_json(parse(R"({"blocks":5})"), "f").ok());
}

TEST_CASE("apt params json: mutated documents never crash the readers", "[apt][apt-json]") {
  const std::string seeds[] = {
      R"({"shape":"cylinder","centre_nm":[1,2,3],"axis":[0,0,1],"radius_nm":5,"length_nm":9})",
      R"({"shape":"box","min_nm":[0,0,0],"max_nm":[1,1,1],"profile_axis":"y"})",
      R"({"bin_nm":0.5,"bin_ions":10,"block_atoms":100,"min_expected":5})"};
  const std::string alphabet = "{}[],:\"0123456789.-eE xyzabnrt";
  hs::test::AptLcg lcg(77);
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[lcg.below(3)];
    for (std::uint32_t e = 1 + lcg.below(3); e > 0; --e) {
      const std::size_t at = lcg.below(static_cast<std::uint32_t>(text.size()));
      switch (lcg.below(3)) {
        case 0:
          text[at] = alphabet[lcg.below(static_cast<std::uint32_t>(alphabet.size()))];
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text.insert(at, 1, alphabet[lcg.below(static_cast<std::uint32_t>(alphabet.size()))]);
          break;
      }
    }
    auto v = hs::json::parse(text, "fuzz");
    if (!v.ok()) continue;
    ++parsed;
    auto roi = hs::roi_from_json(*v, "fuzz");
    if (roi.ok()) CHECK(hs::roi_from_json(hs::roi_to_json(*roi), "again").ok());
    (void)hs::profile_params_from_json(*v, "fuzz");
    (void)hs::frequency_params_from_json(*v, "fuzz");
  }
  CHECK(parsed > 100);
}
