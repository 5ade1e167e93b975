// JSON Merge Patch against every example of RFC 7386 (section 3 and appendix A).
#include <catch2/catch.hpp>

#include <string>

#include "json/json.h"
#include "json/merge_patch.h"

namespace {

hs::json::Value doc(const std::string& text) {
  auto value = hs::json::parse(text, "test");
  REQUIRE(value);
  return *value;
}

std::string patched(const std::string& target, const std::string& patch) {
  return hs::json::write(hs::json::merge_patch(doc(target), doc(patch)));
}

}  // namespace

TEST_CASE("merge patch: the appendix A table of RFC 7386", "[json][merge_patch]") {
  struct Case {
    const char* target;
    const char* patch;
    const char* result;
  };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    INFO("target " << c.target << " patch " << c.patch);
    CHECK(patched(c.target, c.patch) == c.result);
  }
}

TEST_CASE("merge patch: the worked example of RFC 7386 section 3", "[json][merge_patch]") {
  const std::string target = R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},)"
                             R"("tags":["example","sample"],"content":"This will be unchanged"})";
  const std::string patch = R"({"title":"Hello!","phoneNumber":"+01-123-456-7890",)"
                            R"("author":{"familyName":null},"tags":["example"]})";
  CHECK(patched(target, patch) == R"({"title":"Hello!","author":{"givenName":"John"},"tags":["example"],)"
                                  R"("content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})");
}
