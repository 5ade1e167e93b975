// `heteroscope state`: turns a view-state JSON file into a URL fragment and back, validating it.
#include <iostream>
#include <string>

#include "cli.h"
#include "json/json.h"
#include "scene/url_state.h"
#include "scene/view_state.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope state encode STATE.json [--plain|--compressed]\n"
    "       heteroscope state decode HASH_OR_URL\n"
    "       heteroscope state check STATE.json\n\n"
    "  encode   print the URL fragment (#!... or #z=...) that opens the view in STATE.json\n"
    "  decode   print the view state JSON carried by a URL or its fragment\n"
    "  check    validate STATE.json and report unknown keys and invalid values\n";

// Prints the report's lines; returns true when it holds no errors.
bool print_report(const StateReport& report, std::string_view source) {
  for (const auto& w : report.warnings) std::cerr << "heteroscope: warning: " << source << ": " << w << "\n";
  for (const auto& e : report.errors) std::cerr << "heteroscope: error: " << source << ": " << e << "\n";
  return report.errors.empty();
}

// Reads and validates a state file; the state is re-serialised so the output is canonical.
Result<std::string> canonical_state_from_file(const std::string& path, bool& clean) {
  auto text = read_file(path);
  if (!text) return text.error();
  StateReport report;
  auto state = view_state_from_text(*text, path, report);
  if (!state) return state.error();
  clean = print_report(report, path);
  return json::write(view_state_to_json(*state));
}

int run_encode(Args args) {
  HashForm form = HashForm::automatic;
  std::string path;
  for (auto arg : args) {
    if (arg == "--plain") form = HashForm::plain;
    else if (arg == "--compressed") form = HashForm::compressed;
    else if (path.empty() && !arg.starts_with("--")) path = std::string(arg);
    else return usage_error(kStateCommand, "unexpected argument '" + std::string(arg) + "'");
  }
  if (path.empty()) return usage_error(kStateCommand, "encode needs a STATE.json file");
  bool clean = true;
  auto json_text = canonical_state_from_file(path, clean);
  if (!json_text) return report(json_text.error());
  std::cout << encode_state_hash(*json_text, form) << "\n";
  return clean ? kExitOk : kExitBadInput;
}

int run_decode(Args args) {
  if (args.size() != 1) return usage_error(kStateCommand, "decode needs one URL or fragment");
  std::string_view input = args[0];
  if (const auto hash_at = input.find('#'); hash_at != std::string_view::npos) {
    input = input.substr(hash_at);
  }
  auto json_text = decode_state_hash(input);
  if (!json_text) return report(json_text.error());
  if (!json_text->has_value()) {
    std::cerr << "heteroscope: the URL carries no view state (empty fragment)\n";
    return kExitBadInput;
  }
  StateReport state_report;
  auto state = view_state_from_text(**json_text, "URL hash", state_report);
  if (!state) return report(state.error());
  const bool clean = print_report(state_report, "URL hash");
  std::cout << json::write(view_state_to_json(*state)) << "\n";
  return clean ? kExitOk : kExitBadInput;
}

int run_check(Args args) {
  if (args.size() != 1) return usage_error(kStateCommand, "check needs one STATE.json file");
  bool clean = true;
  auto json_text = canonical_state_from_file(std::string(args[0]), clean);
  if (!json_text) return report(json_text.error());
  std::cout << args[0] << ": " << (clean ? "ok" : "has errors") << "\n";
  return clean ? kExitOk : kExitBadInput;
}

int run_state(Args args) {
  if (args.empty()) return usage_error(kStateCommand, "missing subcommand");
  const Args rest = args.subspan(1);
  if (args[0] == "encode") return run_encode(rest);
  if (args[0] == "decode") return run_decode(rest);
  if (args[0] == "check") return run_check(rest);
  return usage_error(kStateCommand, "unknown subcommand '" + std::string(args[0]) + "'");
}

}  // namespace

const Command kStateCommand = {"state", "encode, decode and check view states and share URLs",
                               kUsage, run_state};

}  // namespace hs::cli
