# Script mode (cmake -P), run as a CTest test: every doctest executable's own count of its test
# cases equals the number of CTest entries that run it. Catches a discovery that splits, drops
# or merges names, and an executable whose discovery registered nothing.
#
# Inputs: CTEST (ctest executable), BUILD_DIR, EXECUTABLES ('|'-separated paths; a path
# followed by "#<suite>" stands for a registration that leaves that doctest suite out, counted
# apart from the executable's full registration).

cmake_minimum_required(VERSION 3.25)

execute_process(
    COMMAND "${CTEST}" --show-only=json-v1
    WORKING_DIRECTORY "${BUILD_DIR}"
    OUTPUT_VARIABLE listing
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "ctest --show-only=json-v1 failed in ${BUILD_DIR}")
endif()

# CTest entries per executable, counting only entries registered by einblick_discover_tests.
string(JSON test_count LENGTH "${listing}" tests)
set(entries_by_executable "")
if(test_count GREATER 0)
    math(EXPR last "${test_count} - 1")
    foreach(i RANGE ${last})
        string(JSON command_length ERROR_VARIABLE no_command LENGTH "${listing}" tests ${i} command)
        if(no_command OR command_length EQUAL 0)
            continue()
        endif()
        string(JSON executable GET "${listing}" tests ${i} command 0)
        string(JSON properties GET "${listing}" tests ${i} properties)
        if(NOT properties MATCHES "EINBLICK_DOCTEST_EXPECT_CASES=1")
            continue()
        endif()
        if(command_length GREATER 2)
            string(JSON first_argument GET "${listing}" tests ${i} command 1)
            if(first_argument MATCHES "^--test-suite-exclude=(.*)$")
                string(APPEND executable "#${CMAKE_MATCH_1}")
            endif()
        endif()
        string(MAKE_C_IDENTIFIER "${executable}" key)
        if(NOT DEFINED entries_${key})
            set(entries_${key} 0)
        endif()
        math(EXPR entries_${key} "${entries_${key}} + 1")
    endforeach()
endif()

string(REPLACE "|" ";" executables "${EXECUTABLES}")
set(failures "")
set(total 0)
foreach(executable IN LISTS executables)
    set(suite_exclusion "")
    set(binary "${executable}")
    if(executable MATCHES "^(.*)#([^#]*)$")
        set(binary "${CMAKE_MATCH_1}")
        set(suite_exclusion "--test-suite-exclude=${CMAKE_MATCH_2}")
    endif()
    execute_process(
        COMMAND "${binary}" --count --no-version=true ${suite_exclusion}
        OUTPUT_VARIABLE counted
        RESULT_VARIABLE status)
    if(NOT status EQUAL 0 OR NOT counted MATCHES "passing the current filters: ([0-9]+)")
        string(APPEND failures "\n  ${executable} --count failed (${status}): ${counted}")
        continue()
    endif()
    set(own ${CMAKE_MATCH_1})
    string(MAKE_C_IDENTIFIER "${executable}" key)
    set(registered 0)
    if(DEFINED entries_${key})
        set(registered ${entries_${key}})
    endif()
    get_filename_component(name "${executable}" NAME)
    message(STATUS "${name}: ${own} test cases, ${registered} CTest entries")
    if(NOT own EQUAL registered)
        string(APPEND failures "\n  ${name}: ${own} test cases but ${registered} CTest entries")
    endif()
    math(EXPR total "${total} + ${own}")
endforeach()

if(NOT failures STREQUAL "")
    message(FATAL_ERROR "Test cases and CTest entries differ:${failures}")
endif()
message(STATUS "${total} doctest cases, each one CTest entry")
