# Script mode (cmake -P), run after a doctest executable is linked: writes CTEST_FILE with one
# add_test per test case the executable lists. See EinblickDoctest.cmake for why.
#
# Inputs: TEST_EXECUTABLE, TEST_AREA, TEST_WORKING_DIR, CTEST_FILE; TEST_TIMEOUT (seconds, may
# be empty); TEST_FIXTURES_REQUIRED (a CTest fixture every entry needs, may be empty);
# TEST_LABEL (the entries' label, may be empty); TEST_ENVIRONMENT (one NAME=value more in each
# entry's environment, may be empty); TEST_EXCLUDE_SUITE (a doctest test suite whose cases are
# neither listed nor run, may be empty).
#
# No CMake lists are used for the names: a list splits at ';' and treats '[' and ']' as
# brackets, and both occur in test names.

cmake_minimum_required(VERSION 3.25)

# Given to the listing and to every entry's run alike.
set(suite_exclusion "")
if(NOT TEST_EXCLUDE_SUITE STREQUAL "")
    set(suite_exclusion "--test-suite-exclude=${TEST_EXCLUDE_SUITE}")
endif()

execute_process(
    COMMAND "${TEST_EXECUTABLE}" --list-test-cases --no-version=true ${suite_exclusion}
    OUTPUT_VARIABLE listing
    ERROR_VARIABLE errors
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TEST_EXECUTABLE} --list-test-cases failed (${status}):\n${errors}")
endif()

# A filter for exactly this name: doctest splits --test-case at ',' and takes '\' as the escape.
function(doctest_filter_for name out)
    string(REPLACE "\\" "\\\\" name "${name}")
    string(REPLACE "," "\\," name "${name}")
    set(${out} "${name}" PARENT_SCOPE)
endfunction()

# CMake bracket argument holding `text` literally.
function(bracket_quoted text out)
    if(text MATCHES "]==]")
        message(FATAL_ERROR "A test name may not contain ']==]': ${text}")
    endif()
    set(${out} "[==[${text}]==]" PARENT_SCOPE)
endfunction()

set(timeout "")
if(NOT TEST_TIMEOUT STREQUAL "")
    set(timeout " TIMEOUT ${TEST_TIMEOUT}")
endif()
# The area as a label too, so that `ctest -L <area>` selects an area's cases with its fixtures.
set(labels "")
if(NOT TEST_LABEL STREQUAL "")
    set(labels " LABELS ${TEST_LABEL}")
endif()
set(environment "EINBLICK_DOCTEST_EXPECT_CASES=1")
if(NOT TEST_ENVIRONMENT STREQUAL "")
    string(APPEND environment ";${TEST_ENVIRONMENT}")
endif()
set(fixtures "")
if(NOT TEST_FIXTURES_REQUIRED STREQUAL "")
    set(fixtures " FIXTURES_REQUIRED ${TEST_FIXTURES_REQUIRED}")
endif()
set(separator "===============================================================================")
set(script "")
set(count 0)
set(names_seen "\n")
set(rest "${listing}")
while(NOT rest STREQUAL "")
    string(FIND "${rest}" "\n" end)
    if(end EQUAL -1)
        set(line "${rest}")
        set(rest "")
    else()
        string(SUBSTRING "${rest}" 0 ${end} line)
        math(EXPR next "${end} + 1")
        string(SUBSTRING "${rest}" ${next} -1 rest)
    endif()
    string(REPLACE "\r" "" line "${line}")
    if(line STREQUAL "" OR line STREQUAL separator OR line MATCHES "^\\[doctest\\] ")
        continue()
    endif()
    string(FIND "${names_seen}" "\n${line}\n" seen)
    if(NOT seen EQUAL -1)
        message(FATAL_ERROR "${TEST_EXECUTABLE}: two test cases are named \"${line}\"; "
                            "CTest needs one name per case")
    endif()
    string(APPEND names_seen "${line}\n")

    doctest_filter_for("${line}" filter)
    bracket_quoted("${TEST_AREA}: ${line}" test_name)
    bracket_quoted("--test-case=${filter}" filter_argument)
    bracket_quoted("${TEST_EXECUTABLE}" executable)
    bracket_quoted("${TEST_WORKING_DIR}" working_dir)
    bracket_quoted("${environment}" environment_argument)
    set(exclusion_argument "")
    if(NOT suite_exclusion STREQUAL "")
        bracket_quoted("${suite_exclusion}" exclusion_argument)
        string(PREPEND exclusion_argument " ")
    endif()
    string(APPEND script
        "add_test(${test_name} ${executable}${exclusion_argument} ${filter_argument})\n"
        "set_tests_properties(${test_name} PROPERTIES WORKING_DIRECTORY ${working_dir} "
        "ENVIRONMENT ${environment_argument}${labels}${timeout}${fixtures})\n")
    math(EXPR count "${count} + 1")
endwhile()

if(count EQUAL 0)
    message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test cases")
endif()
file(WRITE "${CTEST_FILE}" "${script}")
