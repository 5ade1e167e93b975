// Fuzz target: JSON text -> hs::json::parse -> view state, and URL fragments -> decode.
#include "fuzz_input.h"
#include "json/json.h"
#include "scene/url_state.h"
#include "scene/view_state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = hs::fuzz::as_text(data, size);
  hs::StateReport report;
  if (auto state = hs::view_state_from_text(text, "fuzz", report); state.ok()) {
    (void)hs::json::write(hs::view_state_to_json(*state));
  }
  if (auto json_text = hs::decode_state_hash(text); json_text.ok() && json_text->has_value()) {
    hs::StateReport hash_report;
    (void)hs::view_state_from_text(**json_text, "fuzz hash", hash_report);
  }
  return 0;
}
