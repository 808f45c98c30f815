#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/dynamic_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>

namespace keel::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string HttpReply::header(const std::string& name) const {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    auto found = headers.find(lower);
    return found == headers.end() ? std::string() : found->second;
}

HttpReply HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) const {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_)));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, host_);
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    req.body() = body;
    req.prepare_payload();
    boost::system::error_code write_ec;
    bhttp::write(socket, req, write_ec);  // the server may answer (413) and half-close before taking it all
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(socket, buffer, parser);
    auto res = parser.release();
    HttpReply reply;
    reply.status = static_cast<int>(res.result_int());
    reply.body = res.body();
    for (const auto& field : res) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        reply.headers[name] = std::string(field.value());
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    return reply;
}

HttpReply HttpClient::get(const std::string& target, const std::string& token) const {
    std::map<std::string, std::string> headers;
    if (!token.empty()) {
        headers["Authorization"] = "Bearer " + token;
    }
    return request("GET", target, {}, headers);
}

HttpReply HttpClient::post_json(const std::string& target, const std::string& json, const std::string& token) const {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!token.empty()) {
        headers["Authorization"] = "Bearer " + token;
    }
    return request("POST", target, json, headers);
}

std::string HttpClient::raw(const std::string& bytes) const {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_)));
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    std::string received;
    char chunk[4096];
    while (true) {
        const auto n = socket.read_some(asio::buffer(chunk), ec);
        received.append(chunk, n);
        if (ec) {
            break;
        }
    }
    return received;
}

}  // namespace keel::testing
