// doctest's main for every test executable, with one addition: a run may be told how many test
// cases it must run. doctest exits 0 when its filter matches nothing, so a CTest entry whose
// filter went wrong would pass having tested nothing; each entry registered by
// einblick_discover_tests (cmake/EinblickDoctest.cmake) sets EINBLICK_DOCTEST_EXPECT_CASES=1
// and fails here unless exactly one case ran.
#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <optional>
#include <string>

namespace {

// What the last test run reported; unset for --count, --list-test-cases and other queries.
std::optional<unsigned> cases_run;

// Only listens: the console reporter still writes the output.
struct RunCounter : doctest::IReporter {
    explicit RunCounter(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        cases_run = stats.numTestCasesPassingFilters;
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("einblick_run_counter", 1, RunCounter);

std::optional<unsigned long> expected_cases() {
    const char* value = std::getenv("EINBLICK_DOCTEST_EXPECT_CASES");
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::stoul(value);
}

} // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    const std::optional<unsigned long> expected = expected_cases();
    if (result == 0 && expected && cases_run && *cases_run != *expected) {
        std::fprintf(stderr,
                     "einblick: this run was to run %lu test case(s) but its filter matched %u; "
                     "a test that does not run cannot pass\n",
                     *expected, *cases_run);
        return 1;
    }
    return result;
}
