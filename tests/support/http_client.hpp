#pragma once
// A small blocking HTTP/1.1 client for integration tests: one connection per request.
#include <map>
#include <string>

namespace keel::testing {

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string header(const std::string& name) const;
};

class HttpClient {
public:
    HttpClient(std::string host, int port) : host_(std::move(host)), port_(port) {}

    HttpReply request(const std::string& method, const std::string& target, const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {}) const;
    HttpReply get(const std::string& target, const std::string& token = {}) const;
    HttpReply post_json(const std::string& target, const std::string& json, const std::string& token = {}) const;
    // Writes raw bytes and returns what the server sent back before closing (malformed-request tests).
    std::string raw(const std::string& bytes) const;

private:
    std::string host_;
    int port_;
};

}  // namespace keel::testing
