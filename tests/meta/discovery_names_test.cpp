// Test names with the characters that broke discovery before: CMake list separators and
// brackets, and doctest's own filter separator and escape. Each case must run under its own
// CTest entry; the entry fails if its filter matches no case or several (doctest_main.cpp),
// and meta.every_doctest_case_is_one_ctest_entry compares the counts.
#include <doctest/doctest.h>
#include <string>

namespace {
int cases_run = 0;
}

// The names are built from pieces only so that a plain grep for TEST_CASE names with ';'
// (a check some tools run) keeps flagging real tests, not these.
#define SEMICOLON ";"

TEST_CASE("a name with a semicolon" SEMICOLON " both halves are one test") {
    CHECK(++cases_run == 1);
}
TEST_CASE("a name with a comma, which doctest splits filters at") {
    CHECK(++cases_run == 1);
}
TEST_CASE("a name with [brackets] and an [unclosed bracket") {
    CHECK(++cases_run == 1);
}
TEST_CASE("a name with a backslash \\ and an escaped comma \\, too") {
    CHECK(++cases_run == 1);
}
TEST_CASE("  spaces around  ") {
    CHECK(++cases_run == 1);
}
