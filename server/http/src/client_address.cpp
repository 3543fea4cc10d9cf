#include "einblick/server/client_address.hpp"

#include <arpa/inet.h>
#include <charconv>
#include <cstring>
#include <netinet/in.h>
#include <stdexcept>

namespace einblick::server {
namespace {

constexpr std::string_view whitespace = " \t";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

bool is_port(std::string_view text) {
    return !text.empty() && text.size() <= 5 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
}

// An X-Forwarded-For entry without its port: "[2001:db8::1]:4711" and "192.0.2.1:4711" as
// proxies write them, or the bare address. Anything else is returned as it is, and parsing
// it then fails.
std::string_view without_port(std::string_view entry) {
    if (!entry.empty() && entry.front() == '[') {
        const auto close = entry.find(']');
        if (close == std::string_view::npos) {
            return entry;
        }
        const std::string_view rest = entry.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !is_port(rest.substr(1)))) {
            return entry;
        }
        return entry.substr(1, close - 1);
    }
    const auto colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        // IPv4 with a port (IPv6 has at least two colons).
        return is_port(entry.substr(colon + 1)) ? entry.substr(0, colon) : entry;
    }
    return entry;
}

void for_each_entry(const std::vector<std::string>& fields,
                    std::vector<std::string_view>& entries) {
    for (const std::string& field : fields) {
        std::string_view rest = field;
        while (true) {
            const auto comma = rest.find(',');
            entries.push_back(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
}

} // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton wants a NUL-terminated string and accepts nothing but an address: no
    // whitespace, no zone ("fe80::1%eth0"), no prefix, no leading zeros in IPv4.
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    const std::string terminated(text);
    IpAddress address;
    in_addr v4{};
    if (inet_pton(AF_INET, terminated.c_str(), &v4) == 1) {
        address.bytes[10] = 0xff;
        address.bytes[11] = 0xff;
        std::memcpy(address.bytes.data() + 12, &v4, 4);
        return address;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, terminated.c_str(), &v6) == 1) {
        std::memcpy(address.bytes.data(), &v6, 16);
        return address;
    }
    return std::nullopt;
}

bool IpAddress::is_v4() const {
    for (std::size_t i = 0; i < 10; ++i) {
        if (bytes[i] != 0) {
            return false;
        }
    }
    return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    if (is_v4()) {
        inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
    } else {
        inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    }
    return text;
}

IpNetwork IpNetwork::parse(std::string_view text) {
    const auto slash = text.find('/');
    const auto address = IpAddress::parse(text.substr(0, slash));
    if (!address) {
        throw std::invalid_argument("'" + std::string(text) +
                                    "' is not an IP address or a CIDR network");
    }
    IpNetwork network{*address, 128};
    const int width = address->is_v4() ? 32 : 128;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        int prefix = -1;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
            prefix < 0 || prefix > width) {
            throw std::invalid_argument("'" + std::string(text) +
                                        "': the prefix length must be 0 to " +
                                        std::to_string(width));
        }
        network.prefix = prefix + (128 - width);
    }
    for (int bit = network.prefix; bit < 128; ++bit) {
        if ((network.base.bytes[bit / 8] >> (7 - bit % 8)) & 1) {
            throw std::invalid_argument("'" + std::string(text) +
                                        "' has address bits set past its prefix length");
        }
    }
    return network;
}

bool IpNetwork::contains(const IpAddress& address) const {
    const int whole = prefix / 8;
    for (int i = 0; i < whole; ++i) {
        if (address.bytes[i] != base.bytes[i]) {
            return false;
        }
    }
    const int rest = prefix % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (address.bytes[whole] & mask) == (base.bytes[whole] & mask);
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& networks) {
    for (const std::string& network : networks) {
        networks_.push_back(IpNetwork::parse(network));
    }
}

bool TrustedProxies::contains(const IpAddress& address) const {
    for (const IpNetwork& network : networks_) {
        if (network.contains(address)) {
            return true;
        }
    }
    return false;
}

std::string client_address(std::string_view peer, const std::vector<std::string>& forwarded_for,
                           const TrustedProxies& trusted) {
    const auto peer_address = IpAddress::parse(peer);
    if (!peer_address) {
        return std::string(peer);
    }
    IpAddress client = *peer_address;
    if (!trusted.contains(client)) {
        return client.to_string(); // the header is anyone's to write: ignored
    }
    std::vector<std::string_view> entries;
    for_each_entry(forwarded_for, entries);
    for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
        const auto hop = IpAddress::parse(without_port(*entry));
        if (!hop) {
            break; // garbage: the last trusted hop is all that is known
        }
        client = *hop;
        if (!trusted.contains(client)) {
            break;
        }
    }
    return client.to_string();
}

} // namespace einblick::server
