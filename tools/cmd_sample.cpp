// `heteroscope sample`: writes a deterministic synthetic dataset (core/samples) as a Zarr store,
// plus the files some samples export beside it (OUT.pos, OUT.epos, OUT.rrng next to OUT.zarr).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "args.h"
#include "cli.h"
#include "progress.h"
#include "samples/sample_catalog.h"
#include "store/filesystem_store.h"

namespace hs::cli {
namespace {

constexpr std::string_view kUsage =
    "Usage: heteroscope sample NAME -o OUT.zarr [--size small|medium|large] [--seed N] [--force]\n"
    "       heteroscope sample --list\n\n"
    "Writes a synthetic dataset that reproduces published battery-materials findings, with its\n"
    "ground truth in attributes.heteroscope.truth. The same NAME, size and seed give the same bytes\n"
    "on every platform. Atom probe samples also write OUT.pos, OUT.epos and OUT.rrng beside the store.\n\n"
    "Options:\n"
    "  -o, --output DIR    output store (a folder, conventionally NAME.zarr)\n"
    "  --size S            small (seconds, for tests), medium (the demo; default), large (benchmarks)\n"
    "  --seed N            random seed (default 1, below 2^53)\n"
    "  --force             write over an existing store at DIR (keys the sample writes are replaced)\n"
    "  --list              print the sample names with a one-line description\n";

struct Request {
  std::string name;
  std::string output;
  SampleSize size = SampleSize::medium;
  std::uint64_t seed = 1;
  bool force = false;
  bool list = false;
};

std::optional<std::string> parse(Args args, Request& r) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--list") {
      r.list = true;
    } else if (a == "--force") {
      r.force = true;
    } else if (a == "-o" || a == "--output") {
      const auto v = value();
      if (!v) return "-o needs a folder";
      r.output = *v;
    } else if (a == "--size") {
      const auto v = value();
      const auto size = v ? parse_sample_size(*v) : std::nullopt;
      if (!size) return "--size must be small, medium or large";
      r.size = *size;
    } else if (a == "--seed") {
      const auto v = value();
      const auto n = v ? parse_count(*v) : std::nullopt;
      if (!n || *n > kMaxSampleSeed) return "--seed needs a whole number below 2^53";
      r.seed = *n;
    } else if (a.starts_with("-")) {
      return "unknown option " + std::string(a);
    } else if (r.name.empty()) {
      r.name = a;
    } else {
      return "one sample at a time (got '" + r.name + "' and '" + std::string(a) + "')";
    }
  }
  if (r.list) return std::nullopt;
  if (r.name.empty()) return "which sample? (heteroscope sample --list)";
  if (r.output.empty()) return "missing -o OUT.zarr";
  return std::nullopt;
}

// Files beside the store: OUT.zarr -> OUT.pos etc. Each is created on its first piece.
class ExportFiles {
 public:
  explicit ExportFiles(const std::string& output) {
    std::filesystem::path base(output);
    if (base.extension() == ".zarr") base.replace_extension();
    base_ = base.string();
  }

  Status append(std::string_view extension, ByteView bytes) {
    auto& file = files_[std::string(extension)];
    const std::string path = base_ + std::string(extension);
    if (!file) {
      file.reset(std::fopen(path.c_str(), "wb"));
      if (!file) return make_error(ErrorCode::io, path + ": cannot create (" + std::strerror(errno) + ")");
      paths_.push_back(path);
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
      return make_error(ErrorCode::io, path + ": write failed (" + std::strerror(errno) + ")");
    }
    return {};
  }

  // Flushes the export with this extension and opens it for reading.
  Result<std::unique_ptr<ByteSource>> open(std::string_view extension) {
    const auto it = files_.find(std::string(extension));
    if (it == files_.end() || !it->second) {
      return make_error(ErrorCode::not_found, base_ + std::string(extension) + ": not written");
    }
    if (std::fflush(it->second.get()) != 0) {
      return make_error(ErrorCode::io, base_ + std::string(extension) + ": write failed (" + std::strerror(errno) + ")");
    }
    return open_file_source(base_ + std::string(extension));
  }

  // Closes every file; an error naming the first that failed.
  Status close() {
    Status status;
    for (auto& [extension, file] : files_) {
      if (file && std::fclose(file.release()) != 0 && status.ok()) {
        status = make_error(ErrorCode::io, base_ + extension + ": write failed (" + std::strerror(errno) + ")");
      }
    }
    return status;
  }

  const std::vector<std::string>& paths() const { return paths_; }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string base_;
  std::map<std::string, std::unique_ptr<std::FILE, Closer>> files_;
  std::vector<std::string> paths_;
};

int run_sample(Args args) {
  Request r;
  if (const auto problem = parse(args, r)) return usage_error(kSampleCommand, *problem);
  if (r.list) {
    for (const SampleEntry& entry : sample_catalog()) {
      std::cout << entry.name << std::string(entry.name.size() < 18 ? 18 - entry.name.size() : 1, ' ')
                << entry.description << "\n";
    }
    return kExitOk;
  }
  if (find_sample(r.name) == nullptr) {
    return usage_error(kSampleCommand, "unknown sample '" + r.name + "' (heteroscope sample --list)");
  }
  FilesystemStore store(r.output);
  auto existing = store.size("zarr.json");
  if (!existing) return report(existing.error());
  if (existing->has_value() && !r.force) {
    return report(make_error(ErrorCode::invalid_argument,
                             r.output + ": a Zarr store is already there (use --force to replace it)"));
  }
  ExportFiles exports(r.output);
  SampleOptions options;
  options.size = r.size;
  options.seed = r.seed;
  options.append_export = [&](std::string_view extension, ByteView bytes) { return exports.append(extension, bytes); };
  options.open_export = [&](std::string_view extension) { return exports.open(extension); };
  options.temp_dir = parent_directory(r.output);
  ProgressBar bar("writing " + r.name, 0);
  options.progress = [&](double f) { bar.update(f); };
  auto result = write_sample(r.name, store, options);
  const Status closed = exports.close();
  if (!result) return report(result.error());
  if (!closed) return report(closed.error());
  std::cout << r.output << ": " << r.name << " (" << sample_size_name(r.size) << ", seed " << r.seed << ")\n";
  for (const std::string& line : result->lines) std::cout << "  " << line << "\n";
  for (const std::string& path : exports.paths()) std::cout << "  wrote " << path << "\n";
  return kExitOk;
}

}  // namespace

const Command kSampleCommand = {"sample", "write a deterministic synthetic dataset with its ground truth", kUsage,
                                run_sample};

}  // namespace hs::cli
