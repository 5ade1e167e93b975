// The sample catalog: names, sizes, and the errors of write_sample for bad requests.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "samples/sample_catalog.h"
#include "sample_test_support.h"

TEST_CASE("sample catalog: unique names with one-line descriptions", "[samples][catalog]") {
  std::set<std::string> names;
  for (const hs::SampleEntry& e : hs::sample_catalog()) {
    CHECK(names.insert(std::string(e.name)).second);
    CHECK_FALSE(e.description.empty());
    CHECK(e.description.find('\n') == std::string_view::npos);
    CHECK(e.write != nullptr);
    CHECK(hs::find_sample(e.name) == &e);
  }
  for (const char* name : {"apt-nmc811", "xrdct-lmo", "xrdct-lmo-aged", "xrdct-lmo-slice", "tomo-ncm111"}) {
    CHECK(names.count(name) == 1);
  }
  CHECK(hs::find_sample("apt") == nullptr);
}

TEST_CASE("sample catalog: size names", "[samples][catalog]") {
  for (hs::SampleSize size : {hs::SampleSize::small, hs::SampleSize::medium, hs::SampleSize::large}) {
    CHECK(hs::parse_sample_size(hs::sample_size_name(size)) == size);
  }
  CHECK(hs::sample_size_name(hs::SampleSize::medium) == "medium");
  CHECK_FALSE(hs::parse_sample_size("huge").has_value());
  CHECK_FALSE(hs::parse_sample_size("Small").has_value());
  CHECK_FALSE(hs::parse_sample_size("").has_value());
}

TEST_CASE("sample catalog: unknown names, seeds past 2^53 and sizes a sample lacks are errors", "[samples][catalog]") {
  hs::test::ListedStore store;
  hs::SampleOptions options;
  auto unknown = hs::write_sample("apt-nmc812", store, options);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == hs::ErrorCode::invalid_argument);
  CHECK(unknown.error().message.find("unknown sample 'apt-nmc812'") != std::string::npos);
  CHECK(unknown.error().message.find("xrdct-lmo-aged") != std::string::npos);  // lists the known ones

  options.seed = std::uint64_t{1} << 53;
  auto seed = hs::write_sample("xrdct-lmo", store, options);
  REQUIRE_FALSE(seed.ok());
  CHECK(seed.error().message.find("2^53") != std::string::npos);

  options.seed = 1;
  options.size = hs::SampleSize::large;
  auto slice = hs::write_sample("xrdct-lmo-slice", store, options);
  REQUIRE_FALSE(slice.ok());
  CHECK(slice.error().message.find("one size") != std::string::npos);
  CHECK(store.values.empty());  // nothing written for a refused request
}
