// Shared plumbing of the CLI subcommands: the command table, argument access, error printing.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/store.h"
#include "util/result.h"

namespace hs::cli {

using Args = std::span<const std::string_view>;  // arguments after the subcommand name

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `heteroscope --help`
  std::string_view usage;    // full help for `heteroscope NAME --help`
  int (*run)(Args args);     // returns the process exit code
};

// Exit codes: 0 success, 1 the input was bad (file, JSON, URL), 2 the command line was bad.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

// Prints "heteroscope: <message>" to stderr and returns kExitBadInput.
int report(const Error& error);
// Prints "heteroscope <command>: <message>" and the usage line to stderr; returns kExitUsage.
int usage_error(const Command& command, std::string_view message);

// The folder a path lies in ("." for a bare name): where temporary files beside an output go.
std::string parent_directory(const std::string& path);

// The Zarr store at `location`: a folder, a .zip file (stored entries) or an http(s) URL. Errors
// name the location: missing, or not one of those.
Result<std::unique_ptr<ReadableStore>> open_store(const std::string& location);

// Reads a whole file (text or binary); errors name the path.
Result<std::string> read_file(const std::string& path);

// Subcommands, each defined in its cmd_*.cpp.
extern const Command kStateCommand;
extern const Command kConvertCommand;
extern const Command kInfoCommand;
extern const Command kSampleCommand;
extern const Command kSegmentCommand;
extern const Command kProfileCommand;
extern const Command kAptCommand;

}  // namespace hs::cli
