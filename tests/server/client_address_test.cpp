// Whose address a request comes from (einblick/server/client_address.hpp): X-Forwarded-For
// counts only as far as trusted proxies wrote it.

#include "einblick/server/client_address.hpp"

#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <vector>

using namespace einblick::server;

namespace {

// nginx at 10.0.0.5 in front, an inner proxy at 10.1.2.3, and a IPv6 proxy network.
const TrustedProxies proxies({"10.0.0.5", "10.1.0.0/16", "2001:db8:f::/48"});

std::string from(const std::string& peer, const std::vector<std::string>& forwarded_for) {
    return client_address(peer, forwarded_for, proxies);
}

} // namespace

TEST_CASE("client address: without a trusted peer, X-Forwarded-For is ignored") {
    CHECK(from("198.51.100.7", {}) == "198.51.100.7");
    // A client talking to Einblick directly cannot name another address, nor a proxy's.
    CHECK(from("198.51.100.7", {"192.0.2.1"}) == "198.51.100.7");
    CHECK(from("198.51.100.7", {"10.0.0.5"}) == "198.51.100.7");
    CHECK(from("198.51.100.7", {"192.0.2.1, 10.0.0.5"}) == "198.51.100.7");
    // And without any trusted proxy, never.
    CHECK(client_address("10.0.0.5", {"192.0.2.1"}, TrustedProxies()) == "10.0.0.5");
}

TEST_CASE("client address: behind trusted proxies, the right-most untrusted address") {
    CHECK(from("10.0.0.5", {"192.0.2.1"}) == "192.0.2.1");
    CHECK(from("10.0.0.5", {}) == "10.0.0.5"); // the proxy's own request
    // A chain: client, inner proxy (appended by nginx).
    CHECK(from("10.0.0.5", {"192.0.2.1, 10.1.2.3"}) == "192.0.2.1");
    // Several fields are one list, in order.
    CHECK(from("10.0.0.5", {"192.0.2.1", "10.1.2.3"}) == "192.0.2.1");
    CHECK(from("10.0.0.5", {"192.0.2.1 ,\t10.1.2.3 "}) == "192.0.2.1");
    // Only trusted hops: the left-most of them.
    CHECK(from("10.0.0.5", {"10.1.9.9, 10.1.2.3"}) == "10.1.9.9");
}

TEST_CASE("client address: what a client writes itself is not believed") {
    // The client sent "X-Forwarded-For: 203.0.113.9" itself; nginx appended its real address.
    CHECK(from("10.0.0.5", {"203.0.113.9, 192.0.2.1"}) == "192.0.2.1");
    // Forging a trusted proxy on the left does not help: the walk stops at the client.
    CHECK(from("10.0.0.5", {"10.1.2.3, 192.0.2.1"}) == "192.0.2.1");
    CHECK(from("10.0.0.5", {"10.0.0.5, 10.1.2.3, 192.0.2.1, 10.1.2.3"}) == "192.0.2.1");
    // Garbage on the left of the client's real address is never reached.
    CHECK(from("10.0.0.5", {"<script>, 192.0.2.1"}) == "192.0.2.1");
}

TEST_CASE("client address: garbage ends the walk at the last trusted hop") {
    for (const char* garbage : {"unknown", "", "1.2.3", "999.1.1.1", "192.0.2.1/24", "fe80::1%eth0",
                                "01.2.3.4", "[2001:db8::1]:", "192.0.2.1:", "[2001:db8::1",
                                "[192.0.2.1]x", "example.org", "_hidden", "::g"}) {
        CAPTURE(std::string(garbage));
        CHECK(from("10.0.0.5", {garbage}) == "10.0.0.5");
        CHECK(from("10.0.0.5", {std::string("192.0.2.1, ") + garbage}) == "10.0.0.5");
        CHECK(from("10.0.0.5", {std::string(garbage) + ", 10.1.2.3"}) == "10.1.2.3");
    }
    CHECK(from("10.0.0.5", {"192.0.2.1,"}) == "10.0.0.5"); // an empty last entry
}

TEST_CASE("client address: IPv6, ports and canonical text") {
    CHECK(from("2001:db8:f::1", {"2001:DB8:0:0::7"}) == "2001:db8::7");
    CHECK(from("2001:db8:f::1", {"[2001:db8::7]:4711"}) == "2001:db8::7");
    CHECK(from("2001:db8:f:ffff::1", {"192.0.2.1:4711"}) == "192.0.2.1");
    CHECK(from("10.0.0.5", {"[2001:db8::7]"}) == "2001:db8::7");
    // Not in the trusted /48.
    CHECK(from("2001:db8:e::1", {"192.0.2.1"}) == "2001:db8:e::1");
    // A dual-stack socket reports IPv4 peers as mapped addresses: the same address.
    CHECK(from("::ffff:10.0.0.5", {"192.0.2.1"}) == "192.0.2.1");
    CHECK(from("10.0.0.5", {"::ffff:192.0.2.1"}) == "192.0.2.1");
    CHECK(from("::ffff:198.51.100.7", {"192.0.2.1"}) == "198.51.100.7");
    // A peer that is no address at all is passed on as it is.
    CHECK(from("", {"192.0.2.1"}).empty());
}

TEST_CASE("client address: trusted networks are CIDR, IPv4 and IPv6") {
    const IpNetwork v4 = IpNetwork::parse("192.168.0.0/16");
    CHECK(v4.contains(*IpAddress::parse("192.168.255.1")));
    CHECK_FALSE(v4.contains(*IpAddress::parse("192.169.0.1")));
    CHECK(v4.contains(*IpAddress::parse("::ffff:192.168.1.1")));
    CHECK_FALSE(v4.contains(*IpAddress::parse("::192.168.1.1")));
    const IpNetwork odd = IpNetwork::parse("10.0.0.0/9");
    CHECK(odd.contains(*IpAddress::parse("10.127.255.255")));
    CHECK_FALSE(odd.contains(*IpAddress::parse("10.128.0.0")));
    const IpNetwork v6 = IpNetwork::parse("fd00::/8");
    CHECK(v6.contains(*IpAddress::parse("fdff::1")));
    CHECK_FALSE(v6.contains(*IpAddress::parse("fe00::1")));
    CHECK(IpNetwork::parse("0.0.0.0/0").contains(*IpAddress::parse("203.0.113.1")));
    CHECK_FALSE(IpNetwork::parse("0.0.0.0/0").contains(*IpAddress::parse("2001:db8::1")));
    CHECK(IpNetwork::parse("::/0").contains(*IpAddress::parse("203.0.113.1")));
    CHECK(IpNetwork::parse("::1").contains(*IpAddress::parse("::1")));
    CHECK_FALSE(IpNetwork::parse("::1").contains(*IpAddress::parse("::2")));
    CHECK(IpNetwork::parse("127.0.0.1").contains(*IpAddress::parse("127.0.0.1")));

    for (const char* bad :
         {"", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "/8", "::/129",
          "10.0.0.1/8", "2001:db8::1/32", "proxy.local", "10.0.0.0/ 8", " 10.0.0.0/8"}) {
        CAPTURE(std::string(bad));
        CHECK_THROWS_AS(IpNetwork::parse(bad), std::invalid_argument);
    }
    CHECK_THROWS_WITH_AS(TrustedProxies({"10.0.0.0/8", "10.0.0.1/8"}),
                         doctest::Contains("10.0.0.1/8"), std::invalid_argument);
}
