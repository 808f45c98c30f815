#pragma once
// Who is calling: the socket's peer, or — only when that peer is a proxy the operator trusts — the address the
// proxies recorded in X-Forwarded-For. Used for the access log and login throttling.
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "core/result.hpp"

namespace keel::http {

struct IpNetwork {
    boost::asio::ip::address base;
    unsigned prefix = 0;  // bits that must match
    bool contains(const boost::asio::ip::address& address) const;
};

class TrustedProxies {
public:
    TrustedProxies() = default;
    // "10.0.0.0/8, 192.168.1.7, ::1": addresses or CIDR networks, comma-separated; empty: trust none.
    static Result<TrustedProxies> parse(std::string_view list);
    bool trusts(const boost::asio::ip::address& address) const;
    bool empty() const { return networks_.empty(); }

private:
    std::vector<IpNetwork> networks_;
};

// Walks X-Forwarded-For from the right while each hop is a trusted proxy; the first hop that is not (or the
// leftmost) is the client. An untrusted peer's header is ignored: anyone can send one. A malformed entry
// stops the walk at the last address a trusted proxy vouched for.
std::string client_address(std::string_view peer, std::string_view forwarded_for, const TrustedProxies& trusted);

}  // namespace keel::http
