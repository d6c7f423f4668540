# bridgec_add_pipeline(<target> <pipeline.bdsl>
#                      [LINK <targets or libraries>...]
#                      [OPTIONS <bridgec flags>...])
#
# Adds the executable <target>: bridgec compiles <pipeline.bdsl> (relative to
# the current source directory) to an object (bridgec --emit=obj OPTIONS...),
# and the executable links that object with the LINK items (ordinary CMake
# library targets or library names holding the legacy functions), the bridge
# runtime and MPI::MPI_CXX. Editing the .bdsl, or installing another bridgec,
# rebuilds the object and relinks <target>; changing a LINK target relinks it.
# <target> is an ordinary executable target: set its properties, install it,
# add more sources with target_sources (e.g. the legacy code itself).
#
# Example:
#   find_package(bridgec REQUIRED)
#   add_library(legacy STATIC legacy.c)
#   target_link_libraries(legacy PRIVATE bridgec::legacy MPI::MPI_C)
#   bridgec_add_pipeline(app pipeline.bdsl LINK legacy OPTIONS -O3)

include_guard(GLOBAL)

function(bridgec_add_pipeline target source)
  cmake_parse_arguments(PARSE_ARGV 2 BRIDGEC "" "" "LINK;OPTIONS")
  if(BRIDGEC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "bridgec_add_pipeline(${target} ...): unexpected arguments "
      "'${BRIDGEC_UNPARSED_ARGUMENTS}' (expected LINK or OPTIONS)")
  endif()
  if(NOT BRIDGEC_EXECUTABLE)
    message(FATAL_ERROR "bridgec_add_pipeline: BRIDGEC_EXECUTABLE is not set "
                        "(use find_package(bridgec))")
  endif()

  get_filename_component(pipeline "${source}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${pipeline}")
    message(FATAL_ERROR "bridgec_add_pipeline(${target}): no such pipeline "
                        "'${pipeline}'")
  endif()
  get_filename_component(stem "${pipeline}" NAME_WE)
  set(object "${CMAKE_CURRENT_BINARY_DIR}/bridgec/${target}/${stem}.o")

  add_custom_command(
    OUTPUT "${object}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory
            "${CMAKE_CURRENT_BINARY_DIR}/bridgec/${target}"
    COMMAND "${BRIDGEC_EXECUTABLE}" "${pipeline}" --emit=obj
            ${BRIDGEC_OPTIONS} -o "${object}"
    DEPENDS "${pipeline}" "${BRIDGEC_EXECUTABLE}"
    COMMENT "bridgec: compiling ${source}"
    VERBATIM)
  set_source_files_properties("${object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)

  add_executable(${target} "${object}")
  # The runtime is C++; link with the C++ driver.
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_link_libraries(${target} PRIVATE
    ${BRIDGEC_LINK} bridgec::bridge_runtime MPI::MPI_CXX m)
endfunction()
