#include "einblick/server/pseudonym_key.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace einblick::server;

using einblick::testing::TempDir;

TEST_CASE("the environment key wins and must be 64 hex digits") {
    const std::string hex(64, 'a');
    CHECK(load_pseudonym_key({hex, std::nullopt, false}) == Bytes(32, 0xaa));
    CHECK(load_pseudonym_key({" " + hex + "\n", std::nullopt, false}).size() == 32);
    CHECK_THROWS_WITH_AS(load_pseudonym_key({"abc", std::nullopt, false}),
                         doctest::Contains("64 hexadecimal digits"), std::runtime_error);
}

TEST_CASE("without any key source the server refuses to start") {
    CHECK_THROWS_WITH_AS(load_pseudonym_key({}), doctest::Contains("no pseudonym key"),
                         std::runtime_error);
}

TEST_CASE("demo mode creates a private key file once and then reuses it") {
    const TempDir dir;
    const std::filesystem::path path = dir.file("einblick-key-test.key");
    const Bytes first = load_pseudonym_key({std::nullopt, path.string(), true});
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(load_pseudonym_key({std::nullopt, path.string(), true}) == first);
    CHECK(load_pseudonym_key({std::nullopt, path.string(), false}) == first);
}

TEST_CASE("a key file others can read is refused") {
    const TempDir dir;
    const std::filesystem::path path = dir.file("einblick-key-open.key");
    std::ofstream(path) << std::string(64, 'b') << "\n";
    ::chmod(path.c_str(), 0644);
    CHECK_THROWS_WITH_AS(load_pseudonym_key({std::nullopt, path.string(), false}),
                         doctest::Contains("chmod 600"), std::runtime_error);
}

TEST_CASE("a missing key file outside demo mode is an error, not a new key") {
    const TempDir dir;
    const std::filesystem::path path = dir.file("einblick-key-missing.key");
    CHECK_THROWS_AS(load_pseudonym_key({std::nullopt, path.string(), false}), std::runtime_error);
    CHECK_FALSE(std::filesystem::exists(path));
}
