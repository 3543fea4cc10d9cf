#pragma once
// What the readiness check (/health/ready) asks of the storage, whatever backend it is.

namespace einblick::server {

class StorageHealth {
public:
    virtual ~StorageHealth() = default;
    // A cheap read that proves the storage answers; false (never an exception) when it does not.
    virtual bool ping() = 0;
};

} // namespace einblick::server
