# ces_embed_file(<target> <symbol> <file>): compiles the bytes of <file> into <target>.
# C++ sees them as
#   extern const unsigned char <symbol>[];  extern const std::size_t <symbol>_size;
# Used for assets the page must have without a network request (the UI font).
set(CES_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedFileScript.cmake)

function(ces_embed_file target symbol file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${out} -DSYMBOL=${symbol} -P ${CES_EMBED_SCRIPT}
    DEPENDS ${file} ${CES_EMBED_SCRIPT}
    COMMENT "Embedding ${file} as ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
