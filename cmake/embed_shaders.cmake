# hs_embed_shaders(TARGET files...): compiles GLSL sources into the target as string constants,
# declared in the generated header "shaders/embedded.h" as hs::shaders::<file_stem>.
function(hs_embed_shaders target)
  set(out_dir ${CMAKE_BINARY_DIR}/generated/shaders)
  set(header ${out_dir}/embedded.h)
  set(source ${out_dir}/embedded.cpp)
  string(REPLACE ";" "|" inputs "${ARGN}")  # a ';' would split the command line
  add_custom_command(
    OUTPUT ${header} ${source}
    COMMAND ${CMAKE_COMMAND} -D "OUT_HEADER=${header}" -D "OUT_SOURCE=${source}"
            -D "INPUTS=${inputs}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders_run.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders_run.cmake
    COMMENT "Embedding shaders"
    VERBATIM)
  target_sources(${target} PRIVATE ${source} ${header})
  target_include_directories(${target} PUBLIC ${CMAKE_BINARY_DIR}/generated)
endfunction()
