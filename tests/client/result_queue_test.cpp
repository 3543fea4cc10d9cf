// The queue between network callbacks and the frame loop.
#include "einblick/client/result_queue.hpp"

#include <doctest/doctest.h>
#include <string>

using einblick::client::ResultQueue;

TEST_CASE("drain returns messages oldest first and empties the queue") {
    ResultQueue<std::string> queue;
    CHECK(queue.empty());
    queue.post("a");
    queue.post("b");
    CHECK(queue.size() == 2);
    const auto drained = queue.drain();
    CHECK(drained == std::vector<std::string>{"a", "b"});
    CHECK(queue.empty());
    CHECK(queue.drain().empty());
}

TEST_CASE("messages posted while handling a drain wait for the next one") {
    ResultQueue<int> queue;
    queue.post(1);
    std::vector<int> seen;
    for (int value : queue.drain()) {
        seen.push_back(value);
        queue.post(value + 1); // a handler that causes another result
    }
    CHECK(seen == std::vector<int>{1});
    CHECK(queue.drain() == std::vector<int>{2});
}
