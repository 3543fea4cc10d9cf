#include "einblick/server/secret_key.hpp"
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

TEST_CASE("the checkpoint signing key names its own variable, option and file in messages") {
    CHECK_THROWS_WITH_AS(load_secret_key(checkpoint_key, {}),
                         doctest::Contains("no checkpoint signing key: set EINBLICK_CHECKPOINT_KEY "
                                           "or pass --checkpoint-key-file"),
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(load_secret_key(checkpoint_key, {"xyz", std::nullopt, false}),
                         doctest::Contains("EINBLICK_CHECKPOINT_KEY must hold"),
                         std::runtime_error);
    const TempDir dir;
    const std::filesystem::path path = dir.file("checkpoint.key");
    std::ofstream(path) << std::string(64, 'c') << "\n";
    ::chmod(path.c_str(), 0640);
    const std::string expected =
        "checkpoint signing key file '" + path.string() + "' is accessible to other users";
    CHECK_THROWS_WITH_AS(load_secret_key(checkpoint_key, {std::nullopt, path.string(), false}),
                         doctest::Contains(expected.c_str()), std::runtime_error);
}
