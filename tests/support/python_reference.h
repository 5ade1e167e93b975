// Runs a reference script of tests/ with Debian's Python (numpy, scipy, skimage, matplotlib) and
// hands back what it printed, plus a scratch folder for files shared with such a script. Native
// tests only (the wasm test runner cannot start processes).
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#ifndef HS_SOURCE_DIR
#error "HS_SOURCE_DIR (the source tree) must be defined for hs_core_tests"
#endif

namespace hs::test {

// Runs `/usr/bin/python3 <source tree>/<script> <arguments>` and returns its standard output.
// Fails the test (naming the command) when the script cannot run or exits non-zero. Arguments are
// passed through the shell as given: quote paths.
inline std::string run_python_reference(const std::string& script, const std::string& arguments = "") {
  const std::string command = "/usr/bin/python3 '" HS_SOURCE_DIR "/" + script + "' " + arguments;
  INFO(command << "   (needs Debian's python3-numpy, -scipy, -skimage, -matplotlib)");
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  REQUIRE(::pclose(pipe) == 0);
  return output;
}

// A fresh folder under /tmp, removed with everything in it at scope exit.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = "/tmp/hs_test_XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchFolder() { (void)std::system(("rm -rf '" + path + "'").c_str()); }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  std::string path;
};

}  // namespace hs::test
