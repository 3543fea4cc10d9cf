# Registers every doctest case of a test executable as exactly one CTest entry.
#
# doctest's own doctest_discover_tests (2.4.9) keeps the list of names in a CMake list, so a
# name with ';' became two entries whose filters matched nothing, and doctest exits 0 when it
# runs nothing: CTest showed tests that never ran as passed. Here the names are read line by
# line without CMake lists, each entry's filter escapes doctest's separators, and each entry
# tells the test's main (tests/support/doctest_main.cpp) how many cases it must run (one):
# an entry whose filter matches none or several fails.
#
#   einblick_discover_tests(<target> AREA <name> [TIMEOUT <seconds>] [FIXTURES_REQUIRED <fixture>]
#                           [LABEL <label>] [ENVIRONMENT <NAME=value>]
#                           [EXCLUDE_SUITE <doctest test suite>])
#       (entries are named "<name>: <test case>"; TIMEOUT sets each entry's CTest TIMEOUT;
#       FIXTURES_REQUIRED makes every entry need that CTest fixture, such as a database server;
#       LABEL replaces the area as the entries' label; ENVIRONMENT adds a variable to each
#       entry's environment; EXCLUDE_SUITE registers only the cases outside that doctest test
#       suite and passes the exclusion to every run, so that the same executable can be
#       registered a second time, under another AREA, for another configuration)

set(_einblick_doctest_script "${CMAKE_CURRENT_LIST_DIR}/EinblickDoctestAddTests.cmake")

function(einblick_discover_tests target)
    cmake_parse_arguments(PARSE_ARGV 1 arg ""
        "AREA;TIMEOUT;FIXTURES_REQUIRED;LABEL;ENVIRONMENT;EXCLUDE_SUITE" "")
    set(ctest_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_ctest.cmake")
    if(DEFINED arg_EXCLUDE_SUITE)
        # A second registration of the target writes a file of its own.
        string(MAKE_C_IDENTIFIER "${arg_AREA}" area_identifier)
        set(ctest_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_${area_identifier}_ctest.cmake")
    endif()
    if(NOT DEFINED arg_LABEL)
        set(arg_LABEL "${arg_AREA}")
    endif()
    # Discovery runs the freshly linked executable, so it belongs to the build, not the
    # configure step; the file CTest includes is written after every link.
    add_custom_command(TARGET ${target} POST_BUILD
        BYPRODUCTS "${ctest_file}"
        COMMAND "${CMAKE_COMMAND}"
            "-DTEST_EXECUTABLE=$<TARGET_FILE:${target}>"
            "-DTEST_AREA=${arg_AREA}"
            "-DTEST_TIMEOUT=${arg_TIMEOUT}"
            "-DTEST_FIXTURES_REQUIRED=${arg_FIXTURES_REQUIRED}"
            "-DTEST_LABEL=${arg_LABEL}"
            "-DTEST_ENVIRONMENT=${arg_ENVIRONMENT}"
            "-DTEST_EXCLUDE_SUITE=${arg_EXCLUDE_SUITE}"
            "-DTEST_WORKING_DIR=${CMAKE_CURRENT_BINARY_DIR}"
            "-DCTEST_FILE=${ctest_file}"
            -P "${_einblick_doctest_script}"
        VERBATIM)
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${ctest_file}")
    # For the check that compares each executable's own count with its CTest entries; a
    # registration that leaves a suite out is counted apart, as "<executable>#<suite>".
    set(counted "$<TARGET_FILE:${target}>")
    if(DEFINED arg_EXCLUDE_SUITE)
        string(APPEND counted "#${arg_EXCLUDE_SUITE}")
    endif()
    set_property(GLOBAL APPEND PROPERTY EINBLICK_DOCTEST_EXECUTABLES "${counted}")
endfunction()
