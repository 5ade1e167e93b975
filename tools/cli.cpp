// Shared plumbing of the CLI subcommands.
#include "cli.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "io/byte_source.h"
#include "store/curl_transport_native.h"
#include "store/filesystem_store.h"
#include "store/http_store.h"
#include "store/zip_store.h"

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

Result<std::unique_ptr<ReadableStore>> open_store(const std::string& location) {
  if (is_http_url(location)) return std::unique_ptr<ReadableStore>(open_curl_http_store(location));
  std::error_code ec;
  if (std::filesystem::is_directory(location, ec)) {
    return std::unique_ptr<ReadableStore>(std::make_unique<FilesystemStore>(location));
  }
  if (location.ends_with(".zip")) {
    auto source = open_file_source(location);
    if (!source) return source.error();
    auto zip = ZipStore::open(std::move(*source));
    if (!zip) return zip.error();
    return std::unique_ptr<ReadableStore>(std::move(*zip));
  }
  if (!std::filesystem::exists(location, ec)) {
    return make_error(ErrorCode::not_found, location + ": no such store (a folder, a .zip or an http(s) URL)");
  }
  return make_error(ErrorCode::unsupported, location + ": not a store (a folder, a .zip or an http(s) URL)");
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
