#pragma once
// Network completions are posted here and applied at the start of the next frame, so that
// application state changes only in one place and never in the middle of drawing a frame.

#include <deque>
#include <utility>
#include <vector>

namespace einblick::client {

template <class Message> class ResultQueue {
public:
    void post(Message message) { pending_.push_back(std::move(message)); }

    // Takes everything posted so far, oldest first. Messages posted while the caller handles
    // these wait for the next drain, so one frame's work stays bounded.
    std::vector<Message> drain() {
        std::vector<Message> out;
        out.reserve(pending_.size());
        while (!pending_.empty()) {
            out.push_back(std::move(pending_.front()));
            pending_.pop_front();
        }
        return out;
    }

    bool empty() const { return pending_.empty(); }
    std::size_t size() const { return pending_.size(); }

private:
    std::deque<Message> pending_;
};

} // namespace einblick::client
