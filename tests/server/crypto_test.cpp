#include "einblick/server/crypto.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace einblick::server;

TEST_CASE("pseudonyms are stable per key and sector, and unlinkable across them") {
    const Pseudonymizer a(Bytes(32, 1), "sector-a");
    const Pseudonymizer same(Bytes(32, 1), "sector-a");
    const Pseudonymizer other_key(Bytes(32, 2), "sector-a");
    const Pseudonymizer other_sector(Bytes(32, 1), "sector-b");
    const std::string id = "86095742719";
    CHECK(a.pseudonym(id) == same.pseudonym(id));
    CHECK(a.pseudonym(id).size() == 64);
    CHECK(a.pseudonym(id) != a.pseudonym("45678901237"));
    CHECK(a.pseudonym(id) != other_key.pseudonym(id));
    CHECK(a.pseudonym(id) != other_sector.pseudonym(id));
    CHECK(a.pseudonym(id).find(id) == std::string::npos);
}

TEST_CASE("the pseudonym is HMAC-SHA-256 of sector and identifier") {
    // Computed independently (Python hmac): HMAC-SHA256(key=32 bytes of 0x01,
    // "sector-a\x1f86095742719").
    const Pseudonymizer a(Bytes(32, 1), "sector-a");
    CHECK(a.pseudonym("86095742719") ==
          "e96b129e484b23879881905c963c3fbe89927911719561e351d31944368bb6ff");
}

TEST_CASE("a pseudonym key must have 32 bytes") {
    CHECK_THROWS_AS(Pseudonymizer(Bytes(16, 1), "s"), std::invalid_argument);
}

TEST_CASE("passwords verify against their Argon2id hash only") {
    const std::string hash = hash_password("geheim", einblick::testing::fast_hashing);
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(verify_password(hash, "geheim"));
    CHECK_FALSE(verify_password(hash, "Geheim"));
    CHECK_FALSE(verify_password("not a hash", "geheim"));
}

TEST_CASE("the default password hashing meets the OWASP floor") {
    const PasswordHashing defaults;
    CHECK(defaults.passes >= 2);
    CHECK(defaults.memory_bytes >= 19u * 1024 * 1024);
    CHECK(hash_password("x").find("m=19456,t=2") != std::string::npos);
}

TEST_CASE("random tokens are long, URL-safe and do not repeat") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string token = random_token(32);
        CHECK(token.size() == 43);
        CHECK(token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        CHECK(seen.insert(token).second);
    }
}

TEST_CASE("hex encoding round-trips and rejects junk") {
    const Bytes bytes{0x00, 0xab, 0xff};
    CHECK(to_hex(bytes) == "00abff");
    CHECK(from_hex("00abff") == bytes);
    CHECK(from_hex("00ABFF") == bytes);
    CHECK_FALSE(from_hex("0g").has_value());
    CHECK_FALSE(from_hex("abc").has_value());
    CHECK(to_hex(sha256("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA-256 gives the FIPS 180 answers, also over several blocks") {
    CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(to_hex(sha256(std::string(1000000, 'a'))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
