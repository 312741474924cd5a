# Run by ces_embed_file() at build time: writes OUTPUT, a C++ file holding INPUT's bytes as
#   extern const unsigned char SYMBOL[];  extern const std::size_t SYMBOL_size;
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPEAT "0x..," 24 line_of_bytes)          # CMake regexes have no {n} quantifier
string(REGEX REPLACE "(${line_of_bytes})" "\\1\n" bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${name} by cmake/EmbedFileScript.cmake; do not edit.\n"
  "#include <cstddef>\n"
  "extern const unsigned char ${SYMBOL}[] = {\n${bytes}\n0x00 // terminator, not counted: keeps an empty file legal C++\n};\n"
  "extern const std::size_t ${SYMBOL}_size = ${size};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
