# Script mode (cmake -P), run as a CTest test: every C++ file git tracks is formatted with the
# committed .clang-format. Formatting differs between clang-format releases, so the check uses
# Debian 12's clang-format 14 (installed by emsdk-setup.sh) and refuses another.
#
# Inputs: SOURCE_DIR, CLANG_FORMAT, GIT.

cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND "${CLANG_FORMAT}" --version OUTPUT_VARIABLE version)
if(NOT version MATCHES "clang-format version 14\\.")
    message(FATAL_ERROR "clang-format 14 is needed (Debian 12's), found: ${version}")
endif()

execute_process(
    COMMAND "${GIT}" ls-files -- "*.cpp" "*.hpp" "*.h"
    WORKING_DIRECTORY "${SOURCE_DIR}"
    OUTPUT_VARIABLE tracked
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "git ls-files failed in ${SOURCE_DIR}")
endif()
string(REPLACE "\n" ";" files "${tracked}")
list(FILTER files EXCLUDE REGEX "^$")
list(LENGTH files count)
if(count EQUAL 0)
    message(FATAL_ERROR "git lists no C++ files in ${SOURCE_DIR}")
endif()

execute_process(
    COMMAND "${CLANG_FORMAT}" --dry-run --Werror ${files}
    WORKING_DIRECTORY "${SOURCE_DIR}"
    ERROR_VARIABLE complaints
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    string(REGEX MATCHALL "[^\n]+: error: code should be clang-formatted" lines "${complaints}")
    set(unformatted "")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE ":[0-9]+:[0-9]+: error:.*" "" file "${line}")
        list(APPEND unformatted "${file}")
    endforeach()
    list(REMOVE_DUPLICATES unformatted)
    list(JOIN unformatted "\n  " unformatted)
    message(FATAL_ERROR "Not formatted (run clang-format -i on them):\n  ${unformatted}")
endif()
message(STATUS "${count} C++ files formatted")
