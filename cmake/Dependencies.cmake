# Header-only dependencies from Debian packages (nlohmann-json3-dev, doctest-dev).
# Under Emscripten, /usr/include must never reach the include path (it breaks the
# wasm sysroot), so we link just the library folders into a private include dir.
find_path(CES_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_path(CES_DOCTEST_DIR doctest/doctest.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH)

set(CES_DEPS_INCLUDE ${CMAKE_BINARY_DIR}/deps/include)
file(MAKE_DIRECTORY ${CES_DEPS_INCLUDE})
file(CREATE_LINK ${CES_NLOHMANN_DIR}/nlohmann ${CES_DEPS_INCLUDE}/nlohmann SYMBOLIC)
if(CES_DOCTEST_DIR)
  file(CREATE_LINK ${CES_DOCTEST_DIR}/doctest ${CES_DEPS_INCLUDE}/doctest SYMBOLIC)
endif()

add_library(ces_json INTERFACE)
target_include_directories(ces_json SYSTEM INTERFACE ${CES_DEPS_INCLUDE})
add_library(ces_doctest INTERFACE)
target_include_directories(ces_doctest SYSTEM INTERFACE ${CES_DEPS_INCLUDE})
