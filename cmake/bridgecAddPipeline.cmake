# bridgec_add_pipeline(<target> <pipeline.bdsl>
#                      [SOURCES <C, C++ or Fortran sources>...]
#                      [LINK <targets or libraries>...]
#                      [OPTIONS <bridgec flags>...])
#
# Adds the executable <target>: bridgec compiles <pipeline.bdsl> (relative to
# the current source directory) to an object (bridgec --emit=obj OPTIONS...),
# and the executable links that object with the SOURCES, the LINK items
# (ordinary CMake library targets or library names holding the legacy
# functions) and the bridge runtime (which brings MPI and the C++ standard
# library). SOURCES are compiled by the project's own compilers: C and C++
# with bridge/legacy.h on the include path, Fortran with the bridge_legacy
# module and MPI::MPI_Fortran. The program is linked by the C++ compiler when
# the project enables CXX, else by the C compiler, else by the Fortran one.
# Editing the .bdsl, or installing another bridgec, rebuilds the object and
# relinks <target>; changing a LINK target relinks it. <target> is an
# ordinary executable target: set its properties, install it, add more
# sources with target_sources.
#
# Example:
#   find_package(bridgec REQUIRED)
#   add_library(legacy STATIC legacy.c)
#   target_link_libraries(legacy PRIVATE bridgec::legacy)
#   bridgec_add_pipeline(app pipeline.bdsl LINK legacy OPTIONS -O3)
#   bridgec_add_pipeline(app2 pipeline2.bdsl SOURCES relax.f90)

include_guard(GLOBAL)

function(bridgec_add_pipeline target source)
  cmake_parse_arguments(PARSE_ARGV 2 BRIDGEC "" "" "SOURCES;LINK;OPTIONS")
  if(BRIDGEC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "bridgec_add_pipeline(${target} ...): unexpected arguments "
      "'${BRIDGEC_UNPARSED_ARGUMENTS}' (expected SOURCES, LINK or OPTIONS)")
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
  set(workdir "${CMAKE_CURRENT_BINARY_DIR}/bridgec/${target}")
  set(object "${workdir}/${stem}.o")

  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  set(fortran_sources "")
  foreach(file IN LISTS BRIDGEC_SOURCES)
    get_filename_component(extension "${file}" LAST_EXT)
    string(SUBSTRING "${extension}" 1 -1 extension)
    if(extension MATCHES "^([fF]|[fF]90|[fF]95|[fF]03|[fF]08|for|FOR|ftn)$")
      if(NOT "Fortran" IN_LIST languages)
        message(FATAL_ERROR "bridgec_add_pipeline(${target}): '${file}' is "
                            "Fortran, but the project does not enable Fortran")
      endif()
      list(APPEND fortran_sources "${file}")
    endif()
  endforeach()
  if(fortran_sources AND NOT TARGET bridgec::legacy_fortran)
    message(FATAL_ERROR "bridgec_add_pipeline(${target}): this bridgec was "
                        "built without the Fortran module bridge_legacy")
  endif()

  add_custom_command(
    OUTPUT "${object}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${workdir}"
    COMMAND "${BRIDGEC_EXECUTABLE}" "${pipeline}" --emit=obj
            ${BRIDGEC_OPTIONS} -o "${object}"
    DEPENDS "${pipeline}" "${BRIDGEC_EXECUTABLE}"
    COMMENT "bridgec: compiling ${source}"
    VERBATIM)
  set_source_files_properties("${object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)

  add_executable(${target} "${object}" ${BRIDGEC_SOURCES})
  # The object has no language of its own: link with the C++ driver when
  # there is one (the runtime is C++), otherwise the runtime brings the C++
  # libraries itself.
  if("CXX" IN_LIST languages)
    set(linker CXX)
  elseif("C" IN_LIST languages)
    set(linker C)
  else()
    set(linker Fortran)
  endif()
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE ${linker})
  target_link_libraries(${target} PRIVATE
    ${BRIDGEC_LINK} bridgec::legacy bridgec::bridge_runtime m)
  if(fortran_sources)
    set_target_properties(${target} PROPERTIES
      Fortran_MODULE_DIRECTORY "${workdir}/modules")
    target_link_libraries(${target} PRIVATE
      bridgec::legacy_fortran MPI::MPI_Fortran)
  endif()
endfunction()
