#include "einblick/server/witness.hpp"

#include <httplib.h>

namespace einblick::server {
namespace {

class HttpLogEndpoint final : public LogEndpoint {
public:
    HttpLogEndpoint(const std::string& scheme_host_port, std::string prefix)
        : client_(scheme_host_port), prefix_(std::move(prefix)) {
        client_.set_connection_timeout(5);
        client_.set_read_timeout(10);
        client_.set_write_timeout(10);
    }

    Answer get(const std::string& path) override { return answer(client_.Get(prefix_ + path)); }

    Answer post_text(const std::string& path, const std::string& body) override {
        return answer(client_.Post(prefix_ + path, body, "text/plain; charset=utf-8"));
    }

private:
    static Answer answer(const httplib::Result& result) {
        if (!result) {
            return {0, httplib::to_string(result.error())};
        }
        return {result->status, result->body};
    }

    httplib::Client client_;
    std::string prefix_;
};

} // namespace

std::unique_ptr<LogEndpoint> http_log_endpoint(const std::string& base_url) {
    // "http://host:port/prefix": httplib takes the scheme, host and port; the prefix goes
    // before every path.
    const auto scheme_end = base_url.find("://");
    const auto path_start =
        base_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    std::string prefix = path_start == std::string::npos ? "" : base_url.substr(path_start);
    while (!prefix.empty() && prefix.back() == '/') {
        prefix.pop_back();
    }
    return std::make_unique<HttpLogEndpoint>(base_url.substr(0, path_start), std::move(prefix));
}

} // namespace einblick::server
