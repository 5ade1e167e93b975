// `heteroscope`: the native command-line tool. Dispatches to one subcommand per job.
#include <array>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli.h"
#include "version.h"

namespace {

const std::array kCommands = {&hs::cli::kConvertCommand, &hs::cli::kInfoCommand,    &hs::cli::kSampleCommand,
                               &hs::cli::kSegmentCommand, &hs::cli::kProfileCommand, &hs::cli::kAptCommand,
                               &hs::cli::kStateCommand};

void print_help(std::ostream& out) {
  out << "Usage: heteroscope <command> [options]\n"
         "       heteroscope --help | --version\n\n"
         "Heteroscope: correlative 3D viewer for battery-materials microscopy.\n\n"
         "Commands:\n";
  for (const auto* command : kCommands) {
    out << "  " << command->name;
    for (std::size_t i = command->name.size(); i < 10; ++i) out << ' ';
    out << command->summary << "\n";
  }
  out << "\nRun 'heteroscope <command> --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_help(std::cerr);
    return hs::cli::kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help(std::cout);
    return hs::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "heteroscope " << hs::kVersion << "\n";
    return hs::cli::kExitOk;
  }
  for (const auto* command : kCommands) {
    if (args[0] != command->name) continue;
    const hs::cli::Args rest(args.data() + 1, args.size() - 1);
    if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
      std::cout << command->usage;
      return hs::cli::kExitOk;
    }
    return command->run(rest);
  }
  std::cerr << "heteroscope: unknown command '" << args[0] << "'\n\n";
  print_help(std::cerr);
  return hs::cli::kExitUsage;
}
