#include "request_runner.hpp"

#include "einblick/server/http_wire.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string_view>

namespace einblick::server {
namespace {

// The request as a stream to read from, the response as a string to write to.
class MemoryStream final : public httplib::Stream {
public:
    MemoryStream(std::string_view input, const PeerAddress& peer, std::string& output)
        : input_(input), peer_(peer), output_(output) {}

    bool is_readable() const override { return position_ < input_.size(); }
    bool is_writable() const override { return true; }

    ssize_t read(char* ptr, size_t size) override {
        const std::size_t n = std::min(size, input_.size() - position_);
        std::memcpy(ptr, input_.data() + position_, n);
        position_ += n;
        return static_cast<ssize_t>(n); // 0 at the end: the request has nothing more
    }

    ssize_t write(const char* ptr, size_t size) override {
        output_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = peer_.remote_ip;
        port = peer_.remote_port;
    }

    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = peer_.local_ip;
        port = peer_.local_port;
    }

    // No socket: nothing may be done to the connection from a worker.
    socket_t socket() const override { return INVALID_SOCKET; }

private:
    std::string_view input_;
    std::size_t position_ = 0;
    const PeerAddress& peer_;
    std::string& output_;
};

} // namespace

RequestRunner::RequestRunner() {
    // httplib stops writing a content provider's body (the browser client's files) once it sees
    // its listening socket closed. The edge owns the socket, so httplib's stays "open" for as
    // long as this runner lives; no value of it is ever used as a descriptor.
    svr_sock_ = INT_MAX;
}

EdgeResponse RequestRunner::run(const EdgeRequest& request) {
    EdgeResponse response;
    response.bytes.reserve(1024);
    MemoryStream stream(request.wire, request.peer, response.bytes);
    bool client_closes = false;
    const bool ok = process_request(stream, request.must_close, client_closes, {});
    response.close =
        !ok || client_closes || request.must_close || wire::response_closes(response.bytes);
    return response;
}

} // namespace einblick::server
