// The file-system store: the shared store contract on a fresh temporary folder, key validation,
// missing files and folders, atomic replacement without leftovers.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/filesystem_store.h"
#include "store_test_util.h"

namespace hs {
namespace {

// A fresh folder under /tmp, removed (with what the test wrote) at scope exit.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = "/tmp/hs_fs_store_XXXXXX";
    const char* made = ::mkdtemp(pattern.data());
    REQUIRE(made != nullptr);
    path = made;
  }
  ~TempFolder() { remove_tree(path); }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  std::vector<std::string> entries(const std::string& folder) const {
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(folder.c_str())) {
      while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(name);
      }
      ::closedir(dir);
    }
    return names;
  }

  std::string path;

 private:
  void remove_tree(const std::string& folder) const {
    for (const std::string& name : entries(folder)) {
      const std::string child = folder + "/" + name;
      struct stat info {};
      if (::lstat(child.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        remove_tree(child);
      } else {
        ::unlink(child.c_str());
      }
    }
    ::rmdir(folder.c_str());
  }
};

}  // namespace

TEST_CASE("file-system store keeps the store contract", "[store][filesystem_store]") {
  TempFolder folder;
  FilesystemStore store(folder.path + "/root/");
  test::check_store_contract(store);
  CHECK(store.describe("a/zarr.json") == folder.path + "/root/a/zarr.json");
  // Only the values remain: no temporary files next to them.
  std::vector<std::string> names = folder.entries(folder.path + "/root/contract");
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"a", "empty"});
  CHECK(folder.entries(folder.path + "/root/contract/a/b").empty());
}

TEST_CASE("file-system store rejects keys that leave the root", "[store][filesystem_store]") {
  TempFolder folder;
  FilesystemStore store(folder.path);
  for (const char* key : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/.", "a/"}) {
    INFO(key);
    Result<std::optional<Bytes>> got = store.get(key);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == ErrorCode::invalid_argument);
    CHECK(store.set(key, Bytes{1}).error().code == ErrorCode::invalid_argument);
    CHECK_FALSE(store.size(key).ok());
    CHECK_FALSE(store.erase(key).ok());
  }
  CHECK(folder.entries(folder.path).empty());
}

TEST_CASE("file-system store reads files written by others, folders as missing",
          "[store][filesystem_store]") {
  TempFolder folder;
  const std::string file = folder.path + "/chunk";
  std::FILE* out = std::fopen(file.c_str(), "wb");
  REQUIRE(out != nullptr);
  std::fputs("abcdef", out);
  std::fclose(out);
  REQUIRE(::mkdir((folder.path + "/group").c_str(), 0777) == 0);
  FilesystemStore store(folder.path);
  CHECK(test::bytes_text(store.get("chunk")->value()) == "abcdef");
  CHECK_FALSE(store.get("group")->has_value());
  CHECK_FALSE(store.size("group")->has_value());
  CHECK_FALSE(store.get("chunk/inside")->has_value());  // a file used as a folder: missing
}

}  // namespace hs
