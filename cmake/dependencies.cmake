# Third-party dependencies as imported targets, the same names in both builds:
#   hs::zstd, hs::eigen, hs::catch2, and (wasm only) hs::imgui; natively also hs::native_io
#   (zlib, HDF5, libcurl), used only by *_native.cpp files.
# Native builds use Debian's packages; the wasm build compiles the sources that scripts/setup
# unpacked into third_party/ and reuses Debian's header-only libraries.

if(EMSCRIPTEN)
  # zstd from source (Emscripten cannot link Debian's x86 libzstd).
  set(ZSTD_DIR ${HS_THIRD_PARTY}/zstd/lib)
  if(NOT EXISTS ${ZSTD_DIR}/zstd.h)
    message(FATAL_ERROR "zstd sources missing in ${ZSTD_DIR}: run scripts/setup")
  endif()
  file(GLOB ZSTD_SOURCES ${ZSTD_DIR}/common/*.c ${ZSTD_DIR}/compress/*.c ${ZSTD_DIR}/decompress/*.c)
  add_library(hs_zstd STATIC ${ZSTD_SOURCES})
  target_include_directories(hs_zstd SYSTEM PUBLIC ${ZSTD_DIR})
  target_compile_definitions(hs_zstd PRIVATE ZSTD_DISABLE_ASM ZSTD_LEGACY_SUPPORT=0)  # single-threaded
  target_compile_options(hs_zstd PRIVATE -O3)
  add_library(hs::zstd ALIAS hs_zstd)

  # Header-only libraries: expose only their own folders, never /usr/include as a whole.
  set(HS_SHIM_INCLUDE ${CMAKE_BINARY_DIR}/shim-include)
  file(MAKE_DIRECTORY ${HS_SHIM_INCLUDE})
  file(CREATE_LINK /usr/include/catch2 ${HS_SHIM_INCLUDE}/catch2 SYMBOLIC)
  add_library(hs_catch2 INTERFACE)
  target_include_directories(hs_catch2 SYSTEM INTERFACE ${HS_SHIM_INCLUDE})
  add_library(hs::catch2 ALIAS hs_catch2)
  include(/usr/lib/cmake/Catch2/Catch.cmake)

  add_library(hs_eigen INTERFACE)
  target_include_directories(hs_eigen SYSTEM INTERFACE /usr/include/eigen3)
  add_library(hs::eigen ALIAS hs_eigen)

  # Dear ImGui with the GLFW (Emscripten's built-in) platform backend; the renderer is our own
  # (viewer/render/ui_pass: it never reads GL state back, which stalls on a busy GPU).
  set(IMGUI_DIR ${HS_THIRD_PARTY}/imgui)
  if(NOT EXISTS ${IMGUI_DIR}/imgui.h)
    message(FATAL_ERROR "Dear ImGui sources missing in ${IMGUI_DIR}: run scripts/setup")
  endif()
  add_library(hs_imgui STATIC
    ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
    ${IMGUI_DIR}/imgui_widgets.cpp
    ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp)
  target_include_directories(hs_imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
  target_compile_definitions(hs_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS)
  target_link_options(hs_imgui PUBLIC -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
  add_library(hs::imgui ALIAS hs_imgui)
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  add_library(hs::zstd ALIAS PkgConfig::ZSTD)

  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
  add_library(hs::eigen ALIAS Eigen3::Eigen)

  pkg_check_modules(NATIVE_IO REQUIRED IMPORTED_TARGET zlib hdf5 libcurl)
  add_library(hs::native_io ALIAS PkgConfig::NATIVE_IO)

  find_package(Catch2 2 REQUIRED)
  add_library(hs::catch2 ALIAS Catch2::Catch2)
  include(Catch)
endif()
