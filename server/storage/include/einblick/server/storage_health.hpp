#pragma once
// What the readiness check (/health/ready) asks of the storage, whatever backend it is, and how
// a backend says that a write failed for want of storage rather than because of the request.

#include <stdexcept>

namespace einblick::server {

// Thrown by a write the storage could not make durable (disk full, I/O error, database locked
// by someone else): nothing of it is stored, and the same request may succeed later.
class StorageUnavailable : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

class StorageHealth {
public:
    virtual ~StorageHealth() = default;
    // Whether the storage answers and takes writes: false (never an exception) when it does not
    // answer, and from a write that failed with StorageUnavailable until a write succeeds again.
    virtual bool ping() = 0;
};

} // namespace einblick::server
