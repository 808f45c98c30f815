#include "http/client_address.hpp"

#include "core/text.hpp"

#include <charconv>

namespace keel::http {

namespace asio = boost::asio;

namespace {

std::optional<asio::ip::address> parse_address(std::string_view text) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(std::string(text), ec);
    if (ec) {
        return std::nullopt;
    }
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    return address;
}

std::vector<unsigned char> bytes_of(const asio::ip::address& address) {
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        return {bytes.begin(), bytes.end()};
    }
    const auto bytes = address.to_v6().to_bytes();
    return {bytes.begin(), bytes.end()};
}

}  // namespace

bool IpNetwork::contains(const asio::ip::address& address) const {
    if (address.is_v4() != base.is_v4()) {
        return false;
    }
    const auto want = bytes_of(base);
    const auto got = bytes_of(address);
    unsigned bits = prefix;
    for (std::size_t i = 0; i < want.size() && bits > 0; ++i) {
        const unsigned take = bits >= 8 ? 8 : bits;
        const auto mask = static_cast<unsigned char>(0xff << (8 - take));
        if ((want[i] & mask) != (got[i] & mask)) {
            return false;
        }
        bits -= take;
    }
    return true;
}

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
    TrustedProxies proxies;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto item = trim_blanks(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (item.empty()) {
            continue;
        }
        const auto slash = item.find('/');
        auto base = parse_address(item.substr(0, slash));
        if (!base) {
            return fail(ErrorCode::kInvalidArgument, "trusted proxy '" + std::string(item) + "' is not an address");
        }
        const unsigned width = base->is_v4() ? 32 : 128;
        unsigned prefix = width;
        if (slash != std::string_view::npos) {
            const auto bits = item.substr(slash + 1);
            const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
            if (ec != std::errc{} || end != bits.data() + bits.size() || prefix > width) {
                return fail(ErrorCode::kInvalidArgument, "trusted proxy '" + std::string(item) + "' has a bad prefix");
            }
        }
        proxies.networks_.push_back({*base, prefix});
    }
    return proxies;
}

bool TrustedProxies::trusts(const asio::ip::address& address) const {
    for (const auto& network : networks_) {
        if (network.contains(address)) {
            return true;
        }
    }
    return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const TrustedProxies& trusted) {
    const auto peer_address = parse_address(peer);
    if (!peer_address || !trusted.trusts(*peer_address)) {
        return std::string(peer);
    }
    std::string client = peer_address->to_string();
    while (!forwarded_for.empty()) {
        const auto comma = forwarded_for.rfind(',');
        const auto hop = trim_blanks(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        const auto address = parse_address(hop);
        if (!address) {
            break;
        }
        client = address->to_string();
        if (!trusted.trusts(*address)) {
            break;
        }
    }
    return client;
}

}  // namespace keel::http
