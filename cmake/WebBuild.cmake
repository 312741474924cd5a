# Browser build (em++ under emcmake): settings every wasm object shares, and the
# dependencies only the web target needs. Included from the top level, before
# src/engine, so the engine is compiled with the same exception model as the
# boundary that catches its exceptions.

# Native wasm exceptions: the JS boundary catches std::bad_alloc, so the page survives
# running out of memory. Objects must agree on the model, hence global flags.
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)

# Wasm SIMD (Chromium 91+): the CSV tokenizer finds delimiters 16 bytes at a time.
add_compile_options(-msimd128)

# Debian's emcc runs its JS tools with a node that cannot see Debian's acorn; links at
# -O1 and above fail without this (TOOLCHAIN.md pitfall 1).
set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)

include(${CMAKE_CURRENT_LIST_DIR}/ImGui.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/EmbedFile.cmake)

# Build-time helper scripts (web/tools) run with the same node emcc uses.
find_program(CES_NODE NAMES node nodejs REQUIRED)
