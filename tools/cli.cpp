// Shared plumbing of the CLI subcommands.
#include "cli.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace hs::cli {

int report(const Error& error) {
  std::cerr << "heteroscope: " << error.message << "\n";
  return kExitBadInput;
}

int usage_error(const Command& command, std::string_view message) {
  std::cerr << "heteroscope " << command.name << ": " << message << "\n\n" << command.usage;
  return kExitUsage;
}

std::string parent_directory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::not_found, path + ": cannot open (" + std::strerror(errno) + ")");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::io, path + ": read failed");
  return bytes.str();
}

}  // namespace hs::cli
