// Catch2 entry point shared by the native and wasm test runners.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
