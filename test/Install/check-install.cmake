# Installs the fuser build into a scratch prefix, then configures, builds and
# runs examples/consumer against it through find_package(FuserDialect): the
# proof that the installed headers, libraries and package config are usable
# from outside the tree. Run by ctest (test `install-consumer`):
#
#   cmake -DFUSER_BINARY_DIR=<build> -DFUSER_SOURCE_DIR=<src> -DWORK_DIR=<dir>
#         -DCXX_COMPILER=<c++> [-DGENERATOR=<gen> -DMAKE_PROGRAM=<prog>
#         -DBINDIR=bin -DLIBDIR=lib -DINCLUDEDIR=include]
#         -P check-install.cmake
cmake_minimum_required(VERSION 3.20)

foreach(var FUSER_BINARY_DIR FUSER_SOURCE_DIR WORK_DIR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check-install.cmake: -D${var}=... is required")
  endif()
endforeach()

# The project's CMAKE_INSTALL_{BIN,LIB,INCLUDE}DIR.
foreach(dir BINDIR LIBDIR INCLUDEDIR)
  string(TOLOWER ${dir} default)
  string(REPLACE "dir" "" default ${default})
  if(NOT ${dir})
    set(${dir} ${default})
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Runs a command, echoing it; stops the script with its output on failure.
function(run_step what)
  message(STATUS "${what}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
    ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
  endif()
endfunction()

run_step("install" ${CMAKE_COMMAND} --install ${FUSER_BINARY_DIR}
  --prefix ${prefix})

foreach(file
    ${LIBDIR}/cmake/FuserDialect/FuserDialectConfig.cmake
    ${LIBDIR}/cmake/FuserDialect/FuserDialectTargets.cmake
    ${INCLUDEDIR}/FuserDialect/InitAll.h
    ${INCLUDEDIR}/FuserDialect/Support/DType.h
    ${INCLUDEDIR}/FuserDialect/Dialect/Fuser/IR/FuserOps.h.inc
    ${INCLUDEDIR}/FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc
    ${BINDIR}/fuser-opt)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${prefix}/${file}")
  endif()
endforeach()

# The installed tool must find libMLIR/libLLVM through its RPATH.
execute_process(COMMAND ${prefix}/${BINDIR}/fuser-opt --version
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed fuser-opt does not run (${rc}):\n${out}")
endif()

set(configure_args -S ${FUSER_SOURCE_DIR}/examples/consumer
  -B ${consumer_build} -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
if(GENERATOR)
  list(APPEND configure_args -G ${GENERATOR})
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
# No MLIR_DIR: the package config must find MLIR by itself.
run_step("configure consumer" ${CMAKE_COMMAND} ${configure_args})
run_step("build consumer" ${CMAKE_COMMAND} --build ${consumer_build})

set(exe ${consumer_build}/fuser-consumer)
message(STATUS "run consumer: ${exe}")
execute_process(COMMAND ${exe} RESULT_VARIABLE rc OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuser-consumer failed (${rc}):\n${out}${err}")
endif()
message(STATUS "fuser-consumer output:\n${out}")

# The group, specialised to f16 by fuser-refine-types, with neg(neg(x))
# folded by the canonicalizer.
foreach(expected
    "fuser.group @consumer_demo(%arg0: tensor<?x?xf16>, %arg1: tensor<?xf16>) -> tensor<?x?xf16>"
    "fuser.sigmoid %arg0 : (tensor<?x?xf16>) -> tensor<?x?xf16>"
    "fuser.yield")
  string(FIND "${out}" "${expected}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "fuser-consumer output lacks '${expected}'")
  endif()
endforeach()
string(FIND "${out}" "fuser.neg" pos)
if(NOT pos EQUAL -1)
  message(FATAL_ERROR "fuser-consumer output still has fuser.neg")
endif()
message(STATUS "install + find_package consumer: OK")
