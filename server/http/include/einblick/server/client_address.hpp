#pragma once
// Whose address a request comes from. Behind a reverse proxy every request arrives from the
// proxy; the proxy names the client in X-Forwarded-For. That header is anyone's to write, so it
// counts only when the request comes from a proxy the operator trusts (--trusted-proxy), and
// then only the part the trusted proxies wrote: the right-most address that is not itself a
// trusted proxy. Used for the per-address login throttle (and the request log).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server {

// An IPv4 or IPv6 address. IPv4 is kept as an IPv4-mapped IPv6 address (::ffff:a.b.c.d), so
// that "192.0.2.1" and "::ffff:192.0.2.1" (how a dual-stack socket reports it) are one address.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};

    // A bare address ("192.0.2.1", "2001:db8::1"); nothing for anything else.
    static std::optional<IpAddress> parse(std::string_view text);
    bool is_v4() const;
    // "192.0.2.1" for IPv4, RFC 5952 text ("2001:db8::1") for IPv6.
    std::string to_string() const;
    bool operator==(const IpAddress&) const = default;
};

// A range of addresses in CIDR notation.
struct IpNetwork {
    IpAddress base;
    int prefix = 128; // in IPv6 bits: an IPv4 /24 is 96 + 24

    // "10.0.0.0/8", "2001:db8::/32"; a bare address is a network of one. Throws
    // std::invalid_argument with a readable reason (also for host bits set past the prefix:
    // "10.0.0.1/8" names no network, 10.0.0.0/8 does).
    static IpNetwork parse(std::string_view text);
    bool contains(const IpAddress& address) const;
};

class TrustedProxies {
public:
    TrustedProxies() = default;
    // Each entry as IpNetwork::parse takes it; throws std::invalid_argument naming the entry.
    explicit TrustedProxies(const std::vector<std::string>& networks);

    bool empty() const { return networks_.empty(); }
    bool contains(const IpAddress& address) const;

private:
    std::vector<IpNetwork> networks_;
};

// The client's address for a request from `peer` (the TCP peer) with these X-Forwarded-For
// values (every such header field, in order; a field may list several addresses, separated by
// commas). The header counts only when the peer is a trusted proxy; then the list is walked
// from the right, past trusted proxies, and the first other address is the client. An entry
// that is no address ends the walk at the last trusted hop before it: nothing left of garbage
// can be trusted. Entries may carry a port ("192.0.2.1:4711", "[2001:db8::1]:4711"). The
// answer is canonical text (to_string) when it is an address, else `peer` as given.
std::string client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                           const TrustedProxies& trusted);

} // namespace einblick::server
